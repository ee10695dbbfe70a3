import { stagedSharing } from './staged-shared.js';

/**
 * GradientBoosting configurations that differ only in n_estimators share one fit of the most
 * stages: stage s of a boosted model does not depend on how many stages follow it (each tree's
 * seed comes from one stream, drawn in stage order), so the first s stages of the longest fit
 * are the s-stage model, and `stagedPredict` reads its predictions at every s in one pass over
 * the trees (each count is charged its share of that pass).
 */
export const BOOSTING_SHARED = stagedSharing({
  family: 'GradientBoostingClassifier',
  param: 'n_estimators',
  fallback: 100,
  predictShare: (s, counts) => s / Math.max(...counts),
});
