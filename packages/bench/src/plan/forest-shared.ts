import type { RandomForestClassifier } from '@fmnist/ml';
import { makeEstimator } from '../protocol/estimator-factory.js';
import type { GroupRepeat, SharedWork } from './shared-work.js';

const TREES_DEFAULT = 10;
const treesOf = (p: Record<string, unknown>) =>
  (p.n_estimators as number | undefined) ?? TREES_DEFAULT;

/**
 * RandomForest configurations that differ only in n_estimators share one fit of the most trees:
 * tree t's seed is the t-th draw of one stream and its bootstrap comes from that seed, so the
 * first m trees of the largest forest are the m-tree forest, and `stagedPredict` averages each
 * prefix as that forest would. Each configuration's fit time is the time the shared fit took to
 * finish its m-th tree.
 */
export const FOREST_SHARED: SharedWork = {
  family: 'RandomForestClassifier',
  key(parameter) {
    const rest = Object.entries(parameter).filter(([k]) => k !== 'n_estimators');
    return JSON.stringify(rest.sort(([a], [b]) => a.localeCompare(b)));
  },
  runRepeat(parameters, X, y, Xt, seed): GroupRepeat {
    const counts = parameters.map(treesOf);
    const most = Math.max(...counts);
    const model = makeEstimator(
      'RandomForestClassifier',
      { ...parameters[0], n_estimators: most },
      seed,
    ) as RandomForestClassifier;
    model.fit(X, y);
    const t0 = performance.now();
    const predictions = model.stagedPredict(Xt, counts);
    const predictMs = performance.now() - t0;
    const total = counts.reduce((a, b) => a + b, 0);
    return {
      predictions,
      fitMs: counts.map((m) => model.treeTimes_[m - 1]),
      predictMs: counts.map((m) => (predictMs * m) / total),
    };
  },
};
