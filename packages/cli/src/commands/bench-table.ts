import { Option, type Command } from 'commander';
import type { BenchRecord } from '@fmnist/bench';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { absolute } from './options.js';

type Format = 'text' | 'markdown' | 'csv';
const formatOption = () =>
  new Option('--format <format>', 'output format')
    .choices(['text', 'markdown', 'csv'])
    .default('text');

/** The benchmark code, loaded when a command runs (so that `fmnist` starts fast). */
const benchCode = () => import('@fmnist/bench');

/** Reads a results file, telling the user (stderr) how many lines were skipped. */
async function load(ctx: CliContext, file: string): Promise<BenchRecord[]> {
  const path = absolute(ctx.io.cwd, file);
  const read = (await benchCode()).readResults(path);
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
      async (
        file: string,
        o: { sort: 'acc' | 'time' | 'name'; only?: string; format: Format; all?: boolean },
      ) => {
        const { formatFamilySummary, formatTable, resolveFamilies } = await benchCode();
        const records = await load(ctx, file);
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
    .action(async (a: string, b: string, o: { labels: string; format: Format }) => {
      const labels = o.labels.split(',');
      if (labels.length !== 2)
        throw new UsageError(`--labels needs two comma-separated names, got "${o.labels}".`);
      const { compareRecords, formatComparison } = await benchCode();
      const cs = compareRecords(await load(ctx, a), await load(ctx, b));
      ctx.io.stdout.write(`${formatComparison(cs, [labels[0], labels[1]], o.format)}\n`);
    });
}
