import { jobKey, type Job } from '../grid/job.js';
import { SHARED_PLANS } from './shared-plans.js';
import type { SharedPlans } from './shared-work.js';

/** What one worker executes: a job, or a group of jobs that share work. */
export interface Task {
  id: number;
  jobs: Job[];
  /** The family whose SharedWork runs the group (absent for a lone job). */
  shared?: string;
  /** Relative cost estimate: it orders the tasks and weighs the ETA. */
  cost: number;
}

/**
 * The order tasks run in. `longest-first` (the full grid): the longest-processing-time rule, so
 * the pool finishes together. `families-first` (the quick run): each family's cheapest task
 * first, cheapest of those first, then the rest family by family in turn (the family with the
 * most estimated work left first, each family's dearest task first), so every family shows a
 * result early and the long tasks still start well before the end. Replayed on a measured quick
 * run's job times (2 workers), both orders end within a second of each other (the run is bound
 * by its 1,300 s of work), while `families-first` shows every family by 85 s instead of 653 s.
 * The full grid keeps `longest-first`: its dearest tasks take 20–40 minutes.
 */
export type TaskOrder = 'longest-first' | 'families-first';

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

/**
 * The same on the quick subsample (10,000 / 2,000 rows, one kernel thread), in seconds of a
 * family's typical configuration (see {@link quickParameterCost}), from a quick run of
 * baselines.json on the project's 2-core machine (issue 28). The full data's table does not
 * carry over: there SVC is the second dearest family, while on 10,000 rows its fits take 3–12 s
 * and liblinear's LogisticRegression and LinearSVC 11–147 s.
 */
const QUICK_FAMILY_COST: Record<string, number> = {
  GaussianProcessClassifier: 42,
  LogisticRegression: 40,
  GradientBoostingClassifier: 20,
  LinearSVC: 14,
  SVC: 7,
  MLPClassifier: 5,
  DecisionTreeClassifier: 0.8,
  SGDClassifier: 0.6,
  Perceptron: 0.6,
  RandomForestClassifier: 0.5,
  KNeighborsClassifier: 0.5,
  PassiveAggressiveClassifier: 0.3,
  ExtraTreeClassifier: 0.2,
  GaussianNB: 0.1,
};

/**
 * Configurations sklearn 0.19 refuses before any fit (recorded as `cannot_create` by the sanity
 * check within milliseconds): liblinear has no multinomial LogisticRegression, and LinearSVC's
 * dual one-vs-rest solver takes no l1 penalty. Costing them as fits would skew the ETA: they
 * are 12 of baselines.json's 143 jobs.
 */
function refusedBeforeFit(name: string, p: Record<string, unknown>): boolean {
  if (name === 'LogisticRegression')
    return p.multi_class === 'multinomial' && (p.solver ?? 'liblinear') === 'liblinear';
  if (name === 'LinearSVC')
    return p.penalty === 'l1' && p.dual !== false && p.multi_class !== 'crammer_singer';
  return false;
}

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
  if (refusedBeforeFit(name, p)) return 0.001;
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

/**
 * {@link parameterCost} on the quick subsample, where the shapes differ (the quick run behind
 * {@link QUICK_FAMILY_COST}): liblinear's problems grow faster with C and l1 costs no more than
 * l2 (LogisticRegression l2: 40 / 74 / 147 s at C = 1 / 10 / 100, l1: 46 / 87 / 93 s), and
 * Crammer–Singer hardly depends on C (22–26 s); boosting's depth-10 and depth-50 trees are the
 * same trees on 10,000 rows (100 stages: 102 and 99 s, depth 3: 25 s); every SVC takes 3–12 s.
 */
function quickParameterCost(name: string, p: Record<string, unknown>): number {
  if (refusedBeforeFit(name, p)) return 0.001;
  const C = numberOf(p.C);
  const cFactor = Number.isFinite(C) && C > 1 ? 1 + Math.log10(C) : 1;
  switch (name) {
    case 'GradientBoostingClassifier': {
      const depth = numberOf(p.max_depth);
      const perStage = !Number.isFinite(depth) || depth <= 3 ? 1 : 4;
      return (perStage * (numberOf(p.n_estimators) || 100)) / 100;
    }
    case 'LinearSVC':
      return p.multi_class === 'crammer_singer' ? 1.5 : cFactor;
    case 'LogisticRegression':
      return cFactor;
    case 'SVC':
      return 1;
    default:
      return parameterCost(name, p);
  }
}

