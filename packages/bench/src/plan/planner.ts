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
      tasks.push({ jobs: [job], cost: FAMILY_COST[job.name] ?? 10 });
    }
  }
  for (const group of groups.values()) {
    const family = group[0].name;
    tasks.push(
      group.length > 1
        ? { jobs: group, shared: family, cost: (FAMILY_COST[family] ?? 10) * 1.2 }
        : { jobs: group, cost: FAMILY_COST[family] ?? 10 },
    );
  }
  return tasks
    .sort((a, b) => b.cost - a.cost || jobKey(a.jobs[0]).localeCompare(jobKey(b.jobs[0])))
    .map((t, id) => ({ ...t, id }));
}
