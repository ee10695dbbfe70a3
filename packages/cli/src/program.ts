import { Command } from 'commander';
import { DataError } from '@fmnist/idx';
import { setDefaultThreads } from '@fmnist/ml/threads';
import { registerBench } from './commands/bench.js';
import { registerConvert } from './commands/convert.js';
import { registerDataExport } from './commands/data-export.js';
import { registerDataFetch } from './commands/data-fetch.js';
import { registerDataInfo } from './commands/data-info.js';
import { registerDataShow } from './commands/data-show.js';
import { registerDataSprite } from './commands/data-sprite.js';
import { registerDataVerify } from './commands/data-verify.js';
import { registerServe } from './commands/serve.js';
import { registerStart } from './commands/start.js';
import { processIo, type CliContext, type CliIo } from './context.js';
import { reportError } from './errors.js';

/** Builds the `fmnist` command tree, writing through `ctx.io` and never exiting the process. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('fmnist')
    .description(
      'Fashion-MNIST in TypeScript: the data, the benchmark and the tools to look at them.',
    )
    // Inherited by every subcommand created below: throw instead of exit, write through io.
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
    })
    .showHelpAfterError('(add --help for usage)');
  registerStart(program, ctx);
  const data = program
    .command('data')
    .description('get, verify, describe, show and export the datasets');
  registerDataFetch(data, ctx);
  registerDataVerify(data, ctx);
  registerDataInfo(data, ctx);
  registerDataShow(data, ctx);
  registerDataExport(data, ctx);
  registerDataSprite(data, ctx);
  registerBench(program, ctx);
  registerServe(program, ctx);
  registerConvert(program, ctx);
  return program;
}

/**
 * FMNIST_THREADS (the threads of kernels and estimators, default one per core) is read here, by
 * the application, and handed to the library; library code reads no environment variable.
 */
function applyThreadsFromEnv(value: string | undefined): void {
  if (value === undefined || value === '') {
    setDefaultThreads(undefined);
    return;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new DataError('bad-option', `FMNIST_THREADS must be a whole number ≥ 1, got "${value}".`);
  setDefaultThreads(n);
}

/**
 * Runs `fmnist` on `argv` (as `process.argv`: node, script, then arguments) and resolves to the
 * exit code: 0 ok, 1 usage, 2 data fault, 3 bug. Tests call it in-process with their own `io`.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const ctx: CliContext = { io, exitCode: 0 };
  try {
    applyThreadsFromEnv(process.env.FMNIST_THREADS);
    await buildProgram(ctx).parseAsync([...argv], { from: 'node' });
    return ctx.exitCode;
  } catch (err) {
    return reportError(err, io);
  }
}
