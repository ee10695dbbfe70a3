// The record format of results files, browser-safe (no Node imports): `@fmnist/bench/record`, which
// the dashboard's page imports rather than restating it.
import { stableStringify, type BenchDataset, type Job } from '../grid/job.js';

export { stableStringify };

/** What happened to a job. */
export type JobStatus = 'ok' | 'cannot_create' | 'unsupported' | 'timeout' | 'failed';

/** Statuses in the order reports list them. */
export const JOB_STATUSES: readonly JobStatus[] = [
  'ok',
  'cannot_create',
  'unsupported',
  'timeout',
  'failed',
];

/** `n status` pairs in {@link JOB_STATUSES} order, e.g. "2 ok, 1 cannot_create" (`countFirst` false: "ok 2"). */
export function formatStatusCounts(counts: Record<string, number>, countFirst = true): string {
  return Object.entries(counts)
    .sort(([a], [b]) => JOB_STATUSES.indexOf(a as JobStatus) - JOB_STATUSES.indexOf(b as JobStatus))
    .map(([s, n]) => (countFirst ? `${n} ${s}` : `${s} ${n}`))
    .join(', ');
}

/**
 * One line of a results file. The first block is exactly upstream runner.py's record (same names
 * and units, so upstream's dashboard can read it); the rest is fmnist's.
 */
export interface BenchRecord {
  // upstream
  name: string;
  parameter: Record<string, unknown>;
  /** Test accuracy of each repeat. */
  score: number[];
  /** Integer seconds since the epoch. */
  start_time: number;
  done_time: number;
  /** Repeats actually run (the invariance rule may stop at 2). */
  num_repeat: number;
  mean_accuracy: number | null;
  /** 2 × the population standard deviation of `score`. */
  std_accuracy: number | null;
  /** Integer seconds: (done_time − start_time) / num_repeat. */
  time_per_repeat: number;
  // fmnist
  dataset: BenchDataset;
  status: JobStatus;
  message?: string;
  /** Milliseconds of fit and predict per repeat. */
  fit_ms: number[];
  predict_ms: number[];
  peak_rss_mb: number;
  /** FNV-1a hash of the test predictions of each repeat (hex). */
  predictions_hash: string[];
  seed: number;
  /** Kernel threads the job ran with (each worker's share of the cores). */
  threads: number;
  quick: boolean;
  train_size: number;
  test_size: number;
  fmnist_version: string;
  host: string;
  /** Other jobs whose work this one shared (planner), by index in the same group. */
  shared_group?: string;
  /**
   * The solver that produced the model, for estimators that have a choice (their `solver`
   * option: SVC's 'libsvm', 'smo-newton' or 'interior-point', LogisticRegression's 'liblinear' or 'lbfgs', the
   * MLP's 'adam'…); absent for the others.
   */
  solver?: string;
  /**
   * For a `failed` job that would not fit in memory (e.g. GaussianProcessClassifier's 60,000 ×
   * 60,000 kernel matrix): the bytes it said it needs, found before allocating them.
   */
  memory_needed_bytes?: number;
}

/** Upstream's summary statistics of a list of scores. */
export function summarise(score: number[]): { mean: number | null; std2: number | null } {
  if (score.length === 0) return { mean: null, std2: null };
  const mean = score.reduce((a, b) => a + b, 0) / score.length;
  const variance = score.reduce((a, b) => a + (b - mean) ** 2, 0) / score.length;
  return { mean, std2: 2 * Math.sqrt(variance) };
}

/** The record as one JSON line with keys sorted (Python's `json.dumps(sort_keys=True)`). */
export function formatRecord(r: BenchRecord): string {
  return stableStringify(r);
}

/** The job a record belongs to. */
export function recordJob(r: BenchRecord): Job {
  return { dataset: r.dataset, name: r.name, parameter: r.parameter };
}

/** FNV-1a (32-bit) of predicted labels: equal predictions ⇔ equal hash, for comparing runs cheaply. */
export function hashPredictions(pred: ArrayLike<number>): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < pred.length; i++) {
    h ^= pred[i] & 0xff;
    h = Math.imul(h, 0x01000193);
    h ^= (pred[i] >>> 8) & 0xff;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Seconds per repeat: fit + predict from the millisecond timings fmnist records, falling back to
 * upstream's integer `time_per_repeat` (all an upstream or old record has).
 */
export function recordSeconds(
  r: Pick<BenchRecord, 'num_repeat' | 'time_per_repeat'> & Partial<BenchRecord>,
): number {
  const fit = r.fit_ms ?? [];
  const predict = r.predict_ms ?? [];
  if (fit.length > 0 || predict.length > 0) {
    const total = [...fit, ...predict].reduce((a, b) => a + b, 0);
    return total / 1000 / Math.max(1, r.num_repeat);
  }
  return r.time_per_repeat;
}

/** Parameters as `key=value` pairs in key order, JSON values (the tables' parameter column). */
export function paramText(p: Record<string, unknown>): string {
  return Object.keys(p)
    .sort()
    .map((k) => `${k}=${JSON.stringify(p[k])}`)
    .join(' ');
}
