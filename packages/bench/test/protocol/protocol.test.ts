import { describe, expect, it } from 'vitest';
import { Random } from '@fmnist/ml';
import { stratifiedSubsample } from '../../src/data/bench-data.js';
import { loadGrid } from '../../src/grid/load-grid.js';
import { planTasks } from '../../src/plan/planner.js';
import { executeTask } from '../../src/protocol/execute-task.js';
import { shouldStop } from '../../src/protocol/repeats.js';
import { makeEstimator, solverOf, useFaithfulSolvers } from '../../src/grid/estimator-factory.js';

describe('protocol pieces', () => {
  it('records name the solver: the exact fast one where the benchmark picks it, else sklearn’s', () => {
    expect(solverOf('SVC', { C: 10, kernel: 'linear' })).toBe('interior-point');
    expect(makeEstimator('SVC', { C: 10, kernel: 'linear' }, 0).getParams()).toMatchObject({
      solver: 'interior-point',
      C: 10,
    });
    expect(solverOf('SVC', { kernel: 'rbf' })).toBe('libsvm');
    expect(solverOf('SVC', { C: 1, kernel: 'linear' })).toBe('libsvm'); // measured slower there
    useFaithfulSolvers(true);
    try {
      expect(solverOf('SVC', { C: 10, kernel: 'linear' })).toBe('libsvm');
      expect(solverOf('LogisticRegression', { penalty: 'l1', C: 10 })).toBe('liblinear');
      expect(makeEstimator('SVC', { kernel: 'linear' }, 0).getParams()).toMatchObject({
        solver: 'libsvm',
      });
    } finally {
      useFaithfulSolvers(false);
    }
    expect(solverOf('LogisticRegression', { penalty: 'l1' })).toBe('liblinear-hessian');
    expect(solverOf('LogisticRegression', { penalty: 'l2' })).toBe('liblinear');
    expect(solverOf('MLPClassifier', {})).toBe('adam');
    expect(solverOf('GaussianNB', {})).toBeUndefined();
    // A configuration that cannot be built has none either (it is recorded as cannot_create).
    expect(solverOf('NoSuchClassifier', {})).toBeUndefined();
  });
  it('invariance rule: stop after 2 repeats within 1e-3, else run num_repeat', () => {
    expect(shouldStop([0.8], 5)).toBe(false);
    expect(shouldStop([0.8, 0.8005], 5)).toBe(true);
    expect(shouldStop([0.8, 0.802], 5)).toBe(false);
    expect(shouldStop([0.8, 0.802, 0.81], 3)).toBe(true);
    expect(shouldStop([0.8], 1)).toBe(true);
  });
  it('stratified subsample: exact size, classes in proportion, seeded', () => {
    const labels = Int32Array.from({ length: 1000 }, (_, i) => (i < 700 ? 0 : i < 900 ? 1 : 2));
    const s = stratifiedSubsample(labels, 100, 3);
    expect(s).toHaveLength(100);
    const counts = [0, 0, 0];
    for (const i of s) counts[labels[i]]++;
    expect(counts).toEqual([70, 20, 10]);
    expect(Array.from(stratifiedSubsample(labels, 100, 3))).toEqual(Array.from(s));
    expect(Array.from(stratifiedSubsample(labels, 100, 4))).not.toEqual(Array.from(s));
    expect(new Set(s).size).toBe(100);
  });
  it('planner: one task per job without shared work, longest family first', () => {
    const jobs = [
      { dataset: 'fashion' as const, name: 'GaussianNB', parameter: {} },
      { dataset: 'fashion' as const, name: 'SVC', parameter: { C: 1 } },
      { dataset: 'mnist' as const, name: 'SGDClassifier', parameter: {} },
    ];
    const tasks = planTasks(jobs);
    expect(tasks.map((t) => t.jobs[0].name)).toEqual(['SVC', 'SGDClassifier', 'GaussianNB']);
    expect(tasks.map((t) => t.id)).toEqual([0, 1, 2]);
  });
  it('planner: on the baselines grid the dearest configurations start first', () => {
    const jobs = loadGrid('baselines').map((c) => ({ ...c, dataset: 'fashion' as const }));
    const tasks = planTasks(jobs);
    const first = tasks[0];
    // The 100-stage boosting fit at depth 50 (shared by its 10/50-stage rows) is the longest.
    expect(first.shared).toBe('GradientBoostingClassifier');
    expect(first.jobs.every((j) => j.parameter.max_depth === 50)).toBe(true);
    const at = (name: string, match: Record<string, unknown>) =>
      tasks.findIndex((t) =>
        t.jobs.some(
          (j) => j.name === name && Object.entries(match).every(([k, v]) => j.parameter[k] === v),
        ),
      );
    expect(at('GradientBoostingClassifier', { max_depth: 10 })).toBeLessThan(
      at('GradientBoostingClassifier', { max_depth: 3 }),
    );
    expect(at('SVC', { kernel: 'linear', C: 100 })).toBeLessThan(
      at('SVC', { kernel: 'rbf', C: 1 }),
    );
    expect(at('LinearSVC', { C: 100, multi_class: 'ovr' })).toBeLessThan(
      at('LinearSVC', { C: 1, multi_class: 'ovr' }),
    );
    // Forests of 10, 50 and 100 trees are one task (the 100-tree fit).
    expect(at('RandomForestClassifier', { n_estimators: 10, max_depth: 50 })).toBe(
      at('RandomForestClassifier', { n_estimators: 100, max_depth: 50 }),
    );
    // Every job is planned exactly once.
    expect(tasks.reduce((s, t) => s + t.jobs.length, 0)).toBe(jobs.length);
  });
  it('Random is reproducible and its permutations are permutations', () => {
    const p = new Random(42).permutation(50);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(new Random(42).permutation(50))).toEqual(Array.from(p));
  });
  it('a shared task run with plans that lack its family is a clear error', () => {
    const job = { dataset: 'fashion' as const, name: 'KNeighborsClassifier', parameter: {} };
    const task = { id: 0, jobs: [job, job], shared: 'KNeighborsClassifier', cost: 1 };
    const settings = { numRepeat: 1, seed: 0, threads: 1, version: 'test', faithfulSolvers: false };
    expect(() => executeTask(task, {} as never, settings, () => {}, {})).toThrow(
      /no shared-work plan for KNeighborsClassifier/,
    );
  });
});
