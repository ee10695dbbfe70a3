import { CommanderError } from 'commander';
import { DataError, IdxFormatError } from '@fmnist/idx';
import type { CliIo } from './context.js';

/** The exit codes of `fmnist` (docs/cli.md lists them). */
export const EXIT = {
  ok: 0,
  /** Bad command line: unknown command or option, bad value. */
  usage: 1,
  /** The data is missing, corrupt, fails its checksum, or cannot be read or written. */
  data: 2,
  /** A bug: anything else; the stack is printed. */
  internal: 3,
} as const;

/** A bad command line found after parsing (commander's own errors are handled separately). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** True for Node's system errors (ENOENT, EACCES, ENOSPC, …): faults of the files, not bugs. */
function isSystemError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === 'string';
}

/** The exit code an error maps to. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode;
  // A bad grid file (`@fmnist/bench`'s GridError, known by name: the benchmark code is loaded
  // only by the commands that use it).
  if (err instanceof UsageError || (err instanceof Error && err.name === 'GridError')) {
    return EXIT.usage;
  }
  // A bad option caught by the library (say an unknown split) is still the user's command line.
  if (err instanceof DataError) return err.code === 'bad-option' ? EXIT.usage : EXIT.data;
  if (err instanceof IdxFormatError || isSystemError(err)) return EXIT.data;
  return EXIT.internal;
}

/**
 * Prints an error the way the user should see it and returns its exit code: expected faults get
 * one clear message without a stack; only bugs (exit 3) show the stack.
 */
export function reportError(err: unknown, io: CliIo): number {
  const code = exitCodeFor(err);
  // Commander has already printed its own message (through configureOutput).
  if (err instanceof CommanderError) return code;
  if (code === EXIT.internal) {
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    io.stderr.write(`fmnist: internal error: ${text}\n`);
  } else {
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`fmnist: ${message}\n`);
    if (code === EXIT.usage) io.stderr.write(`Run \`fmnist --help\` for usage.\n`);
  }
  return code;
}
