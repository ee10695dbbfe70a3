import type { BenchDataset } from '../grid/job.js';
import type { Task } from '../plan/planner.js';
import type { RunEvent } from './run-grid.js';

/** A task a worker is running now. */
export interface RunningTask {
  worker: number;
  /** Its configurations (a group that shares work has several). */
  jobs: { name: string; parameter: Record<string, unknown> }[];
  /** When it started, in milliseconds since the epoch. */
  startedAt: number;
}

/** Where a run is: what `fmnist start` prints on the terminal and the dashboard shows. */
export interface RunSnapshot {
  /** `starting` until the plan exists; `finished`, `stopped` (interrupted) or `failed` at the end. */
  state: 'starting' | 'running' | 'finished' | 'stopped' | 'failed';
  /** Milliseconds since the epoch: when the run started and when this snapshot was taken. */
  startedAt: number;
  now: number;
  elapsedMs: number;
  /** Jobs of the grid, jobs finished (those of earlier runs included) and those skipped as done. */
  total: number;
  done: number;
  skipped: number;
  /** Records written by this run, by status. */
  byStatus: Record<string, number>;
  /** Estimated time to the end (null until a job of this run has finished, and once it ends). */
  etaMs: number | null;
  running: RunningTask[];
  /** The data the jobs run on, once loaded (`quick`: the subsample, 10,000 / 2,000 rows). */
  data?: { dataset: BenchDataset; train: number; test: number; quick: boolean };
  /** Why the run failed or stopped. */
  message?: string;
}

/** A task started and not finished: its worker's slot. */
interface Started {
  task: Task;
  at: number;
}

/**
 * The state of a benchmark run, folded from `runGrid`'s events: the one model behind both the
 * terminal's progress lines and the dashboard's run panel, so they say the same thing.
 *
 * The ETA is the planner's cost estimates of the work left, each family's scaled by how long its
 * finished tasks took per unit of estimated cost (the run's overall rate for a family not seen
 * yet), shared over the workers. Counting jobs would mislead: the quick run opens with every
 * family's cheapest task (which also gives each family its rate early), so by count the first
 * minute would promise an end far too soon (docs/decisions/0004 compares both on measured runs).
 */
export class RunProgress {
  private state: RunSnapshot['state'] = 'starting';
  private readonly startedAt: number;
  private total = 0;
  private done = 0;
  private skipped = 0;
  private readonly byStatus: Record<string, number> = {};
  private readonly running = new Map<number, RunningTask>();
  private data: RunSnapshot['data'];
  private message: string | undefined;
  private endedAt = 0;
  private workers = 1;
  /** Tasks not started yet, by id. */
  private readonly waiting = new Map<number, Task>();
  /** Tasks running, by worker. */
  private readonly started = new Map<number, Started>();
  /** Per family, and over all: seconds the finished tasks took and their estimated cost. */
  private readonly rates = new Map<string, { ms: number; cost: number }>();
  private readonly overall = { ms: 0, cost: 0 };
  private readonly listeners = new Set<() => void>();

  constructor(private readonly now: () => number = Date.now) {
    this.startedAt = now();
  }

  /** Feeds one event of the run (pass this as `onEvent`, or call it from yours). */
  readonly update = (e: RunEvent): void => {
    switch (e.type) {
      case 'plan':
        this.state = 'running';
        this.total = e.total;
        this.skipped = this.done = e.skipped;
        this.workers = Math.max(1, e.workers);
        for (const t of e.planned) this.waiting.set(t.id, t);
        break;
      case 'data':
        this.data = { dataset: e.dataset, train: e.train, test: e.test, quick: e.quick };
        break;
      case 'task-start':
        this.waiting.delete(e.task.id);
        this.started.set(e.worker, { task: e.task, at: this.now() });
        this.running.set(e.worker, {
          worker: e.worker,
          jobs: e.task.jobs.map((j) => ({ name: j.name, parameter: j.parameter })),
          startedAt: this.now(),
        });
        break;
      case 'record':
        this.done = e.done;
        this.total = e.total;
        this.byStatus[e.record.status] = (this.byStatus[e.record.status] ?? 0) + 1;
        break;
      case 'task-done': {
        const s = this.started.get(e.worker);
        if (s) this.learn(s.task, this.now() - s.at);
        this.started.delete(e.worker);
        this.running.delete(e.worker);
        break;
      }
      case 'worker-restart':
        // A timeout or a memory restart: no rate to learn (a retried task starts again).
        this.started.delete(e.worker);
        this.running.delete(e.worker);
        break;
      case 'end':
        this.state = e.outcome;
        this.message = e.message;
        this.running.clear();
        this.started.clear();
        this.waiting.clear();
        this.endedAt = this.now();
        break;
      case 'memory':
        break;
    }
    for (const l of this.listeners) l();
  };

  /** Calls `listener` after every event; returns the function that stops it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private learn(task: Task, ms: number): void {
    const family = task.jobs[0].name;
    const r = this.rates.get(family) ?? { ms: 0, cost: 0 };
    r.ms += ms;
    r.cost += task.cost;
    this.rates.set(family, r);
    this.overall.ms += ms;
    this.overall.cost += task.cost;
  }

  /** Milliseconds of work left, shared over the workers; null before a task has finished. */
  private eta(now: number): number | null {
    if (this.state !== 'running' || this.overall.cost <= 0) return null;
    const fallback = this.overall.ms / this.overall.cost;
    const msOf = (t: Task) => {
      const r = this.rates.get(t.jobs[0].name);
      return t.cost * (r && r.cost > 0 ? r.ms / r.cost : fallback);
    };
    let left = 0;
    for (const t of this.waiting.values()) left += msOf(t);
    for (const s of this.started.values()) left += Math.max(0, msOf(s.task) - (now - s.at));
    return left / this.workers;
  }

  /** The run now. */
  snapshot(): RunSnapshot {
    const now = this.now();
    const elapsedMs = (this.endedAt || now) - this.startedAt;
    const etaMs = this.eta(now);
    return {
      state: this.state,
      startedAt: this.startedAt,
      now,
      elapsedMs,
      total: this.total,
      done: this.done,
      skipped: this.skipped,
      byStatus: { ...this.byStatus },
      etaMs,
      running: [...this.running.values()].sort((a, b) => a.worker - b.worker),
      ...(this.data ? { data: this.data } : {}),
      ...(this.message ? { message: this.message } : {}),
    };
  }
}
