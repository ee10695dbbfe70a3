import { hostname } from 'node:os';
import type { BenchData } from '../data/bench-data.js';
import type { Job } from '../grid/job.js';
import type { Task } from '../plan/planner.js';
import { SHARED_PLANS } from '../plan/shared-plans.js';
import type { SharedPlans } from '../plan/shared-work.js';
import { summarise, type BenchRecord, type JobStatus } from '../record/record.js';
import { makeEstimator, solverOf } from '../grid/estimator-factory.js';
import { scorePredictions, shouldStop, shuffledTrain, type RepeatResult } from './repeats.js';
import { sanityCheck } from './sanity-check.js';

/** Settings shared by every job of a run. */
export interface RunSettings {
  /** Repeats per job (upstream default 2; the paper's 5). */
  numRepeat: number;
  seed: number;
  /** Kernel threads of each job (a worker's share of the cores). */
  threads: number;
  version: string;
  /** sklearn's own solvers everywhere, not the exact fast ones (see makeEstimator). */
  faithfulSolvers?: boolean;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** Builds a record from a job's repeats (or its failure). */
export function makeRecord(
  job: Job,
  data: BenchData,
  settings: RunSettings,
  outcome: {
    status: JobStatus;
    message?: string;
    repeats: RepeatResult[];
    start: number;
    done: number;
    group?: string;
    /** What a failure by a memory limit said it needs (its `bytesNeeded`). */
    memoryNeeded?: number;
  },
): BenchRecord {
  const score = outcome.repeats.map((r) => r.score);
  const { mean, std2 } = summarise(score);
  const n = Math.max(1, score.length);
  return {
    name: job.name,
    parameter: job.parameter,
    score,
    start_time: outcome.start,
    done_time: outcome.done,
    num_repeat: score.length,
    mean_accuracy: mean,
    std_accuracy: std2,
    time_per_repeat: Math.floor((outcome.done - outcome.start) / n),
    dataset: job.dataset,
    status: outcome.status,
    ...(outcome.message ? { message: outcome.message } : {}),
    fit_ms: outcome.repeats.map((r) => Math.round(r.fitMs)),
    predict_ms: outcome.repeats.map((r) => Math.round(r.predictMs)),
    peak_rss_mb: peakRssMb(),
    predictions_hash: outcome.repeats.map((r) => r.hash),
    seed: settings.seed,
    threads: settings.threads,
    quick: data.quick,
    train_size: data.X.shape[0],
    test_size: data.Xt.shape[0],
    fmnist_version: settings.version,
    host: hostname(),
    ...(outcome.group ? { shared_group: outcome.group } : {}),
    ...solverField(job),
    ...(outcome.memoryNeeded ? { memory_needed_bytes: outcome.memoryNeeded } : {}),
  };
}

/** The bytes an estimator's MemoryLimitError said a fit needs, if that is what `e` is. */
function memoryNeeded(e: unknown): number | undefined {
  const bytes = (e as { bytesNeeded?: unknown }).bytesNeeded;
  return typeof bytes === 'number' ? bytes : undefined;
}

function solverField(job: Job): { solver?: string } {
  const solver = solverOf(job.name, job.parameter);
  return solver ? { solver } : {};
}

/** Told of each finished repeat of a job, before its record exists (a timeout keeps them). */
export type OnRepeat = (job: Job, repeat: RepeatResult) => void;

/** Runs one job by the protocol: sanity check, then repeats on shuffled training sets. */
function runAlone(
  job: Job,
  data: BenchData,
  settings: RunSettings,
  onRepeat: OnRepeat,
): BenchRecord {
  const start = nowSeconds();
  const bad = sanityCheck(job, data, settings.seed);
  if (bad)
    return makeRecord(job, data, settings, { ...bad, repeats: [], start, done: nowSeconds() });
  const repeats: RepeatResult[] = [];
  try {
    do {
      const train = shuffledTrain(data, settings.seed, repeats.length);
      const model = makeEstimator(job.name, job.parameter, train.seed);
      const t0 = performance.now();
      model.fit(train.X, train.y);
      const t1 = performance.now();
      const pred = model.predict(data.Xt);
      const t2 = performance.now();
      repeats.push({ ...scorePredictions(pred, data.yt), fitMs: t1 - t0, predictMs: t2 - t1 });
      onRepeat(job, repeats[repeats.length - 1]);
    } while (
      !shouldStop(
        repeats.map((r) => r.score),
        settings.numRepeat,
      )
    );
  } catch (e) {
    return makeRecord(job, data, settings, {
      status: 'failed',
      message: (e as Error).message,
      repeats,
      start,
      done: nowSeconds(),
      memoryNeeded: memoryNeeded(e),
    });
  }
  return makeRecord(job, data, settings, { status: 'ok', repeats, start, done: nowSeconds() });
}

/**
 * Runs a group sharing work: each repeat computes the shared part once for the configurations
 * still repeating; each configuration stops by the invariance rule on its own scores, exactly as
 * if it ran alone.
 */
function runGroup(
  task: Task,
  data: BenchData,
  settings: RunSettings,
  onRepeat: OnRepeat,
  plans: SharedPlans,
): BenchRecord[] {
  const plan = plans[task.shared!];
  if (!plan)
    throw new Error(
      `no shared-work plan for ${task.shared}: the task was planned with other plans`,
    );
  const start = nowSeconds();
  const out: BenchRecord[] = [];
  const live: { job: Job; repeats: RepeatResult[] }[] = [];
  for (const job of task.jobs) {
    const bad = sanityCheck(job, data, settings.seed);
    if (bad)
      out.push(makeRecord(job, data, settings, { ...bad, repeats: [], start, done: nowSeconds() }));
    else live.push({ job, repeats: [] });
  }
  const group = `${task.shared}#${task.id}`;
  try {
    for (
      let r = 0;
      live.some(
        (l) =>
          !shouldStop(
            l.repeats.map((x) => x.score),
            settings.numRepeat,
          ),
      );
      r++
    ) {
      const active = live.filter(
        (l) =>
          l.repeats.length === r &&
          !shouldStop(
            l.repeats.map((x) => x.score),
            settings.numRepeat,
          ),
      );
      const train = shuffledTrain(data, settings.seed, r);
      const res = plan.runRepeat(
        active.map((a) => a.job.parameter),
        train.X,
        train.y,
        data.Xt,
        train.seed,
      );
      active.forEach((a, i) => {
        const repeat = {
          ...scorePredictions(res.predictions[i], data.yt),
          fitMs: res.fitMs[i],
          predictMs: res.predictMs[i],
        };
        a.repeats.push(repeat);
        onRepeat(a.job, repeat);
      });
    }
  } catch (e) {
    const done = nowSeconds();
    return [
      ...out,
      ...live.map((l) =>
        makeRecord(l.job, data, settings, {
          status: 'failed',
          message: (e as Error).message,
          repeats: l.repeats,
          start,
          done,
          group,
          memoryNeeded: memoryNeeded(e),
        }),
      ),
    ];
  }
  // Wall-clock of a shared group says nothing about one configuration: time it by its own repeats.
  for (const l of live) {
    const seconds = l.repeats.reduce((a, r) => a + r.fitMs + r.predictMs, 0) / 1000;
    out.push(
      makeRecord(l.job, data, settings, {
        status: 'ok',
        repeats: l.repeats,
        start,
        done: start + Math.round(seconds),
        group,
      }),
    );
  }
  return out;
}

/**
 * Executes a task (a lone job or a shared-work group, run by its family's plan in `plans`, the
 * map the task was planned with) and returns its records; `onRepeat` hears of each repeat as it
 * finishes.
 */
export function executeTask(
  task: Task,
  data: BenchData,
  settings: RunSettings,
  onRepeat: OnRepeat = () => {},
  plans: SharedPlans = SHARED_PLANS,
): BenchRecord[] {
  if (task.shared && task.jobs.length > 1) return runGroup(task, data, settings, onRepeat, plans);
  return task.jobs.map((job) => runAlone(job, data, settings, onRepeat));
}
