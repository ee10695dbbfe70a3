import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerBenchRun } from './bench-run.js';
import { registerBenchReports } from './bench-table.js';

/** Registers `fmnist bench run | table | compare`. */
export function registerBench(program: Command, ctx: CliContext): void {
  const bench = program.command('bench').description('run the benchmark and report its results');
  registerBenchRun(bench, ctx);
  registerBenchReports(bench, ctx);
}
