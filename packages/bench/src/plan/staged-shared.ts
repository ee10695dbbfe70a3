import { isStagedEnsemble } from '@fmnist/ml';
import { makeEstimator } from '../grid/estimator-factory.js';
import type { GroupRepeat, SharedWork } from './shared-work.js';

/**
 * Shared work for configurations of a staged ensemble (`StagedEnsemble`: boosting, forests)
 * that differ only in a stage count (`param`, default `fallback`): one fit of the most stages,
 * the predictions of every count from `stagedPredict`. Each configuration's fit time is the
 * time the shared fit took to finish its last stage (`onStage`), and it is charged
 * `predictShare(count, counts)` of the staged prediction's time.
 */
export function stagedSharing(plan: {
  family: string;
  param: string;
  fallback: number;
  predictShare(count: number, counts: number[]): number;
}): SharedWork {
  const countOf = (p: Record<string, unknown>) =>
    (p[plan.param] as number | undefined) ?? plan.fallback;
  return {
    family: plan.family,
    key(parameter) {
      const rest = Object.entries(parameter).filter(([k]) => k !== plan.param);
      return JSON.stringify(rest.sort(([a], [b]) => a.localeCompare(b)));
    },
    runRepeat(parameters, X, y, Xt, seed): GroupRepeat {
      const counts = parameters.map(countOf);
      const most = Math.max(...counts);
      const model = makeEstimator(plan.family, { ...parameters[0], [plan.param]: most }, seed);
      if (!isStagedEnsemble(model)) throw new Error(`${plan.family} is not a staged ensemble`);
      const times: number[] = [];
      model.onStage = (stage, ms) => (times[stage - 1] = ms);
      model.fit(X, y);
      const t0 = performance.now();
      const predictions = model.stagedPredict(Xt, counts);
      const predictMs = performance.now() - t0;
      return {
        predictions,
        fitMs: counts.map((s) => times[s - 1]),
        predictMs: counts.map((s) => predictMs * plan.predictShare(s, counts)),
      };
    },
  };
}
