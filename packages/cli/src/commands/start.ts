import { join } from 'node:path';
import type { Command } from 'commander';
import { FASHION_MNIST } from '@fmnist/idx';
import { createProgressReporter, fetchDataset, findSplit } from '@fmnist/idx/node';
import { benchProgress } from '../bench/bench-progress.js';
import type { CliContext } from '../context.js';
import { intArg } from './options.js';
import { datasetInfo, printInfo } from './data-info.js';
import { writeExamples } from './data-show.js';

/**
 * Registers `fmnist start` (what `npm start` runs): Fashion-MNIST's data info, downloading into the
 * user cache (with the progress display) when no copy exists; the examples grid written to
 * `out/examples.png` under the working folder; the quick benchmark (`out/quick-results.jsonl`,
 * resumed if interrupted) and its table; then the dashboard on those results until Ctrl-C.
 */
export function registerStart(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description(
      'data info on Fashion-MNIST (downloading it if needed), out/examples.png, the quick benchmark, then the dashboard',
    )
    .option('--no-bench', 'skip the quick benchmark')
    .option('--no-serve', 'do not serve the dashboard at the end')
    .option('--port <port>', 'dashboard port', intArg(0), 8080)
    .action(async (o: { bench: boolean; serve: boolean; port: number }) => {
      const { formatTable, readResults, runGrid } = await import('@fmnist/bench');
      const { serveDashboard, untilSignal } = await import('@fmnist/dashboard/cli');
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
      const results = join(ctx.io.cwd, 'out', 'quick-results.jsonl');
      if (o.bench) {
        ctx.io.stdout.write(
          '\nquick benchmark (baselines.json, 10,000/2,000 stratified subsample, 1 repeat):\n',
        );
        const progress = benchProgress(ctx.io.stderr);
        await runGrid({
          grid: 'baselines',
          datasets: ['fashion'],
          quick: true,
          out: results,
          dataDir: info.splits[0]?.source,
          timeoutMs: 3 * 60_000,
          onEvent: progress,
        }).finally(() => progress.end());
        ctx.io.stdout.write(`${formatTable(readResults(results).records)}\nresults: ${results}\n`);
      }
      if (o.serve) {
        const server = await serveDashboard(
          { results: [results], port: o.port, dataDir: info.splits[0]?.source },
          ctx.io,
        );
        ctx.io.stdout.write('Ctrl-C stops the dashboard.\n');
        await untilSignal(server);
      }
    });
}
