import type { Command } from 'commander';
import { createProgressReporter, fetchDataset } from '@fmnist/idx/node';
import type { CliContext } from '../context.js';
import { absolute, datasetOption, specOf } from './options.js';

/** Registers `fmnist data fetch`. */
export function registerDataFetch(data: Command, ctx: CliContext): void {
  data
    .command('fetch')
    .description('download a dataset (verified) into the user cache or --dir')
    .addOption(datasetOption())
    .option('--dir <dir>', 'target folder (default: the user cache, ~/.cache/fmnist/<dataset>)')
    .option('--mirror <url...>', 'extra base URLs, tried before the official ones')
    .option('--force', 're-download even if a verified copy is present')
    .action(async (opts: { dataset: string; dir?: string; mirror?: string[]; force?: boolean }) => {
      const reporter = createProgressReporter({ stream: ctx.io.stderr });
      let report;
      try {
        report = await fetchDataset(specOf(opts.dataset), {
          dir: absolute(ctx.io.cwd, opts.dir),
          mirrors: opts.mirror,
          force: opts.force,
          onProgress: reporter.onProgress,
        });
      } finally {
        reporter.close(); // ends a progress line left open on a terminal
      }
      for (const f of report.files) ctx.io.stdout.write(`${f.status.padEnd(10)}  ${f.path}\n`);
      ctx.io.stdout.write(`${report.dir}\n`);
    });
}
