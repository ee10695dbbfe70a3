// The property every shared-work plan must have: a group's records equal those of running each
// of its configurations alone (same scores, prediction hashes and repeat counts).
import { expect } from 'vitest';
import { loadBenchData, type BenchData } from '../../src/data/bench-data.js';
import type { Job } from '../../src/grid/job.js';
import { planTasks } from '../../src/plan/planner.js';
import { executeTask, type RunSettings } from '../../src/protocol/execute-task.js';

/** A stratified subsample of the Debian copy of Fashion-MNIST (seed 1), for the group tests. */
export function smallData(train: number, test: number): Promise<BenchData> {
  return loadBenchData('fashion', {
    quick: { train, test },
    dataDir: '/usr/share/datasets/fashion-mnist',
    seed: 1,
  });
}

const settings: RunSettings = { numRepeat: 2, seed: 5, threads: 1, version: 'test' };

/**
 * Plans `jobs` with and without sharing, checks the group sizes and that every record matches
 * its run-alone twin; returns the shared run's records.
 */
export function expectSameAsAlone(jobs: Job[], data: BenchData, groupSizes: number[]) {
  const grouped = planTasks(jobs);
  expect(grouped.map((t) => t.jobs.length).sort()).toEqual(groupSizes);
  const alone = planTasks(jobs, { share: false });
  expect(alone).toHaveLength(jobs.length);
  // Each run also tells of every repeat as it finishes (a timed-out job keeps those): they are
  // the repeats its record holds, in order.
  const run = (tasks: typeof grouped) => {
    const heard = new Map<string, number[]>();
    const records = tasks.flatMap((t) =>
      executeTask(t, data, settings, (job, repeat) => {
        const k = JSON.stringify(job.parameter);
        heard.set(k, [...(heard.get(k) ?? []), repeat.score]);
      }),
    );
    for (const r of records) expect(heard.get(JSON.stringify(r.parameter))).toEqual(r.score);
    return records;
  };
  const a = run(grouped);
  const b = run(alone);
  const key = (r: (typeof a)[number]) => JSON.stringify(r.parameter);
  const byKey = new Map(b.map((r) => [key(r), r]));
  expect(a).toHaveLength(jobs.length);
  for (const r of a) {
    const s = byKey.get(key(r))!;
    expect(r.status).toBe('ok');
    expect(r.score).toEqual(s.score);
    expect(r.predictions_hash).toEqual(s.predictions_hash);
    expect(r.num_repeat).toBe(s.num_repeat);
  }
  return a;
}
