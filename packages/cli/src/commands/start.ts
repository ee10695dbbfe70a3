import { join } from 'node:path';
import type { Command } from 'commander';
import { FASHION_MNIST } from '@fmnist/idx';
import { createProgressReporter, fetchDataset, findSplit } from '@fmnist/idx/node';
import type { CliContext } from '../context.js';
import { datasetInfo, printInfo } from './data-info.js';
import { writeExamples } from './data-show.js';

/**
 * Registers `fmnist start` (what `npm start` runs): Fashion-MNIST's data info, downloading into the
 * user cache (with the progress display) when no copy exists, and the examples grid written to
 * `out/examples.png` under the working folder.
 */
export function registerStart(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description('data info on Fashion-MNIST (downloading it if needed) and out/examples.png')
    .action(async () => {
      let dataDir: string | undefined;
      if (!findSplit(FASHION_MNIST, 'train') || !findSplit(FASHION_MNIST, 'test')) {
        ctx.io.stderr.write('Fashion-MNIST not found locally: downloading it into the cache.\n');
        const reporter = createProgressReporter({ stream: ctx.io.stderr });
        try {
          dataDir = (await fetchDataset(FASHION_MNIST, { onProgress: reporter.onProgress })).dir;
        } finally {
          reporter.close();
        }
      }
      const info = await datasetInfo(FASHION_MNIST, { dataDir });
      printInfo(info, ctx.io.stdout);
      const out = join(ctx.io.cwd, 'out', 'examples.png');
      const { path } = await writeExamples(FASHION_MNIST, out, { dataDir: info.splits[1]?.source });
      ctx.io.stdout.write(`\nexamples grid: ${path}\n`);
    });
}
