import type { Command } from 'commander';
import { loadDataset, splitFiles, type DatasetSpec, type Split } from '@fmnist/idx';
import { checkFile, fileIn } from '@fmnist/idx/node';
import type { CliContext, Writer } from '../context.js';
import { classCounts, pixelMeanStd, type ClassCount } from '../stats/split-stats.js';
import { absolute, datasetOption, dirOption, specOf, splitOption, splitsOf } from './options.js';

/** What `fmnist data info` reports about one split. */
export interface SplitInfo {
  split: Split;
  count: number;
  rows: number;
  cols: number;
  classes: ClassCount[];
  /** The folder the files were read from, and how it was found (explicit, env, cache, debian, download). */
  source: string;
  foundBy: string;
  /** Worst verdict of the split's two files: ok, unverifiable, mismatch, missing or unreadable. */
  checksum: string;
  /** Pixel mean and population standard deviation, 0..255 scale. */
  pixelMean: number;
  pixelStd: number;
}

/** What `fmnist data info` reports about a dataset. */
export interface DatasetInfo {
  dataset: string;
  title: string;
  splits: SplitInfo[];
}

/** Options of {@link datasetInfo}. */
export interface InfoOptions {
  splits?: Split[];
  dataDir?: string;
  /** Download into the user cache when no copy is found. */
  download?: boolean;
}

// Ordered from best to worst: a split's verdict is the worst of its two files.
const VERDICTS = ['ok', 'unverifiable', 'mismatch', 'missing', 'unreadable'];

/** Loads each split and computes counts, per-class counts, pixel statistics and checksum status. */
export async function datasetInfo(
  spec: DatasetSpec,
  options: InfoOptions = {},
): Promise<DatasetInfo> {
  const splits: SplitInfo[] = [];
  for (const split of options.splits ?? ['train', 'test']) {
    const data = await loadDataset(spec, {
      split,
      dataDir: options.dataDir,
      download: options.download,
    });
    // Check the very files the data came from, not whatever the search path finds first.
    const statuses = await Promise.all(
      Object.values(splitFiles(spec, split)).map(async (file) => {
        const path = fileIn(data.source, file);
        return path ? (await checkFile(file, path)).status : 'missing';
      }),
    );
    const worst = Math.max(...statuses.map((s) => VERDICTS.indexOf(s)));
    const { mean, std } = pixelMeanStd(data.images);
    splits.push({
      split,
      count: data.n,
      rows: data.rows,
      cols: data.cols,
      classes: classCounts(data.labels, spec.classNames),
      source: data.source,
      foundBy: data.foundBy,
      checksum: VERDICTS[worst] ?? 'unknown',
      pixelMean: mean,
      pixelStd: std,
    });
  }
  return { dataset: spec.name, title: spec.title, splits };
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** Prints {@link DatasetInfo} as a short human-readable report. */
export function printInfo(info: DatasetInfo, out: Writer): void {
  out.write(`${info.title} (${info.dataset})\n`);
  for (const s of info.splits) {
    out.write(
      `\n${s.split}: ${fmt(s.count)} images of ${s.rows}×${s.cols}\n` +
        `  source    ${s.source} (${s.foundBy})\n` +
        `  checksum  ${s.checksum}\n` +
        `  pixels    mean ${s.pixelMean.toFixed(2)}, std ${s.pixelStd.toFixed(2)} (0..255)\n`,
    );
    const width = Math.max(...s.classes.map((c) => c.name.length));
    for (const c of s.classes) {
      out.write(
        `  ${String(c.label).padStart(2)}  ${c.name.padEnd(width)}  ${fmt(c.count).padStart(7)}\n`,
      );
    }
  }
}

/** Registers `fmnist data info`. */
export function registerDataInfo(data: Command, ctx: CliContext): void {
  data
    .command('info')
    .description('per split: counts, per-class counts, source, checksum status, pixel mean/std')
    .addOption(datasetOption())
    .addOption(dirOption())
    .addOption(splitOption(['train', 'test', 'both'], 'both'))
    .option('--json', 'print JSON instead of text')
    .action(async (opts: { dataset: string; dir?: string; split: string; json?: boolean }) => {
      const info = await datasetInfo(specOf(opts.dataset), {
        splits: splitsOf(opts.split),
        dataDir: absolute(ctx.io.cwd, opts.dir),
      });
      if (opts.json) ctx.io.stdout.write(JSON.stringify(info, null, 2) + '\n');
      else printInfo(info, ctx.io.stdout);
    });
}
