import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import { intArg } from './options.js';

/** Registers `fmnist data sprite`: TensorBoard projector files of a split. */
export function registerDataSprite(data: Command, ctx: CliContext): Command {
  return data
    .command('sprite')
    .description('TensorBoard projector files: sprite.png (all images), metadata.tsv, config')
    .requiredOption('--out <dir>', 'output folder (created if missing)')
    .addOption(
      new Option('--split <split>', 'which split').choices(['train', 'test']).default('test'),
    )
    .addOption(
      new Option('--dataset <name>', 'which dataset')
        .choices(['fashion', 'mnist'])
        .default('fashion'),
    )
    .option('--dir <dir>', "the dataset's folder (default: the search path)")
    .option('--limit <n>', 'only the first n images', intArg(1))
    .option('--invert', 'dark on white, as upstream sprites')
    .action(
      async (opts: {
        out: string;
        split: 'train' | 'test';
        dataset: 'fashion' | 'mnist';
        dir?: string;
        limit?: number;
        invert?: boolean;
      }) => {
        const { writeSprite } = await import('@fmnist/dashboard'); // sharp: loaded when needed
        const r = await writeSprite({
          out: resolve(ctx.io.cwd, opts.out),
          split: opts.split,
          dataset: opts.dataset,
          dataDir: opts.dir && resolve(ctx.io.cwd, opts.dir),
          limit: opts.limit,
          invert: opts.invert,
        });
        ctx.io.stdout.write(
          `sprite: ${r.sprite} (${r.n} images, ${r.side}×${r.side} tiles, ${r.size}×${r.size} px)\n` +
            `metadata: ${r.metadata}\nconfig: ${r.config}\n`,
        );
      },
    );
}
