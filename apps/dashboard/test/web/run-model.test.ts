// What the run panel and the subsample note say, from hand-made snapshots and records.
import { describe, expect, it } from 'vitest';
import type { BenchRecord, RunSnapshot } from '../../src/shared/api-types.js';
import {
  formatClock,
  runView,
  subsampleNote,
  subsampleOf,
  taskLabel,
} from '../../src/web/run-model.js';

const snapshot = (over: Partial<RunSnapshot>): RunSnapshot => ({
  state: 'running',
  startedAt: 0,
  now: 100_000,
  elapsedMs: 100_000,
  total: 143,
  done: 17,
  skipped: 0,
  byStatus: {},
  etaMs: 400_000,
  running: [],
  ...over,
});

describe('run panel', () => {
  it('formats clocks as the terminal does', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(61_400)).toBe('1:01');
    expect(formatClock(3_725_000)).toBe('1:02:05');
    expect(formatClock(-5)).toBe('0:00');
  });

  it('says what runs, how far it is, the elapsed time and the ETA, its clocks moving on', () => {
    const s = snapshot({
      running: [
        {
          worker: 0,
          startedAt: 40_000,
          jobs: [{ name: 'SVC', parameter: { kernel: 'rbf', C: 10 } }],
        },
      ],
    });
    const v = runView('the quick benchmark', s, 5_000);
    expect(v.headline).toBe(
      'The quick benchmark is running: 17 of 143 jobs done · 1:45 elapsed · ETA 6:35',
    );
    expect(v.bar).toEqual({ value: 17, max: 143 });
    expect(v.running).toEqual([{ label: 'SVC C=10 kernel="rbf"', elapsed: '1:05' }]);
    expect(runView('the quick benchmark', { ...s, etaMs: null }).headline).toContain(
      'ETA after the first job',
    );
    // Past its estimate the ETA stays at zero, never negative.
    expect(runView('x', s, 500_000).headline).toContain('ETA 0:00');
  });

  it('names a group that shares work, and says how a run ended', () => {
    expect(
      taskLabel([
        { name: 'KNeighborsClassifier', parameter: { n_neighbors: 1 } },
        { name: 'KNeighborsClassifier', parameter: { n_neighbors: 5 } },
      ]),
    ).toBe('KNeighborsClassifier ×2 (shared work: n_neighbors=1 | n_neighbors=5)');
    const starting = runView('the quick benchmark', snapshot({ state: 'starting', total: 0 }));
    expect(starting.headline).toBe('The quick benchmark is starting: loading the data…');
    expect(starting.bar).toBeNull();
    const done = runView(
      'the quick benchmark',
      snapshot({ state: 'finished', done: 143, skipped: 40, elapsedMs: 600_000 }),
      60_000,
    );
    expect(done.headline).toBe(
      'The quick benchmark finished: 143 jobs, 103 run in 10:00 (40 from an earlier start).',
    );
    expect(done.running).toEqual([]);
    const stopped = runView('the quick benchmark', snapshot({ state: 'stopped' }));
    expect(stopped.headline).toContain('stopped after 1:40 with 17 of 143 jobs done');
    expect(stopped.headline).toContain('the next start runs the rest');
    expect(
      runView('the quick benchmark', snapshot({ state: 'failed', message: 'boom' })).headline,
    ).toBe('The quick benchmark failed: boom.');
  });
});

describe('subsample note', () => {
  const rec = (quick: boolean, train: number, test: number) =>
    ({ quick, train_size: train, test_size: test }) as BenchRecord;

  it('finds the quick subsample from the records, and none for full-data records', () => {
    expect(
      subsampleOf([rec(true, 10_000, 2_000), rec(true, 10_000, 2_000), rec(true, 5, 5)]),
    ).toEqual({ train: 10_000, test: 2_000 });
    expect(subsampleOf([rec(false, 60_000, 10_000)])).toBeNull();
    expect(subsampleOf([])).toBeNull();
  });

  it('says it is a subsample and how the full grid is run', () => {
    const note = subsampleNote({ train: 10_000, test: 2_000 });
    expect(note).toContain('stratified subsample of 10,000 training and 2,000 test images');
    expect(note).toContain('npm run bench:grid');
    expect(note).toContain('fmnist serve --results bench-results/grid.jsonl');
  });
});
