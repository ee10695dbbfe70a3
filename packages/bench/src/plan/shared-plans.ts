import { BOOSTING_SHARED } from './boosting-shared.js';
import { CRAMMER_SINGER_SHARED } from './crammer-singer-shared.js';
import { FOREST_SHARED } from './forest-shared.js';
import { KNN_SHARED } from './knn-shared.js';
import type { SharedPlans } from './shared-work.js';

/**
 * The benchmark's shared-work plans, by family: KNN configurations share one neighbour search,
 * boosting and forests one fit through staged predictions, LinearSVC's Crammer–Singer
 * configurations one fit per C (docs/decisions/0004). The planner groups jobs by them and the
 * workers run the groups with them.
 */
export const SHARED_PLANS: SharedPlans = Object.fromEntries(
  [KNN_SHARED, BOOSTING_SHARED, CRAMMER_SINGER_SHARED, FOREST_SHARED].map((p) => [p.family, p]),
);
