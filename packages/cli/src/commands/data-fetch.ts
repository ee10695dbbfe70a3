import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  createProgressReporter,
  FETCH_DEFAULTS,
  FetchError,
  fetchDataset,
  type FetchReport,
} from '@fmnist/idx/node';
import type { CliContext, Writer } from '../context.js';
import { absolute, datasetOption, parseDuration, specOf } from './options.js';

interface FetchOpts {
  dataset: string;
  dir?: string;
  mirror?: string[];
  mirrorsOnly?: boolean;
  force?: boolean;
  timeout: number;
  idleTimeout: number;
}

/** Registers `fmnist data fetch`. */
export function registerDataFetch(data: Command, ctx: CliContext): void {
  data
    .command('fetch')
    .description('download a dataset (verified) into the user cache or --dir')
    .addOption(datasetOption())
    .option('--dir <dir>', 'target folder (default: the user cache, ~/.cache/fmnist/<dataset>)')
    .option('--mirror <url...>', 'extra base URLs, tried before the official ones')
    .option('--mirrors-only', 'use only the --mirror URLs, never the official ones')
    .option('--force', 're-download even if a verified copy is present')
    .addOption(
      new Option(
        '--timeout <duration>',
        'give up on a source that has not responded after this long (connect and first byte); it is then set aside for the run',
      )
        .argParser(positiveDuration)
        .default(FETCH_DEFAULTS.connectTimeoutMs, `${FETCH_DEFAULTS.connectTimeoutMs / 1000}s`),
    )
    .addOption(
      new Option(
        '--idle-timeout <duration>',
        'give up on a download that sends no byte for this long',
      )
        .argParser(positiveDuration)
        .default(FETCH_DEFAULTS.idleTimeoutMs, `${FETCH_DEFAULTS.idleTimeoutMs / 1000}s`),
    )
    .action(async (opts: FetchOpts) => {
      const reporter = createProgressReporter({ stream: ctx.io.stderr });
      let report;
      try {
        report = await fetchDataset(specOf(opts.dataset), {
          dir: absolute(ctx.io.cwd, opts.dir),
          mirrors: opts.mirror,
          mirrorsOnly: opts.mirrorsOnly,
          force: opts.force,
          connectTimeoutMs: opts.timeout,
          idleTimeoutMs: opts.idleTimeout,
          onProgress: reporter.onProgress,
        });
      } catch (e) {
        reporter.close();
        // The files that did arrive are verified and kept: say where, then the error (exit 2).
        if (e instanceof FetchError) printReport(e.report, ctx.io.stdout);
        throw e;
      } finally {
        reporter.close(); // ends a progress line left open on a terminal
      }
      printReport(report, ctx.io.stdout);
    });
}

function printReport(report: FetchReport, out: Writer): void {
  for (const f of report.files) out.write(`${f.status.padEnd(10)}  ${f.path}\n`);
  out.write(`${report.dir}\n`);
}

/** A duration (see {@link parseDuration}) above zero. */
function positiveDuration(value: string): number {
  const ms = parseDuration(value);
  if (!(ms >= 1)) throw new InvalidArgumentError(`expected a duration above 0, got "${value}".`);
  return ms;
}
