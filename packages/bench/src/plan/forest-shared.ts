import { stagedSharing } from './staged-shared.js';

/**
 * RandomForest configurations that differ only in n_estimators share one fit of the most trees:
 * tree t's seed is the t-th draw of one stream and its bootstrap comes from that seed, so the
 * first m trees of the largest forest are the m-tree forest, and `stagedPredict` averages each
 * prefix as that forest would (one pass per count, each charged its own).
 */
export const FOREST_SHARED = stagedSharing({
  family: 'RandomForestClassifier',
  param: 'n_estimators',
  fallback: 10,
  predictShare: (m, counts) => m / counts.reduce((a, b) => a + b, 0),
});
