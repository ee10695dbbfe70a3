import type { GradientBoostingClassifier } from '@fmnist/ml';
import { makeEstimator } from '../protocol/estimator-factory.js';
import type { GroupRepeat, SharedWork } from './shared-work.js';

const STAGES_DEFAULT = 100;
const stagesOf = (p: Record<string, unknown>) =>
  (p.n_estimators as number | undefined) ?? STAGES_DEFAULT;

/**
 * GradientBoosting configurations that differ only in n_estimators share one fit of the most
 * stages: stage s of a boosted model does not depend on how many stages follow it (each tree's
 * seed comes from one stream, drawn in stage order), so the first s stages of the longest fit
 * are the s-stage model, and `stagedPredict` reads its predictions at every s in one pass. Each
 * configuration's fit time is the time the shared fit took to finish its last stage.
 */
export const BOOSTING_SHARED: SharedWork = {
  family: 'GradientBoostingClassifier',
  key(parameter) {
    const rest = Object.entries(parameter).filter(([k]) => k !== 'n_estimators');
    return JSON.stringify(rest.sort(([a], [b]) => a.localeCompare(b)));
  },
  runRepeat(parameters, X, y, Xt, seed): GroupRepeat {
    const stages = parameters.map(stagesOf);
    const most = Math.max(...stages);
    const model = makeEstimator(
      'GradientBoostingClassifier',
      { ...parameters[0], n_estimators: most },
      seed,
    ) as GradientBoostingClassifier;
    model.fit(X, y);
    const t0 = performance.now();
    const predictions = model.stagedPredict(Xt, stages);
    const predictMs = performance.now() - t0;
    return {
      predictions,
      fitMs: stages.map((s) => model.stageTimes_[s - 1]),
      predictMs: stages.map((s) => (predictMs * s) / most),
    };
  },
};
