import { join } from 'node:path';
import type { Command } from 'commander';
import { FASHION_MNIST } from '@fmnist/idx';
import { createProgressReporter, fetchDataset, findSplit } from '@fmnist/idx/node';
import { benchProgress } from '../bench/bench-progress.js';
import type { CliContext } from '../context.js';
import { reportError } from '../errors.js';
import { portArg } from './options.js';
import { datasetInfo, printInfo } from './data-info.js';
import { writeExamples } from './data-show.js';

/** What the quick benchmark is, as the terminal says it (the page says it from the records). */
const QUICK =
  'the quick benchmark (baselines.json on a stratified 10,000/2,000 subsample, 1 repeat)';

/**
 * Registers `fmnist start` (what `npm start` runs): Fashion-MNIST's data info, downloading into the
 * user cache (with the progress display) when no copy exists; the examples grid written to
 * `out/examples.png` under the working folder; then the dashboard at once, while the quick
 * benchmark (`out/quick-results.jsonl`, resumed if interrupted) runs in the same process and the
 * page fills in live. Ctrl-C stops both; the finished records stay for the next start.
 */
export function registerStart(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description(
      'data info on Fashion-MNIST (downloading it if needed), out/examples.png, then the dashboard while the quick benchmark fills it',
    )
    .option('--no-bench', 'skip the quick benchmark')
    .option('--no-serve', 'do not serve the dashboard (the quick benchmark runs in the foreground)')
    .option('--port <port>', 'dashboard port (0 = any free port)', portArg, 8080)
    .option(
      '--only <families>',
      'quick benchmark of these families only (sklearn names or KNN, SVC, RF, …; comma-separated)',
    )
    .action(async (o: { bench: boolean; serve: boolean; port: number; only?: string }) => {
      const only = o.only
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const { formatTable, readResults, runGrid } = await import('@fmnist/bench');
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
      ctx.io.stdout.write(`\nexamples grid: ${path}\n\n`);
      const results = join(ctx.io.cwd, 'out', 'quick-results.jsonl');

      // One Ctrl-C stops the benchmark and the dashboard; a second one leaves at once.
      const stop = new AbortController();
      const onSignal = () => {
        if (stop.signal.aborted) process.exit(130);
        stop.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const stopped = new Promise<void>((resolve) =>
        stop.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
      const progress = o.bench ? benchProgress(ctx.io.stderr) : undefined;
      try {
        const server =
          o.serve &&
          (await (
            await import('@fmnist/dashboard/serve')
          ).serveDashboard(
            {
              results: [results],
              port: o.port,
              dataDir: info.splits[0]?.source,
              run: progress && {
                file: 0,
                title: `the quick benchmark${only ? ` (${only.join(', ')} only)` : ''}`,
                progress: progress.progress,
              },
            },
            ctx.io,
          ));
        if (server)
          ctx.io.stdout.write(
            o.bench
              ? `\n${QUICK[0].toUpperCase()}${QUICK.slice(1)} runs now; the page fills in as jobs finish.\n` +
                  'Ctrl-C stops both; finished jobs are kept and the next start resumes.\n'
              : 'Ctrl-C stops the dashboard.\n',
          );
        if (progress) {
          if (!server) ctx.io.stdout.write(`${QUICK}:\n`);
          const finished = await runGrid({
            grid: 'baselines',
            datasets: ['fashion'],
            only,
            quick: true,
            out: results,
            dataDir: info.splits[0]?.source,
            timeoutMs: 3 * 60_000,
            onEvent: progress,
            signal: stop.signal,
          }).then(
            () => true,
            (e: unknown) => {
              if (stop.signal.aborted) return false;
              // The dashboard stays up (the results and the dataset are still worth a look).
              if (!server) throw e;
              ctx.exitCode = reportError(e, ctx.io);
              return false;
            },
          );
          progress.end();
          if (finished) {
            ctx.io.stdout.write(
              `${formatTable(readResults(results).records)}\nresults: ${results}\n`,
            );
            if (server) ctx.io.stdout.write(`dashboard: ${server.url} (Ctrl-C stops it)\n`);
          }
        }
        if (server) {
          await stopped;
          await server.close();
        }
      } finally {
        progress?.end();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
