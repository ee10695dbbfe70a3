import { Random } from '../../base/random.js';
import { oneVsRestLabels, type LinearProblem, type SolverResult } from './problem.js';

/** The one-vs-rest weights in sklearn's layout plus the solver's bookkeeping. */
export interface OvrFit {
  /** rows×d, class-major (rows = 1 for two classes, else K). */
  coef: Float64Array;
  /** bias·w_bias per row (0 without a bias feature), as sklearn's `intercept_`. */
  intercept: Float64Array;
  /** The largest iteration count over the binary problems (sklearn's `n_iter_`). */
  nIter: number;
  /** Whether every binary problem met its tolerance. */
  converged: boolean;
}

/**
 * Trains liblinear's one-vs-rest scheme: for two classes one problem with class 1 as the positive
 * class, else K problems "class k against the rest". The problems are independent; each draws
 * its permutations from its own child generator of `seed`, so the result does not depend on the
 * order (or the thread) in which they run. They run sequentially: `fit` is synchronous and the
 * worker pool (packages/ml/src/parallel) runs WASM kernels, not these TypeScript solvers. (The
 * dual CD solver has a WASM port that runs the problems on the pool: `dualCdOneVsRest`.)
 */
export function trainOneVsRest(
  p: LinearProblem,
  y: Int32Array,
  K: number,
  seed: number,
  solve: (yPM: Int8Array, rand: Random) => SolverResult,
): OvrFit {
  const rows = K === 2 ? 1 : K;
  const { d, nw, bias } = p;
  const master = new Random(seed);
  const seeds = Array.from({ length: rows }, () => master.seed());
  const coef = new Float64Array(rows * d);
  const intercept = new Float64Array(rows);
  let nIter = 0;
  let converged = true;
  for (let r = 0; r < rows; r++) {
    const k = K === 2 ? 1 : r;
    const res = solve(oneVsRestLabels(y, k), new Random(seeds[r]));
    coef.set(res.w.subarray(0, d), r * d);
    intercept[r] = nw > d ? bias * res.w[d] : 0;
    nIter = Math.max(nIter, res.nIter);
    converged &&= res.converged;
  }
  return { coef, intercept, nIter, converged };
}
