import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { PipelineOptions, SplitRule } from '@fmnist/convert';
import { DataError } from '@fmnist/idx';
import type { CliContext } from '../context.js';

interface RawOptions {
  out: string;
  labels?: string;
  trainPerClass?: string;
  testFraction?: string;
  seed: string;
  sortByLabel?: boolean;
  workers: string;
  size: string;
  fuzz: string;
  background: string;
  fill: string;
  minContrast: string;
  excludeLowContrast?: boolean;
  demo?: boolean;
  demoCount: string;
  dataDir?: string;
}

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT); a rerun resumes. */
export const EXIT_INTERRUPTED = 130;

/**
 * Registers `fmnist convert INPUT --out DIR …` on `program`. Exit codes: 0 ok, 1 usage (thrown as
 * commander errors or `DataError('bad-option')`), 2 data fault (`DataError`), 130 interrupted.
 * Progress goes to stderr, the summary to stdout.
 */
export function registerConvert(program: Command, context: CliContext): Command {
  const cmd = program
    .command('convert')
    .description(
      "make an MNIST-format dataset from product pictures (the Fashion-MNIST paper's 7 steps)",
    )
    .argument(
      '[input]',
      'folder of pictures: one sub-folder per class, or the root of --labels paths',
    )
    .requiredOption('--out <dir>', 'output folder (IDX files, dataset card, resume log)')
    .option('--labels <csv>', 'CSV of "path,label" lines (paths relative to INPUT)')
    .addOption(
      new Option(
        '--train-per-class <n>',
        'training examples per class (the rest are test)',
      ).conflicts('testFraction'),
    )
    .option('--test-fraction <f>', 'share of each class for the test split (default 1/7)')
    .option('--seed <s>', 'seed of the split and the shuffle', '0')
    .option('--sort-by-label', 'store examples sorted by label (default: shuffled)')
    .option(
      '--workers <n>',
      'threads that convert, the main thread and N − 1 workers (default: one per core)',
      String(availableParallelism()),
    )
    .option('--size <n>', 'side of the output images', '28')
    .option('--fuzz <percent>', 'trim tolerance, percent of the largest RGB distance', '5')
    .option('--background <colour>', 'colour transparent pixels are flattened onto', '#fdfdfd')
    .option(
      '--fill <colour>',
      'colour of the added margins ("corner": the picture\'s own)',
      'corner',
    )
    .option('--min-contrast <levels>', 'flag products fainter than this many grey levels', '40')
    .option('--exclude-low-contrast', 'leave flagged low-contrast products out of the dataset')
    .option('--demo', 'convert thumbnails made from Fashion-MNIST test images (no INPUT needed)')
    .option('--demo-count <n>', 'thumbnails made by --demo', '1000')
    .option('--data-dir <dir>', 'where Fashion-MNIST is, for --demo')
    .action(async (input: string | undefined, raw: RawOptions) => {
      const fail = (message: string): never =>
        cmd.error(`error: ${message}`, { exitCode: 1, code: 'fmnist.usage' });
      const at = (p: string) => resolve(context.io.cwd, p);
      const out = at(raw.out);
      let source = input ? at(input) : undefined;
      // Loaded when the command runs, so that `fmnist` starts fast for every other command.
      const {
        ConversionInterrupted,
        convertDataset,
        conversionProgress,
        makeDemoThumbnails,
        parseColour,
      } = await import('@fmnist/convert');
      const colour = (text: string, flag: string) => {
        try {
          return parseColour(text);
        } catch {
          return fail(`${flag}: not a colour: "${text}" (use #rrggbb or r,g,b)`);
        }
      };
      if (raw.demo) {
        if (source) fail('give INPUT or --demo, not both');
        const count = int(raw.demoCount, '--demo-count', 1, 10_000, fail);
        source = resolve(out, 'demo-input');
        context.io.stderr.write(`making ${count} demo thumbnails in ${source}\n`);
        await makeDemoThumbnails({ dir: source, count, dataDir: raw.dataDir && at(raw.dataDir) });
      }
      if (!source) fail('missing INPUT (a folder of pictures), or use --demo');
      const split: SplitRule | undefined =
        raw.trainPerClass !== undefined
          ? { trainPerClass: int(raw.trainPerClass, '--train-per-class', 0, 1e9, fail) }
          : raw.testFraction !== undefined
            ? { testFraction: num(raw.testFraction, '--test-fraction', 0, 1, fail) }
            : undefined;
      const pipeline: PipelineOptions = {
        size: int(raw.size, '--size', 1, 4096, fail),
        fuzz: num(raw.fuzz.replace(/%$/, ''), '--fuzz', 0, 100, fail) / 100,
        background: colour(raw.background, '--background'),
        fill: raw.fill === 'corner' ? 'corner' : colour(raw.fill, '--fill'),
        minContrast: num(raw.minContrast, '--min-contrast', 0, 255, fail),
      };
      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once('SIGINT', onSigint);
      let bar: ReturnType<typeof conversionProgress> | undefined;
      let last = 0;
      try {
        const report = await convertDataset({
          input: source!,
          labels: raw.labels && at(raw.labels),
          out,
          split,
          seed: int(raw.seed, '--seed', 0, 2 ** 32 - 1, fail),
          sortByLabel: raw.sortByLabel,
          excludeLowContrast: raw.excludeLowContrast,
          workers: int(raw.workers, '--workers', 0, 256, fail),
          pipeline,
          signal: controller.signal,
          onProgress: (done, total) => {
            bar ??= conversionProgress(context.io.stderr, 'convert', total);
            bar.update(done);
            last = done;
          },
        });
        bar?.finish(last);
        const { card } = report;
        const o = context.io.stdout;
        o.write(
          `${card.splits.train} training + ${card.splits.test} test examples, ${card.classes.length} classes → ${out}\n`,
        );
        o.write(
          `converted ${card.conversions.converted}, reused ${card.conversions.fromCache}, ` +
            `skipped ${card.skipped.length}, low contrast ${card.lowContrast.length}\n`,
        );
        for (const f of report.files) o.write(`  ${f}\n`);
      } catch (e) {
        if (bar) context.io.stderr.write('\n');
        if (e instanceof ConversionInterrupted) {
          context.io.stderr.write(`fmnist convert: ${e.message}\n`);
          context.exitCode = EXIT_INTERRUPTED;
          return;
        }
        if (e instanceof RangeError) throw new DataError('bad-option', e.message);
        throw e;
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
    });
  return cmd;
}

function num(
  text: string,
  flag: string,
  lo: number,
  hi: number,
  fail: (m: string) => never,
): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < lo || v > hi) {
    fail(`${flag} must be a number from ${lo} to ${hi}, got "${text}"`);
  }
  return v;
}

function int(
  text: string,
  flag: string,
  lo: number,
  hi: number,
  fail: (m: string) => never,
): number {
  const v = num(text, flag, lo, hi, fail);
  if (!Number.isInteger(v)) fail(`${flag} must be a whole number, got "${text}"`);
  return v;
}
