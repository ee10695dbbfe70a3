import { jobKey, type Job } from '../grid/job.js';
import './shared-plans.js';
import { SHARED_WORK } from './shared-work.js';

/** What one worker executes: a job, or a group of jobs that share work. */
export interface Task {
  id: number;
  jobs: Job[];
  /** The family whose SharedWork runs the group (absent for a lone job). */
  shared?: string;
  /** Relative cost estimate: tasks run longest first so the pool finishes together. */
  cost: number;
}

/** Rough relative cost of one fit+predict by family on the full data (seconds measured by sklearn, scaled). */
const FAMILY_COST: Record<string, number> = {
  GradientBoostingClassifier: 1000,
  SVC: 400,
  LogisticRegression: 300,
  MLPClassifier: 100,
  RandomForestClassifier: 90,
  LinearSVC: 80,
  KNeighborsClassifier: 60,
  GaussianProcessClassifier: 50,
  DecisionTreeClassifier: 25,
  Perceptron: 11,
  PassiveAggressiveClassifier: 8,
  SGDClassifier: 5,
  ExtraTreeClassifier: 1,
  GaussianNB: 1,
};

/** A parameter value as a number (tuples such as "(100,10,)" give their first size), or NaN. */
const numberOf = (v: unknown): number =>
  typeof v === 'number' ? v : typeof v === 'string' ? Number(/\d+/.exec(v)?.[0] ?? NaN) : NaN;

/**
 * How much more (or less) one configuration costs than its family's typical one, from fits
 * measured on this project's 2-core machine (full data): boosting stages cost 1 : 2.9 : 8 at
 * depth 3, 10 and 50, and the forest grows with its trees; SVC's linear kernel is its slowest
 * (10k rows: linear 15–28 s, poly ~10 s, rbf and sigmoid 5–7 s) and larger C iterates longer;
 * liblinear's l1 problems and large C converge slowest; p = 1 KNN is an L1 distance search; a
 * 100-unit MLP layer costs about three 10-unit ones. So the longest tasks start first.
 */
function parameterCost(name: string, p: Record<string, unknown>): number {
  const C = numberOf(p.C);
  const cFactor = Number.isFinite(C) && C > 1 ? 1 + Math.log10(C) / 2 : 1;
  switch (name) {
    case 'GradientBoostingClassifier': {
      const depth = numberOf(p.max_depth);
      const perStage = !Number.isFinite(depth) || depth <= 3 ? 1 : depth <= 10 ? 2.9 : 8;
      return (perStage * (numberOf(p.n_estimators) || 100)) / 100;
    }
    case 'RandomForestClassifier':
      return (numberOf(p.n_estimators) || 10) / 10;
    case 'SVC': {
      const k = p.kernel ?? 'rbf';
      return (k === 'linear' ? 3 : k === 'poly' ? 1.5 : 1) * cFactor;
    }
    case 'LogisticRegression':
    case 'LinearSVC':
      return (p.penalty === 'l1' ? 2 : 1) * cFactor;
    case 'KNeighborsClassifier':
      return numberOf(p.p) === 1 ? 5 : 1;
    case 'MLPClassifier':
      return numberOf(p.hidden_layer_sizes) >= 100 ? 3 : 1;
    default:
      return 1;
  }
}

/** Estimated relative cost of a job. */
export function jobCost(job: Job): number {
  return (FAMILY_COST[job.name] ?? 10) * parameterCost(job.name, job.parameter);
}

/**
 * Turns jobs into tasks: jobs whose family has shared work and whose keys match (same dataset)
 * become one task; the rest run alone. Tasks are ordered by estimated cost, largest first.
 */
export function planTasks(jobs: Job[], options: { share?: boolean } = {}): Task[] {
  const groups = new Map<string, Job[]>();
  const tasks: Omit<Task, 'id'>[] = [];
  for (const job of jobs) {
    const plan = options.share === false ? undefined : SHARED_WORK[job.name];
    const key = plan?.key(job.parameter);
    if (plan && key !== undefined) {
      const k = `${job.dataset}|${job.name}|${key}`;
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k)!.push(job);
    } else {
      tasks.push({ jobs: [job], cost: jobCost(job) });
    }
  }
  for (const group of groups.values()) {
    // A group costs what its dearest member costs (the shared fit), and a little more.
    const cost = Math.max(...group.map(jobCost));
    tasks.push(
      group.length > 1
        ? { jobs: group, shared: group[0].name, cost: cost * 1.2 }
        : { jobs: group, cost },
    );
  }
  return tasks
    .sort((a, b) => b.cost - a.cost || jobKey(a.jobs[0]).localeCompare(jobKey(b.jobs[0])))
    .map((t, id) => ({ ...t, id }));
}
