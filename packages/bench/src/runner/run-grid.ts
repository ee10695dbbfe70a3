import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { presetThreads } from '@fmnist/ml';
import { loadBenchData, type BenchData } from '../data/bench-data.js';
import { jobKey, type BenchDataset, type Job } from '../grid/job.js';
import type { RepeatResult } from '../protocol/repeats.js';
import { resolveFamilies } from '../grid/families.js';
import { GridError, loadGrid } from '../grid/load-grid.js';
import { planTasks, type Task, type TaskOrder } from '../plan/planner.js';
import type { RunSettings } from '../protocol/execute-task.js';
import { makeRecord } from '../protocol/execute-task.js';
import type { BenchRecord } from '../record/record.js';
import { finishedKeys, ResultsWriter } from '../record/results-file.js';
import { systemMemoryUsedPct } from './memory.js';
import type { FromWorker, ToWorker } from './messages.js';

/** Options of {@link runGrid}. */
export interface RunGridOptions {
  /** `baselines`, `paper` or a grid file. */
  grid: string;
  datasets: BenchDataset[];
  /** Only these classifier families (sklearn names or aliases such as KNN, RF, SVC). */
  only?: string[];
  /** Stratified 10k/2k subsample and 1 repeat. */
  quick?: boolean;
  /** Worker threads; default: the core count. */
  workers?: number;
  /** Per-job time limit in ms (a group of k jobs gets k times this); default 30 min. */
  timeoutMs?: number;
  /** Results file (JSON lines), appended to. */
  out: string;
  /** Run jobs again even when the results file has them. */
  rerun?: boolean;
  /** Repeats per job; default 2 (upstream), 1 with quick. */
  numRepeat?: number;
  seed?: number;
  dataDir?: string;
  /** Restart workers when system memory use passes this percentage (upstream: 90). */
  memoryLimitPct?: number;
  /** How often the memory guard looks, in ms; default 2000. */
  memoryCheckMs?: number;
  /** Share exact work between configurations (planner groups); default true. */
  share?: boolean;
  /**
   * Run every estimator with sklearn's own solver instead of the exact fast ones the benchmark
   * picks by default (SVC linear at C ≥ 10: 'interior-point'); default false. Records name the solver.
   */
  faithfulSolvers?: boolean;
  /**
   * Task order: `longest-first` packs the pool so it finishes together (the full grid's default);
   * `families-first` starts with every family's cheapest task, then interleaves the families,
   * dearest first (the quick run's default: each family shows a result within the first minutes).
   */
  order?: TaskOrder;
  version?: string;
  onEvent?: (e: RunEvent) => void;
  /**
   * Stops the run: workers are terminated, the jobs in flight get no record (a rerun runs them),
   * the finished records stay, and `runGrid` rejects with the signal's reason.
   */
  signal?: AbortSignal;
}

/** Progress of a run, for displays and logs. */
export type RunEvent =
  | {
      type: 'plan';
      total: number;
      skipped: number;
      tasks: number;
      /** Those tasks in the order they will start (their costs weigh the ETA). */
      planned: readonly Task[];
      /** Workers in the pool. */
      workers: number;
      repaired?: string;
      badLines: number[];
    }
  /** The data are loaded (`quick`: the stratified subsample). */
  | { type: 'data'; dataset: BenchDataset; train: number; test: number; quick: boolean }
  | { type: 'task-start'; task: Task; worker: number }
  | { type: 'task-done'; worker: number }
  | { type: 'record'; record: BenchRecord; done: number; total: number }
  | { type: 'memory'; usedPct: number; restarted: number }
  | { type: 'worker-restart'; worker: number; reason: string }
  /** The last event: every job ran, the signal stopped the run, or it failed (its message). */
  | { type: 'end'; outcome: 'finished' | 'stopped' | 'failed'; message?: string };

/** What a run did. */
export interface RunSummary {
  total: number;
  skipped: number;
  written: number;
  byStatus: Record<string, number>;
}

const WORKER_URL = new URL('../../dist/runner/job-worker.js', import.meta.url);

interface Slot {
  index: number;
  worker: Worker;
  task?: Task;
  ready: boolean;
  written: Set<string>;
  /** Finished repeats of the task's jobs that have no record yet (a timeout keeps them). */
  repeats: Map<string, RepeatResult[]>;
  /** When the task started, in seconds since the epoch. */
  started: number;
  timer?: NodeJS.Timeout;
}

/**
 * Runs a grid by upstream's protocol on a pool of worker threads: pending jobs only (a rerun skips
 * finished ones), in the planner's order, records appended and fsynced one by one, per-job
 * timeouts and a memory guard that restarts workers (their task is retried once, then recorded as
 * failed). The last event is always `end`.
 */
