import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { loadDataset, type DatasetSpec, type Split } from '@fmnist/idx';
import type { CliContext } from '../context.js';
import { writeFileAtomic } from '../export/atomic-write.js';
import { buildExamplesGrid, selectExamples } from '../images/examples-grid.js';
import type { RenderedExamples } from '../images/render-examples.js';
import { absolute, datasetOption, dirOption, intArg, specOf, splitOption } from './options.js';

/** Options of {@link writeExamples}. */
export interface ShowOptions {
  split?: Split;
  perClass?: number;
  /** Pixel magnification; default 2. */
  scale?: number;
  /** Seeded sample instead of the first `perClass` of each class. */
  seed?: number;
  dataDir?: string;
  download?: boolean;
}

/** Loads a split, draws the examples grid with class names and writes it as a PNG at `out`. */
export async function writeExamples(
  spec: DatasetSpec,
  out: string,
  options: ShowOptions = {},
): Promise<RenderedExamples & { path: string; picks: number[][] }> {
  const data = await loadDataset(spec, {
    split: options.split ?? 'test',
    dataDir: options.dataDir,
    download: options.download,
  });
  const picks = selectExamples(
    data.labels,
    spec.classNames.length,
    options.perClass ?? 10,
    options.seed,
  );
  const scale = options.scale ?? 2;
  const grid = buildExamplesGrid(data.images, data.rows, data.cols, picks, {
    scale,
    gap: 2 * scale,
  });
  const { renderExamplesPng } = await import('../images/render-examples.js'); // sharp: when needed
  const rendered = await renderExamplesPng(grid, spec.classNames);
  await mkdir(dirname(out), { recursive: true });
  await writeFileAtomic(out, rendered.png);
  return { ...rendered, path: out, picks };
}

/** Registers `fmnist data show`. */
export function registerDataShow(data: Command, ctx: CliContext): void {
  data
    .command('show')
    .description('write a PNG grid of examples: one row per class, class names beside the rows')
    .addOption(datasetOption())
    .addOption(dirOption())
    .addOption(splitOption(['train', 'test'], 'test'))
    .option('--per-class <n>', 'examples per class', intArg(1), 10)
    .option('--scale <n>', 'pixel magnification', intArg(1), 2)
    .option('--seed <n>', 'seeded sample instead of the first examples of each class', intArg(0))
    .option('--out <file>', 'PNG to write', 'examples.png')
    .action(
      async (opts: {
        dataset: string;
        dir?: string;
        split: Split;
        perClass: number;
        scale: number;
        seed?: number;
        out: string;
      }) => {
        const result = await writeExamples(specOf(opts.dataset), absolute(ctx.io.cwd, opts.out), {
          split: opts.split,
          perClass: opts.perClass,
          scale: opts.scale,
          seed: opts.seed,
          dataDir: absolute(ctx.io.cwd, opts.dir),
        });
        ctx.io.stdout.write(`${result.path} (${result.width}×${result.height})\n`);
      },
    );
}
