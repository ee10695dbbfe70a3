import type { Matrix } from '../base/matrix.js';
import type { Neighbors } from './exact-search.js';

/** sklearn's `weights` of the neighbour vote. */
export type NeighborWeights = 'uniform' | 'distance';

/**
 * Class probabilities from precomputed neighbours, as sklearn's `predict_proba`: each of the
 * first k neighbours of a row votes for its class with weight 1 (uniform) or 1/d (distance);
 * votes are normalised to sum to 1. With distance weights, a row with an exact match (d = 0)
 * gives weight 1 to its zero-distance neighbours and 0 to the others, as sklearn does.
 * `labels` are the training labels encoded as 0..nClasses-1. k may be below `nb.k`, so one
 * search at the largest k of a grid serves every smaller k and both weightings.
 */
export function neighborProba(
  nb: Neighbors,
  labels: Int32Array,
  nClasses: number,
  k: number = nb.k,
  weights: NeighborWeights = 'uniform',
): Matrix<Float64Array> {
  if (!Number.isInteger(k) || k < 1 || k > nb.k)
    throw new RangeError(
      `k must be an integer in [1, ${nb.k}] (the neighbours computed), got ${k}`,
    );
  const m = nb.indices.length / nb.k;
  const out = new Float64Array(m * nClasses);
  for (let i = 0; i < m; i++) {
    const row = i * nb.k;
    const o = i * nClasses;
    let exact = false;
    if (weights === 'distance')
      for (let t = 0; t < k; t++) if (nb.distances[row + t] === 0) exact = true;
    let total = 0;
    for (let t = 0; t < k; t++) {
      const d = nb.distances[row + t];
      const w = weights === 'uniform' ? 1 : exact ? (d === 0 ? 1 : 0) : 1 / d;
      out[o + labels[nb.indices[row + t]]] += w;
      total += w;
    }
    if (total === 0) total = 1; // sklearn's normaliser guard
    for (let c = 0; c < nClasses; c++) out[o + c] /= total;
  }
  return { data: out, shape: [m, nClasses] };
}

/**
 * Predicted class indices from precomputed neighbours: the class with the largest (weighted)
 * vote, the smallest class index among equal votes (scipy's mode / sklearn's weighted_mode).
 */
export function predictFromNeighbors(
  nb: Neighbors,
  labels: Int32Array,
  nClasses: number,
  k: number = nb.k,
  weights: NeighborWeights = 'uniform',
): Int32Array {
  const p = neighborProba(nb, labels, nClasses, k, weights);
  const m = p.shape[0];
  const out = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    let best = 0;
    for (let c = 1; c < nClasses; c++)
      if (p.data[i * nClasses + c] > p.data[i * nClasses + best]) best = c;
    out[i] = best;
  }
  return out;
}