export async function runGrid(options: RunGridOptions): Promise<RunSummary> {
  const emit = options.onEvent ?? (() => {});
  try {
    const summary = await run(options, emit);
    emit({ type: 'end', outcome: 'finished' });
    return summary;
  } catch (e) {
    const stopped = options.signal?.aborted === true;
    const message = stopped ? 'stopped' : ((e as Error).message ?? String(e)).split('\n')[0];
    emit({ type: 'end', outcome: stopped ? 'stopped' : 'failed', message });
    throw e;
  }
}

async function run(options: RunGridOptions, emit: (e: RunEvent) => void): Promise<RunSummary> {
  if (!existsSync(WORKER_URL)) {
    throw new Error(
      `the benchmark worker ${WORKER_URL.pathname} is missing: run \`npm run build\` first.`,
    );
  }
  options.signal?.throwIfAborted();
  const only = options.only && resolveFamilies(options.only);
  const configs = loadGrid(options.grid).filter((c) => !only || only.includes(c.name));
  const unknown = only?.filter((f) => !configs.some((c) => c.name === f)) ?? [];
  if (unknown.length > 0) {
    throw new GridError(
      `--only: no configuration of ${unknown.join(', ')} in grid ${options.grid}.`,
    );
  }
  const jobs: Job[] = options.datasets.flatMap((dataset) =>
    configs.map((c) => ({ ...c, dataset })),
  );
  const writer = new ResultsWriter(options.out);
  const settings: RunSettings = {
    numRepeat: options.numRepeat ?? (options.quick ? 1 : 2),
    seed: options.seed ?? 0,
    threads: 1, // set once the tasks are planned (kernelThreads)
    version: options.version ?? '0.1.0',
    faithfulSolvers: options.faithfulSolvers ?? false,
  };
  try {
    const done = options.rerun ? new Set<string>() : finishedKeys(writer.existing);
    const pending = jobs.filter((j) => !done.has(jobKey(j)));
    const tasks = planTasks(pending, {
      share: options.share,
      quick: options.quick,
      order: options.order ?? (options.quick ? 'families-first' : 'longest-first'),
    });
    settings.threads = kernelThreads(workerCount(options, tasks.length));
    emit({
      type: 'plan',
      total: jobs.length,
      skipped: jobs.length - pending.length,
      tasks: tasks.length,
      planned: tasks,
      workers: workerCount(options, tasks.length),
      repaired: writer.repaired.savedTo,
      badLines: writer.repaired.badLines,
    });
    const summary: RunSummary = {
      total: jobs.length,
      skipped: jobs.length - pending.length,
      written: 0,
      byStatus: {},
    };
    if (tasks.length === 0) return summary;
    const data: BenchData[] = [];
    for (const dataset of new Set(pending.map((j) => j.dataset))) {
      const d = await loadBenchData(dataset, {
        quick: options.quick,
        dataDir: options.dataDir,
        seed: settings.seed,
      });
      emit({ type: 'data', dataset, train: d.X.shape[0], test: d.Xt.shape[0], quick: d.quick });
      data.push(d);
      options.signal?.throwIfAborted();
    }
    const write = (r: BenchRecord) => {
      writer.append(r);
      summary.written++;
      summary.byStatus[r.status] = (summary.byStatus[r.status] ?? 0) + 1;
      emit({
        type: 'record',
        record: r,
        done: summary.skipped + summary.written,
        total: jobs.length,
      });
    };
    await runPool(tasks, data, settings, options, write, emit);
    return summary;
  } finally {
    writer.close();
  }
}

/**
 * Kernel threads of each of `workers` workers: an equal share of the cores (an application's
 * `setDefaultThreads`, e.g. the CLI's FMNIST_THREADS, wins). Workers whose kernels each forked
 * over every core would wait on each other's threads: on 2 cores, 2 workers × 2 threads made the
 * quick grid's MLP jobs 25 % slower.
 */
function kernelThreads(workers: number): number {
  const preset = presetThreads();
  if (preset !== undefined) return preset;
  return Math.max(1, Math.floor(availableParallelism() / workers));
}

/** The pool's size: the workers asked for (default: the core count), no more than the tasks. */
function workerCount(options: RunGridOptions, tasks: number): number {
  return Math.max(1, Math.min(options.workers ?? availableParallelism(), tasks));
}

