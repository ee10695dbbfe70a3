import { InvalidArgumentError, Option } from 'commander';
import { resolve } from 'node:path';
import { DATASETS, datasetSpec, type DatasetSpec, type Split } from '@fmnist/idx';

/** `--dataset fashion|mnist` (default fashion). */
export function datasetOption(): Option {
  return new Option('--dataset <name>', 'which dataset')
    .choices(Object.keys(DATASETS))
    .default('fashion');
}

/** `--dir <dir>`: the folder holding the files, instead of the search path. */
export function dirOption(what = 'folder holding the dataset files'): Option {
  return new Option(
    '--dir <dir>',
    `${what} (default: $FMNIST_DATA, the user cache, then Debian's copy)`,
  );
}

/** `--split` with the given choices. */
export function splitOption<T extends string>(choices: readonly T[], fallback: T): Option {
  return new Option('--split <split>', 'which split').choices(choices).default(fallback);
}

/** A parser for a TCP port, 0..65535 (0 = any free port). */
export function portArg(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535)
    throw new InvalidArgumentError(`expected a port 0..65535, got "${value}".`);
  return n;
}

/** A parser for a whole number ≥ `min`, raising commander's usage error otherwise. */
export function intArg(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`expected a whole number ≥ ${min}, got "${value}".`);
    }
    return n;
  };
}

/** Parses a duration: `90s`, `30m`, `2h`, or plain seconds. */
export function parseDuration(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(value);
  if (!m)
    throw new InvalidArgumentError(`expected a duration like 90s, 30m or 2h, got "${value}".`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

/** The spec of a `--dataset` value (already checked against the choices). */
export function specOf(name: string): DatasetSpec {
  return datasetSpec(name);
}

/** The splits a `--split train|test|both` value stands for. */
export function splitsOf(value: string): Split[] {
  return value === 'both' ? ['train', 'test'] : [value as Split];
}

/** A user path made absolute against the command's working folder. */
export function absolute(cwd: string, path: string): string;
export function absolute(cwd: string, path: string | undefined): string | undefined;
export function absolute(cwd: string, path: string | undefined): string | undefined {
  return path === undefined ? undefined : resolve(cwd, path);
}