/**
 * Estimated cost of a job: relative units on the full data, seconds on one thread with `quick`.
 * It orders the tasks and weighs the ETA.
 */
export function jobCost(job: Job, quick = false): number {
  if (quick)
    return (QUICK_FAMILY_COST[job.name] ?? 5) * quickParameterCost(job.name, job.parameter);
  return (FAMILY_COST[job.name] ?? 10) * parameterCost(job.name, job.parameter);
}

/** Options of {@link planTasks}. */
export interface PlanOptions {
  /** Share exact work between configurations (default true). */
  share?: boolean;
  /** The shared-work plans to group jobs by (default: the benchmark's, SHARED_PLANS). */
  plans?: SharedPlans;
  /** The jobs run on the quick subsample (its cost table). */
  quick?: boolean;
  /** Default `longest-first`. */
  order?: TaskOrder;
}

/**
 * Turns jobs into tasks: jobs whose family has shared work and whose keys match (same dataset)
 * become one task; the rest run alone. Tasks are ordered by `options.order` (see {@link TaskOrder}).
 */
export function planTasks(jobs: Job[], options: PlanOptions = {}): Task[] {
  const cost = (job: Job) => jobCost(job, options.quick);
  const plans = options.plans ?? SHARED_PLANS;
  const groups = new Map<string, Job[]>();
  const tasks: Omit<Task, 'id'>[] = [];
  for (const job of jobs) {
    const plan = options.share === false ? undefined : plans[job.name];
    const key = plan?.key(job.parameter);
    if (plan && key !== undefined) {
      const k = `${job.dataset}|${job.name}|${key}`;
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k)!.push(job);
    } else {
      tasks.push({ jobs: [job], cost: cost(job) });
    }
  }
  for (const group of groups.values()) {
    // A group costs what its dearest member costs (the shared fit), and a little more.
    const dearest = Math.max(...group.map(cost));
    tasks.push(
      group.length > 1
        ? { jobs: group, shared: group[0].name, cost: dearest * 1.2 }
        : { jobs: group, cost: dearest },
    );
  }
  const longestFirst = tasks.sort(
    (a, b) => b.cost - a.cost || jobKey(a.jobs[0]).localeCompare(jobKey(b.jobs[0])),
  );
  const ordered = options.order === 'families-first' ? familiesFirst(longestFirst) : longestFirst;
  return ordered.map((t, id) => ({ ...t, id }));
}

/**
 * {@link TaskOrder}'s `families-first`, from tasks sorted longest first. Configurations refused
 * before any fit go last (they take milliseconds and show no result), so each family opens with a
 * configuration that runs.
 */
function familiesFirst<T extends Omit<Task, 'id'>>(longestFirst: T[]): T[] {
  const families = new Map<string, T[]>();
  const refused: T[] = [];
  for (const t of longestFirst) {
    if (t.jobs.every((j) => refusedBeforeFit(j.name, j.parameter))) {
      refused.push(t);
      continue;
    }
    const name = t.jobs[0].name;
    if (!families.has(name)) families.set(name, []);
    families.get(name)!.push(t);
  }
  // The opening: one result per family as soon as possible (the cheapest task of each).
  const opening = [...families.values()].map((list) => list.pop()!);
  opening.sort((a, b) => a.cost - b.cost);
  // Then rounds: each family's dearest task left, the family with the most work left first.
  const rest: T[] = [];
  const left = (list: T[]) => list.reduce((s, t) => s + t.cost, 0);
  for (;;) {
    const round = [...families.values()].filter((list) => list.length > 0);
    if (round.length === 0) break;
    round.sort((a, b) => left(b) - left(a));
    for (const list of round) rest.push(list.shift()!);
  }
  return [...opening, ...rest, ...refused];
}
