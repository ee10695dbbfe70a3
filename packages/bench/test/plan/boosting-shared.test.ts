// The planner's GradientBoosting group (one fit of the most stages, staged predictions) must give
// exactly the records of running each configuration alone.
import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/grid/job.js';
import { expectSameAsAlone, smallData } from './same-as-alone.js';

describe('GradientBoosting shared work', () => {
  it('groups by everything but n_estimators, and equals running each config alone', async () => {
    const data = await smallData(600, 200);
    const jobs: Job[] = [2, 5, 8].map((n) => ({
      dataset: 'fashion',
      name: 'GradientBoostingClassifier',
      parameter: { n_estimators: n, max_depth: 2 },
    }));
    jobs.push({
      dataset: 'fashion',
      name: 'GradientBoostingClassifier',
      parameter: { n_estimators: 3, max_depth: 1 },
    });
    const a = expectSameAsAlone(jobs, data, [1, 3]);
    expect(a.filter((r) => r.shared_group).length).toBe(3);
    // More stages, more fit time: the shared fit reports each configuration's own stage time.
    const fit = (n: number) =>
      a.find((r) => r.parameter.n_estimators === n && r.parameter.max_depth === 2)!.fit_ms[0];
    expect(fit(2)).toBeLessThan(fit(8));
  });
});
