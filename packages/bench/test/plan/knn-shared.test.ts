// The planner's KNN group (one neighbour search at the largest k) must give exactly the records of
// running each configuration alone: same scores, same prediction hashes, same repeat counts.
import { describe, expect, it } from 'vitest';
import { loadBenchData } from '../../src/data/bench-data.js';
import type { Job } from '../../src/grid/job.js';
import { planTasks } from '../../src/plan/planner.js';
import { executeTask, type RunSettings } from '../../src/protocol/execute-task.js';

const settings: RunSettings = { numRepeat: 2, seed: 5, threads: 1, version: 'test' };

describe('KNN shared work', () => {
  it('groups by everything but n_neighbors/weights, and equals running each config alone', async () => {
    const data = await loadBenchData('fashion', {
      quick: { train: 3000, test: 400 },
      dataDir: '/usr/share/datasets/fashion-mnist',
      seed: 1,
    });
    const jobs: Job[] = [];
    for (const k of [1, 5, 9])
      for (const weights of ['uniform', 'distance'])
        jobs.push({
          dataset: 'fashion',
          name: 'KNeighborsClassifier',
          parameter: { n_neighbors: k, weights, p: 2 },
        });
    jobs.push({
      dataset: 'fashion',
      name: 'KNeighborsClassifier',
      parameter: { n_neighbors: 3, p: 1 },
    });
    const grouped = planTasks(jobs);
    expect(grouped.map((t) => t.jobs.length).sort()).toEqual([1, 6]);
    const alone = planTasks(jobs, { share: false });
    expect(alone).toHaveLength(7);
    const run = (tasks: typeof grouped) => tasks.flatMap((t) => executeTask(t, data, settings));
    const a = run(grouped);
    const b = run(alone);
    const key = (r: (typeof a)[number]) => JSON.stringify(r.parameter);
    const byKey = new Map(b.map((r) => [key(r), r]));
    expect(a).toHaveLength(7);
    for (const r of a) {
      const s = byKey.get(key(r))!;
      expect(r.status).toBe('ok');
      expect(r.score).toEqual(s.score);
      expect(r.predictions_hash).toEqual(s.predictions_hash);
      expect(r.num_repeat).toBe(s.num_repeat);
    }
    // KNN is invariant to shuffling: the rule stops it after 2 repeats.
    expect(a.every((r) => r.num_repeat === 2)).toBe(true);
    expect(a.filter((r) => r.shared_group).length).toBe(6);
  });
});
