// The planner's RandomForest group (one fit of the most trees, each smaller forest a prefix) must
// give exactly the records of running each configuration alone.
import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/grid/job.js';
import { expectSameAsAlone, smallData } from './same-as-alone.js';

describe('RandomForest shared work', () => {
  it('groups by everything but n_estimators, and equals running each config alone', async () => {
    const data = await smallData(600, 200);
    const jobs: Job[] = [1, 4, 9].map((n) => ({
      dataset: 'fashion',
      name: 'RandomForestClassifier',
      parameter: { n_estimators: n, max_depth: 6, criterion: 'entropy' },
    }));
    jobs.push({
      dataset: 'fashion',
      name: 'RandomForestClassifier',
      parameter: { n_estimators: 4, max_depth: 6, criterion: 'gini' },
    });
    const a = expectSameAsAlone(jobs, data, [1, 3]);
    expect(a.filter((r) => r.shared_group).length).toBe(3);
    // Different forests: the 1-tree and 9-tree predictions differ.
    const hash = (n: number) =>
      a.find((r) => r.parameter.n_estimators === n && r.parameter.criterion === 'entropy')!
        .predictions_hash[0];
    expect(hash(1)).not.toBe(hash(9));
    const fit = (n: number) =>
      a.find((r) => r.parameter.n_estimators === n && r.parameter.criterion === 'entropy')!
        .fit_ms[0];
    expect(fit(1)).toBeLessThan(fit(9));
  });
});
