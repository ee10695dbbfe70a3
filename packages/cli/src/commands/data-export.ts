import { mkdir } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { loadDataset, type DatasetSpec, type Split } from '@fmnist/idx';
import type { CliContext, Writer } from '../context.js';
import { EXPORT_FORMATS, type ExportFormat } from '../export/formats.js';
import { countProgress } from '../progress/count-progress.js';
import {
  absolute,
  datasetOption,
  dirOption,
  intArg,
  specOf,
  splitOption,
  splitsOf,
} from './options.js';

/** Options of {@link exportDataset}. */
export interface ExportOptions {
  format: ExportFormat;
  splits: Split[];
  outDir: string;
  /** At most this many examples per split (the first ones). */
  limit?: number;
  dataDir?: string;
  /** Where progress goes (stderr); none when absent. */
  progress?: Writer;
}

/** Writes the chosen splits in one format under `outDir`; returns the files written per split. */
export async function exportDataset(
  spec: DatasetSpec,
  options: ExportOptions,
): Promise<{ split: Split; count: number; files: string[] }[]> {
  const exporter = EXPORT_FORMATS[options.format];
  const results = [];
  for (const split of options.splits) {
    const data = await loadDataset(spec, { split, dataDir: options.dataDir });
    const count = Math.min(data.n, options.limit ?? data.n);
    await mkdir(options.outDir, { recursive: true }); // only once there is data to write
    const bar = options.progress
      ? countProgress(options.progress, `export ${options.format} ${split}`, count)
      : undefined;
    const files = await exporter({
      split: data,
      classNames: spec.classNames,
      outDir: options.outDir,
      count,
      progress: (done) => bar?.update(done),
    });
    bar?.finish();
    results.push({ split, count, files });
  }
  return results;
}

/** Registers `fmnist data export`. */
export function registerDataExport(data: Command, ctx: CliContext): void {
  data
    .command('export')
    .description(
      'write the dataset as PNG folders, CSV, NPY or JSONL (see docs/cli.md for layouts)',
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(Object.keys(EXPORT_FORMATS))
        .makeOptionMandatory(),
    )
    .addOption(datasetOption())
    .addOption(dirOption())
    .addOption(splitOption(['train', 'test', 'both'], 'both'))
    .option('--limit <n>', 'only the first n examples of each split', intArg(0))
    .requiredOption('--out <dir>', 'output folder')
    .action(
      async (opts: {
        format: ExportFormat;
        dataset: string;
        dir?: string;
        split: string;
        limit?: number;
        out: string;
      }) => {
        const results = await exportDataset(specOf(opts.dataset), {
          format: opts.format,
          splits: splitsOf(opts.split),
          outDir: absolute(ctx.io.cwd, opts.out),
          limit: opts.limit,
          dataDir: absolute(ctx.io.cwd, opts.dir),
          progress: ctx.io.stderr,
        });
        for (const r of results) {
          const where =
            r.files.length > 2 ? `${r.files.length} files under ${opts.out}` : r.files.join(', ');
          ctx.io.stdout.write(
            `${r.split}: ${r.count.toLocaleString('en-US')} examples -> ${where}\n`,
          );
        }
      },
    );
}