function runPool(
  tasks: Task[],
  data: BenchData[],
  settings: RunSettings,
  options: RunGridOptions,
  write: (r: BenchRecord) => void,
  emit: (e: RunEvent) => void,
): Promise<void> {
  const queue = [...tasks];
  const retried = new Set<number>();
  const nWorkers = workerCount(options, tasks.length);
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const memoryLimit = options.memoryLimitPct ?? 90;
  const slots: Slot[] = [];
  let running = 0;

  return new Promise<void>((resolve, reject) => {
    let finished = false;
    const guard = setInterval(() => {
      const used = systemMemoryUsedPct();
      if (used <= memoryLimit) return;
      const busy = slots.filter((s) => s.task);
      emit({ type: 'memory', usedPct: used, restarted: busy.length });
      for (const s of busy) restart(s, `memory use ${used.toFixed(1)}% > ${memoryLimit}%`, true);
    }, options.memoryCheckMs ?? 2000);
    guard.unref();

    const finish = (err?: unknown) => {
      if (finished) return;
      finished = true;
      clearInterval(guard);
      options.signal?.removeEventListener('abort', abort);
      for (const s of slots) clearTimeout(s.timer);
      Promise.all(slots.map((s) => s.worker.terminate())).then(
        () => (err ? reject(err) : resolve()),
        reject,
      );
    };
    // The jobs in flight are dropped, not recorded: a rerun runs them again.
    const abort = () => finish(options.signal!.reason);
    options.signal?.addEventListener('abort', abort, { once: true });

    const failTask = (slot: Slot, status: 'failed' | 'timeout', message: string) => {
      const task = slot.task!;
      const d = data.find((x) => x.dataset === task.jobs[0].dataset)!;
      const now = Math.floor(Date.now() / 1000);
      for (const job of task.jobs) {
        const key = jobKey(job);
        if (slot.written.has(key)) continue;
        // The repeats it finished stay in its record (their scores and times are real).
        const repeats = slot.repeats.get(key) ?? [];
        const kept = repeats.length > 0 ? ` (${repeats.length} repeat(s) finished and kept)` : '';
        write(
          makeRecord(job, d, settings, {
            status,
            message: message + kept,
            repeats,
            start: repeats.length > 0 ? slot.started : now,
            done: now,
          }),
        );
      }
    };

    const next = (slot: Slot) => {
      clearTimeout(slot.timer);
      slot.task = undefined;
      slot.written = new Set();
      slot.repeats = new Map();
      const task = queue.shift();
      if (!task) {
        if (running === 0 && queue.length === 0 && slots.every((s) => !s.task)) finish();
        return;
      }
      slot.task = task;
      slot.started = Math.floor(Date.now() / 1000);
      running++;
      emit({ type: 'task-start', task, worker: slot.index });
      slot.timer = setTimeout(() => {
        const limit = timeoutMs * task.jobs.length;
        failTask(slot, 'timeout', `exceeded the time limit of ${Math.round(limit / 1000)} s`);
        running--;
        restart(slot, 'timeout', false);
      }, timeoutMs * task.jobs.length);
      slot.worker.postMessage({ type: 'task', task } satisfies ToWorker);
    };

    const restart = (slot: Slot, reason: string, requeue: boolean) => {
      const task = slot.task;
      clearTimeout(slot.timer);
      void slot.worker.terminate();
      emit({ type: 'worker-restart', worker: slot.index, reason });
      if (task && requeue) {
        running--;
        if (retried.has(task.id)) failTask(slot, 'failed', `worker restarted twice (${reason})`);
        else {
          retried.add(task.id);
          queue.unshift({ ...task, jobs: task.jobs.filter((j) => !slot.written.has(jobKey(j))) });
        }
      }
      slot.task = undefined;
      start(slot.index);
    };

    const start = (index: number) => {
      // execArgv []: the worker runs the built JS whatever loader flags the parent runs under.
      const worker = new Worker(WORKER_URL, { execArgv: [] });
      const slot: Slot = {
        index,
        worker,
        written: new Set(),
        repeats: new Map(),
        started: 0,
        ready: false,
      };
      slots[index] = slot;
      worker.on('message', (m: FromWorker) => {
        if (slots[index] !== slot) return; // a restarted worker's late message
        if (finished && m.type !== 'record') return; // stopped: a finished job is still kept
        if (m.type === 'ready') {
          slot.ready = true;
          return next(slot);
        }
        if (m.type === 'repeat') {
          const kept = slot.repeats.get(m.key) ?? [];
          kept.push(m.repeat);
          slot.repeats.set(m.key, kept);
        } else if (m.type === 'record') {
          const key = jobKey(m.record);
          slot.written.add(key);
          slot.repeats.delete(key);
          write(m.record);
        } else if (m.type === 'task-done') {
          running--;
          emit({ type: 'task-done', worker: slot.index });
          next(slot);
        } else if (m.type === 'error') {
          failTask(slot, 'failed', m.message.split('\n')[0]);
          running--;
          emit({ type: 'task-done', worker: slot.index });
          next(slot);
        }
      });
      worker.on('error', (e) => {
        if (slots[index] !== slot || finished) return;
        // A worker that dies before it is ready would die again: stop instead of looping.
        if (!slot.ready) return finish(new Error(`benchmark worker failed to start: ${e.message}`));
        if (slot.task) {
          failTask(slot, 'failed', `worker crashed: ${e.message}`);
          running--;
          slot.task = undefined;
          emit({ type: 'task-done', worker: slot.index });
        }
        start(index);
      });
      worker.postMessage({ type: 'init', data, settings } satisfies ToWorker);
    };

    try {
      for (let i = 0; i < nWorkers; i++) start(i);
    } catch (e) {
      finish(e as Error);
    }
  });
}
