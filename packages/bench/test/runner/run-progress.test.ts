// RunProgress: the run's state folded from runGrid's events (hand-made here, with a fake clock;
// run-grid.test.ts feeds it a real run).
import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/grid/job.js';
import type { Task } from '../../src/plan/planner.js';
import type { BenchRecord } from '../../src/record/record.js';
import type { RunEvent } from '../../src/runner/run-grid.js';
import { RunProgress } from '../../src/runner/run-progress.js';

const job = (name: string, C: number): Job => ({ dataset: 'fashion', name, parameter: { C } });
const task = (id: number, cost: number, ...jobs: Job[]): Task => ({ id, jobs, cost });
const record = (j: Job, status = 'ok') => ({ ...j, status, score: [] }) as unknown as BenchRecord;
const plan = (planned: Task[], workers: number, total: number, skipped = 0): RunEvent => ({
  type: 'plan',
  total,
  skipped,
  tasks: planned.length,
  planned,
  workers,
  badLines: [],
});

describe('RunProgress', () => {
  it('follows a run from plan to end: done, running tasks, statuses', () => {
    let t = 1_000;
    const p = new RunProgress(() => t);
    expect(p.snapshot()).toMatchObject({ state: 'starting', total: 0, etaMs: null, running: [] });
    const a = task(0, 30, job('SVC', 1));
    const b = task(1, 10, job('SVC', 10), job('SVC', 100));
    p.update(plan([a, b], 2, 4, 1));
    p.update({ type: 'data', dataset: 'fashion', train: 10_000, test: 2_000, quick: true });
    t = 2_000;
    p.update({ type: 'task-start', task: a, worker: 0 });
    p.update({ type: 'task-start', task: b, worker: 1 });
    let s = p.snapshot();
    expect(s).toMatchObject({ state: 'running', total: 4, done: 1, skipped: 1, elapsedMs: 1_000 });
    expect(s.data).toEqual({ dataset: 'fashion', train: 10_000, test: 2_000, quick: true });
    expect(s.running.map((r) => [r.worker, r.jobs.length, r.startedAt])).toEqual([
      [0, 1, 2_000],
      [1, 2, 2_000],
    ]);
    t = 11_000;
    p.update({ type: 'record', record: record(b.jobs[0]), done: 2, total: 4 });
    p.update({ type: 'record', record: record(b.jobs[1], 'failed'), done: 3, total: 4 });
    p.update({ type: 'task-done', worker: 1 });
    s = p.snapshot();
    expect(s.byStatus).toEqual({ ok: 1, failed: 1 });
    expect(s.running.map((r) => r.worker)).toEqual([0]);
    t = 21_000;
    p.update({ type: 'end', outcome: 'stopped', message: 'stopped' });
    t = 99_000; // the clock stops with the run
    s = p.snapshot();
    expect(s).toMatchObject({
      state: 'stopped',
      message: 'stopped',
      elapsedMs: 20_000,
      etaMs: null,
    });
    expect(s.running).toEqual([]);
  });

  it("estimates the time left from each family's rate, over the workers", () => {
    let t = 0;
    const p = new RunProgress(() => t);
    const nb = [1, 2, 3].map((c, i) => task(i, 1, job('GaussianNB', c)));
    const lr = [
      task(3, 10, job('LogisticRegression', 1)),
      task(4, 30, job('LogisticRegression', 100)),
    ];
    const svc = task(5, 5, job('SVC', 1));
    p.update(plan([nb[0], lr[0], nb[1], nb[2], lr[1], svc], 2, 6));
    p.update({ type: 'task-start', task: nb[0], worker: 0 });
    p.update({ type: 'task-start', task: lr[0], worker: 1 });
    expect(p.snapshot().etaMs).toBeNull(); // nothing finished: no rate yet
    t = 2_000; // GaussianNB: 2 s per unit of cost
    p.update({ type: 'task-done', worker: 0 });
    // LogisticRegression and SVC have no rate yet: the run's so far (2 s per unit).
    // Left: nb 2 × 2 s + lr[0] 20 − 2 s + lr[1] 60 s + svc 10 s = 92 s over 2 workers.
    expect(p.snapshot().etaMs).toBe(46_000);
    t = 10_000; // LogisticRegression: 1 s per unit
    p.update({ type: 'task-done', worker: 1 });
    // Left: nb 2 × 2 s + lr[1] 30 s + svc 5 × (12 s / 11 units) over 2 workers.
    expect(p.snapshot().etaMs).toBeCloseTo((4_000 + 30_000 + (5 * 12_000) / 11) / 2, 6);
    // A task that runs past its estimate counts as nearly done, never as negative time.
    p.update({ type: 'task-start', task: nb[1], worker: 0 });
    t = 20_000;
    expect(p.snapshot().etaMs).toBeCloseTo((2_000 + 30_000 + (5 * 12_000) / 11) / 2, 6);
    p.update({ type: 'end', outcome: 'finished' });
    expect(p.snapshot()).toMatchObject({ state: 'finished', etaMs: null });
  });

  it('tells its listeners after each event', () => {
    const p = new RunProgress();
    const seen: string[] = [];
    const off = p.onChange(() => seen.push(p.snapshot().state));
    p.update(plan([], 1, 1));
    off();
    p.update({ type: 'end', outcome: 'failed', message: 'boom' });
    expect(seen).toEqual(['running']);
    expect(p.snapshot().message).toBe('boom');
  });
});
