import type { KNeighborsClassifier } from '@fmnist/ml';
import { makeEstimator } from '../grid/estimator-factory.js';
import type { GroupRepeat, SharedWork } from './shared-work.js';

const K_DEFAULT = 5;
const kOf = (p: Record<string, unknown>) => (p.n_neighbors as number | undefined) ?? K_DEFAULT;

/**
 * KNN configurations that differ only in n_neighbors and weights share one neighbour search at
 * their largest k: the first k neighbours of an exact search (ties by index) are the k-search's
 * answer, and both weightings are votes over the same neighbours.
 */
export const KNN_SHARED: SharedWork = {
  family: 'KNeighborsClassifier',
  key(parameter) {
    const rest = Object.entries(parameter).filter(([k]) => k !== 'n_neighbors' && k !== 'weights');
    return JSON.stringify(rest.sort(([a], [b]) => a.localeCompare(b)));
  },
  runRepeat(parameters, X, y, Xt, seed): GroupRepeat {
    const kMax = Math.max(...parameters.map(kOf));
    const model = makeEstimator(
      'KNeighborsClassifier',
      { ...parameters[0], n_neighbors: kMax, weights: 'uniform' },
      seed,
    ) as KNeighborsClassifier;
    const t0 = performance.now();
    model.fit(X, y);
    const t1 = performance.now();
    const nb = model.kneighbors(Xt, kMax);
    const t2 = performance.now();
    const out: GroupRepeat = { predictions: [], fitMs: [], predictMs: [] };
    for (const p of parameters) {
      const t3 = performance.now();
      out.predictions.push(
        model.predictFromNeighbors(
          nb,
          kOf(p),
          (p.weights as 'uniform' | 'distance' | undefined) ?? 'uniform',
        ),
      );
      out.fitMs.push(t1 - t0);
      out.predictMs.push(t2 - t1 + (performance.now() - t3));
    }
    return out;
  },
};
