import { Option, type Command } from 'commander';
import type { BenchDataset } from '@fmnist/bench';
import { benchProgress } from '../bench/bench-progress.js';
import type { CliContext } from '../context.js';
import { absolute, intArg, parseDuration } from './options.js';

interface RunOpts {
  grid: string;
  dataset: 'fashion' | 'mnist' | 'both';
  only?: string;
  quick?: boolean;
  workers?: number;
  timeout: number;
  out: string;
  rerun?: boolean;
  repeats?: number;
  seed: number;
  dir?: string;
  share: boolean;
  faithfulSolvers?: boolean;
}

/** Registers `fmnist bench run`. */
export function registerBenchRun(bench: Command, ctx: CliContext): void {
  bench
    .command('run')
    .description("run the benchmark grid by the upstream runner's protocol (resumable, parallel)")
    .option(
      '--grid <grid>',
      'baselines (baselines.json), paper (Table 3 configs) or a grid file',
      'baselines',
    )
    .addOption(
      new Option('--dataset <name>', 'which dataset(s)')
        .choices(['fashion', 'mnist', 'both'])
        .default('fashion'),
    )
    .option(
      '--only <families>',
      'comma-separated classifier families (sklearn names or KNN, SVC, RF, …)',
    )
    .option('--quick', 'stratified 10,000/2,000 subsample and 1 repeat: the grid in minutes')
    .option('--workers <n>', 'parallel jobs (default: the core count)', intArg(1))
    .addOption(
      new Option('--timeout <duration>', 'time limit per job (90s, 30m, 2h)')
        .argParser(parseDuration)
        .default(parseDuration('30m'), '30m'),
    )
    .option('--out <file>', 'results file (JSON lines, appended to)', 'results.jsonl')
    .option('--rerun', 'run jobs again even if the results file has them')
    .option(
      '--repeats <n>',
      'repeats per job (default 2 as upstream, 1 with --quick; the paper used 5)',
      intArg(1),
    )
    .option('--seed <n>', 'seed of subsampling, shuffles and estimators', intArg(0), 0)
    .option('--dir <dir>', 'folder holding the dataset files (default: the search path)')
    .option('--no-share', 'run every configuration alone (no shared work between configurations)')
    .option(
      '--faithful-solvers',
      "sklearn's own solvers everywhere (default: exact fast ones where measured, SVC linear C ≥ 10 'interior-point', LogisticRegression l1 'liblinear-hessian')",
    )
    .action(async (o: RunOpts) => {
      const { formatFamilySummary, formatStatusCounts, readResults, runGrid } =
        await import('@fmnist/bench');
      const out = absolute(ctx.io.cwd, o.out);
      const datasets: BenchDataset[] = o.dataset === 'both' ? ['fashion', 'mnist'] : [o.dataset];
      const progress = benchProgress(ctx.io.stderr);
      const summary = await runGrid({
        grid: ['baselines', 'paper'].includes(o.grid) ? o.grid : absolute(ctx.io.cwd, o.grid),
        datasets,
        only: o.only
          ?.split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        quick: o.quick,
        workers: o.workers,
        timeoutMs: o.timeout,
        out,
        rerun: o.rerun,
        numRepeat: o.repeats,
        seed: o.seed,
        dataDir: absolute(ctx.io.cwd, o.dir),
        share: o.share,
        faithfulSolvers: o.faithfulSolvers,
        onEvent: progress,
      }).finally(() => progress.end());
      const by = formatStatusCounts(summary.byStatus);
      ctx.io.stderr.write(
        `${summary.written} job(s) run${by ? ` (${by})` : ''}, ${summary.skipped} already done; results in ${out}\n`,
      );
      ctx.io.stdout.write(`${formatFamilySummary(readResults(out).records)}\n`);
    });
}
