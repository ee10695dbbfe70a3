import { makeEstimator } from '../grid/estimator-factory.js';
import type { GroupRepeat, SharedWork } from './shared-work.js';

/** Parameters liblinear's Crammer–Singer solver never reads (sklearn picks it before them). */
const IGNORED = new Set(['loss', 'penalty', 'dual']);

/**
 * LinearSVC configurations with `multi_class='crammer_singer'` that differ only in loss, penalty
 * or dual are the same fit: sklearn 0.19 chooses liblinear's solver 4 from multi_class alone and
 * passes none of the three to it. baselines.json has four such configurations for each C, so
 * one fit per repeat serves all four; each gets the shared fit's time as its own.
 */
export const CRAMMER_SINGER_SHARED: SharedWork = {
  family: 'LinearSVC',
  key(parameter) {
    if (parameter.multi_class !== 'crammer_singer') return undefined;
    const rest = Object.entries(parameter).filter(([k]) => !IGNORED.has(k));
    return JSON.stringify(rest.sort(([a], [b]) => a.localeCompare(b)));
  },
  runRepeat(parameters, X, y, Xt, seed): GroupRepeat {
    const model = makeEstimator('LinearSVC', parameters[0], seed);
    const t0 = performance.now();
    model.fit(X, y);
    const t1 = performance.now();
    const predictions = model.predict(Xt);
    const t2 = performance.now();
    return {
      predictions: parameters.map(() => predictions),
      fitMs: parameters.map(() => t1 - t0),
      predictMs: parameters.map(() => t2 - t1),
    };
  },
};
