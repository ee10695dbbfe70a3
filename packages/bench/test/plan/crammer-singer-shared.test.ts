// The planner's LinearSVC group (one Crammer–Singer fit for the configurations that differ only in
// loss, penalty or dual) must give exactly the records of running each configuration alone.
import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/grid/job.js';
import { expectSameAsAlone, smallData } from './same-as-alone.js';

describe('LinearSVC Crammer–Singer shared work', () => {
  it('groups crammer_singer by everything but loss/penalty/dual, and equals running alone', async () => {
    const data = await smallData(600, 200);
    const job = (parameter: Record<string, unknown>): Job => ({
      dataset: 'fashion',
      name: 'LinearSVC',
      parameter,
    });
    const jobs: Job[] = [];
    for (const loss of ['hinge', 'squared_hinge'])
      for (const penalty of ['l1', 'l2'])
        jobs.push(job({ loss, penalty, C: 1, multi_class: 'crammer_singer' }));
    // Another C is another fit; one-vs-rest reads loss and penalty, so it never groups.
    jobs.push(job({ loss: 'hinge', penalty: 'l2', C: 10, multi_class: 'crammer_singer' }));
    jobs.push(job({ loss: 'hinge', penalty: 'l2', C: 1, multi_class: 'ovr' }));
    const a = expectSameAsAlone(jobs, data, [1, 1, 4]);
    expect(a.filter((r) => r.shared_group).length).toBe(4);
    // The four share one fit: the same predictions in every repeat.
    const cs = a.filter((r) => r.shared_group);
    for (const r of cs) expect(r.predictions_hash).toEqual(cs[0].predictions_hash);
  });
});
