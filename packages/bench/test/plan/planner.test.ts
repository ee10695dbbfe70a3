// The planner's task orders on baselines.json: the full grid's longest-first packing, and the quick
// run's families-first order (every family early, the long tasks still early, nothing lost).
import { describe, expect, it } from 'vitest';
import { jobKey, type Job } from '../../src/grid/job.js';
import { loadGrid } from '../../src/grid/load-grid.js';
import { jobCost, planTasks, type Task } from '../../src/plan/planner.js';
import { SHARED_PLANS } from '../../src/plan/shared-plans.js';

const jobs: Job[] = loadGrid('baselines').map((c) => ({ ...c, dataset: 'fashion' as const }));
const family = (t: Task) => t.jobs[0].name;
const families = new Set(jobs.map((j) => j.name));
const keys = (tasks: Task[]) => tasks.flatMap((t) => t.jobs.map(jobKey)).sort();

describe('planTasks order', () => {
  it('longest-first (the default, the full grid): costs never rise', () => {
    const tasks = planTasks(jobs);
    for (let i = 1; i < tasks.length; i++)
      expect(tasks[i].cost).toBeLessThanOrEqual(tasks[i - 1].cost);
    expect(tasks.map((t) => t.id)).toEqual(tasks.map((_, i) => i));
  });

  it('families-first: one task of each family opens the run, the cheapest that runs, cheapest first', () => {
    const tasks = planTasks(jobs, { quick: true, order: 'families-first' });
    const opening = tasks.slice(0, families.size);
    expect(new Set(opening.map(family))).toEqual(families);
    for (let i = 1; i < opening.length; i++)
      expect(opening[i].cost).toBeGreaterThanOrEqual(opening[i - 1].cost);
    // Each opener is its family's cheapest task among those sklearn does not refuse.
    for (const t of opening) {
      const runnable = tasks.filter((u) => family(u) === family(t) && u.cost > 0.01 * t.cost);
      expect(Math.min(...runnable.map((u) => u.cost))).toBe(t.cost);
    }
    // liblinear's refused configurations (multinomial LogisticRegression, l1 one-vs-rest
    // LinearSVC: cannot_create within milliseconds) cost next to nothing and come last.
    const refused = tasks.slice(-12);
    expect(refused.every((t) => t.cost < 1)).toBe(true);
    expect(
      refused.every(
        (t) =>
          t.jobs[0].parameter.multi_class === 'multinomial' || t.jobs[0].parameter.penalty === 'l1',
      ),
    ).toBe(true);
  });

  it("families-first: each family's dearest task starts in the round after the opening, every job once", () => {
    const tasks = planTasks(jobs, { quick: true, order: 'families-first' });
    expect(keys(tasks)).toEqual(keys(planTasks(jobs)));
    expect(tasks.map((t) => t.id)).toEqual(tasks.map((_, i) => i));
    // Refused configurations run last, apart (they take milliseconds).
    const runs = tasks.filter((t) => t.cost > 0.01);
    const more = [...families].filter((f) => runs.filter((t) => family(t) === f).length > 1);
    const round = tasks.slice(families.size, families.size + more.length);
    for (const name of more) {
      const dearest = Math.max(...runs.filter((t) => family(t) === name).map((t) => t.cost));
      expect(round.some((t) => family(t) === name && t.cost === dearest)).toBe(true);
    }
    // The families take turns: no family twice in that round.
    expect(new Set(round.map(family)).size).toBe(round.length);
    // So the dearest tasks of the whole run start in its first quarter.
    const dearest = [...tasks].sort((a, b) => b.cost - a.cost)[0];
    expect(tasks.indexOf(dearest)).toBeLessThan(tasks.length / 4);
  });

  it('quick costs follow the quick run: liblinear dearest, then boosting; every SVC alike', () => {
    const cost = (name: string, parameter: Record<string, unknown>) =>
      jobCost({ dataset: 'fashion', name, parameter }, true);
    expect(
      cost('LogisticRegression', { C: 100, penalty: 'l2', multi_class: 'ovr' }),
    ).toBeGreaterThan(cost('GradientBoostingClassifier', { n_estimators: 100, max_depth: 50 }));
    expect(cost('SVC', { C: 100, kernel: 'linear' })).toBe(cost('SVC', { C: 1, kernel: 'rbf' }));
    expect(cost('LogisticRegression', { C: 1, multi_class: 'multinomial' })).toBeLessThan(0.1);
    // On the full data the table is another one: there SVC linear C=100 is among the dearest.
    expect(
      jobCost({ dataset: 'fashion', name: 'SVC', parameter: { C: 100, kernel: 'linear' } }),
    ).toBeGreaterThan(
      jobCost({
        dataset: 'fashion',
        name: 'LogisticRegression',
        parameter: { C: 100, penalty: 'l2' },
      }),
    );
  });
});

describe('planTasks plans', () => {
  it('groups by the plans it is given: the benchmark’s by default, none with an empty map', () => {
    const grouped = planTasks(jobs);
    expect(new Set(grouped.filter((t) => t.shared).map(family))).toEqual(
      new Set(Object.keys(SHARED_PLANS)),
    );
    const alone = planTasks(jobs, { plans: {} });
    expect(alone.every((t) => t.jobs.length === 1 && t.shared === undefined)).toBe(true);
    expect(alone).toHaveLength(jobs.length);
    expect(keys(alone)).toEqual(keys(grouped));
    const knnOnly = planTasks(jobs, {
      plans: { KNeighborsClassifier: SHARED_PLANS.KNeighborsClassifier },
    });
    expect(new Set(knnOnly.filter((t) => t.shared).map(family))).toEqual(
      new Set(['KNeighborsClassifier']),
    );
  });
});
