// The planner's KNN group (one neighbour search at the largest k) must give exactly the records of
// running each configuration alone: same scores, same prediction hashes, same repeat counts.
import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/grid/job.js';
import { expectSameAsAlone, smallData } from './same-as-alone.js';

describe('KNN shared work', () => {
  it('groups by everything but n_neighbors/weights, and equals running each config alone', async () => {
    const data = await smallData(3000, 400);
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
    const a = expectSameAsAlone(jobs, data, [1, 6]);
    // KNN is invariant to shuffling: the rule stops it after 2 repeats.
    expect(a.every((r) => r.num_repeat === 2)).toBe(true);
    expect(a.filter((r) => r.shared_group).length).toBe(6);
  });
});
