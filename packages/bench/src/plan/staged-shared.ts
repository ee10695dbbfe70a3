import type { Classifier, Matrix } from '@fmnist/ml';
import { makeEstimator } from '../grid/estimator-factory.js';
import type { GroupRepeat, SharedWork } from './shared-work.js';

/** A fitted model whose first s stages (trees, boosting stages) are the s-stage model. */
interface Staged {
  stagedPredict(X: Matrix, counts: number[]): Int32Array[];
}

/**
 * Shared work for configurations that differ only in a stage count (`param`, default
 * `fallback`): one fit of the most stages, the predictions of every count from `stagedPredict`.
 * Each configuration's fit time is the time the shared fit took to finish its last stage
 * (`stageTimes`: ms from the start of the fit to the end of each stage), and it is charged
 * `predictShare(count, counts)` of the staged prediction's time.
 */
export function stagedSharing(plan: {
  family: string;
  param: string;
  fallback: number;
  stageTimes(model: Classifier<object>): number[];
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
      model.fit(X, y);
      const t0 = performance.now();
      const predictions = (model as unknown as Staged).stagedPredict(Xt, counts);
      const predictMs = performance.now() - t0;
      const times = plan.stageTimes(model);
      return {
        predictions,
        fitMs: counts.map((s) => times[s - 1]),
        predictMs: counts.map((s) => predictMs * plan.predictShare(s, counts)),
      };
    },
  };
}
