import { Option, type Command } from 'commander';
import {
  compareRecords,
  formatComparison,
  formatFamilySummary,
  formatTable,
  readResults,
  resolveFamilies,
  type BenchRecord,
} from '@fmnist/bench';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { absolute } from './options.js';

type Format = 'text' | 'markdown' | 'csv';
const formatOption = () =>
  new Option('--format <format>', 'output format')
    .choices(['text', 'markdown', 'csv'])
    .default('text');

/** Reads a results file, telling the user (stderr) how many lines were skipped. */
function load(ctx: CliContext, file: string): BenchRecord[] {
  const path = absolute(ctx.io.cwd, file);
  const read = readResults(path);
  if (read.records.length === 0 && read.badLines.length === 0) {
    throw new UsageError(
      `${path}: no results (missing or empty file). Run \`fmnist bench run --out ${file}\` first.`,
    );
  }
  if (read.badLines.length > 0)
    ctx.io.stderr.write(`${path}: skipped ${read.badLines.length} malformed line(s)\n`);
  return read.records;
}

/** Registers `fmnist bench table` and `fmnist bench compare`. */
export function registerBenchReports(bench: Command, ctx: CliContext): void {
  bench
    .command('table')
    .description(
      'the Table-3 view of a results file (classifier, parameters, Fashion and MNIST accuracy, time) and a per-family summary',
    )
    .argument('<results>', 'results file (JSON lines)')
    .addOption(
      new Option('--sort <key>', 'row order').choices(['acc', 'time', 'name']).default('acc'),
    )
    .option('--only <families>', 'comma-separated families (sklearn names or KNN, SVC, RF, …)')
    .addOption(formatOption())
    .option('--all', 'include jobs that did not run (unsupported, cannot_create, timeout, failed)')
    .action(
      (
        file: string,
        o: { sort: 'acc' | 'time' | 'name'; only?: string; format: Format; all?: boolean },
      ) => {
        const records = load(ctx, file);
        const only = o.only ? resolveFamilies(o.only.split(',').map((s) => s.trim())) : undefined;
        ctx.io.stdout.write(
          `${formatTable(records, { sort: o.sort, only, format: o.format, all: o.all })}\n\n`,
        );
        ctx.io.stdout.write(
          `${formatFamilySummary(only ? records.filter((r) => only.includes(r.name)) : records, o.format)}\n`,
        );
      },
    );
  bench
    .command('compare')
    .description(
      'differences in accuracy and time between two results files (e.g. sklearn vs fmnist)',
    )
    .argument('<a>', 'first results file (the baseline)')
    .argument('<b>', 'second results file')
    .option('--labels <a,b>', 'column labels of the two files', 'a,b')
    .addOption(formatOption())
    .action((a: string, b: string, o: { labels: string; format: Format }) => {
      const labels = o.labels.split(',');
      if (labels.length !== 2)
        throw new UsageError(`--labels needs two comma-separated names, got "${o.labels}".`);
      const cs = compareRecords(load(ctx, a), load(ctx, b));
      ctx.io.stdout.write(`${formatComparison(cs, [labels[0], labels[1]], o.format)}\n`);
    });
}
