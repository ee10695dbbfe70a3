import type { Random } from '../../base/random.js';
import {
  axpyRow,
  dotRow,
  rowSquaredNorms,
  shufflePrefix,
  type LinearProblem,
  type SolverResult,
} from './problem.js';

/**
 * L2-regularised linear SVM in the dual by coordinate descent with shrinking (liblinear's solvers
 * 1 and 3; Hsieh, Chang, Lin, Keerthi & Sundararajan 2008):
 *
 *   min_α ½ αᵀ(Q + D)α − eᵀα,  0 ≤ αᵢ ≤ U,   Qᵢⱼ = yᵢyⱼ xᵢᵀxⱼ,
 *
 * with U = C, D = 0 for the hinge loss (L1-loss SVM) and U = ∞, Dᵢᵢ = 1/(2C) for the squared
 * hinge. w = Σ αᵢ yᵢ xᵢ is kept up to date, so each coordinate costs two passes over one row.
 * Each outer iteration visits the active coordinates in a fresh random order (from `rand`);
 * coordinates at a bound whose projected gradient passes last iteration's extremes are shrunk.
 * Stops when max − min of the projected gradient ≤ tol over all coordinates (unscaled tol, as
 * liblinear's dual solvers) or after `maxIter` outer iterations.
 */
export function dualCdSvc(
  p: LinearProblem,
  y: Int8Array,
  C: number,
  loss: 'hinge' | 'squared_hinge',
  tol: number,
  maxIter: number,
  rand: Random,
  qd0?: Float64Array,
): SolverResult {
  const { n, nw } = p;
  const diag = loss === 'hinge' ? 0 : 0.5 / C;
  const upper = loss === 'hinge' ? C : Infinity;
  const w = new Float64Array(nw);
  const alpha = new Float64Array(n);
  const qd = (qd0 ?? rowSquaredNorms(p)).map((q) => q + diag);
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  let active = n;
  let pgMaxOld = Infinity;
  let pgMinOld = -Infinity;
  let iter = 0;
  let converged = false;
  while (iter < maxIter) {
    let pgMax = -Infinity;
    let pgMin = Infinity;
    shufflePrefix(index, active, rand);
    for (let s = 0; s < active; s++) {
      const i = index[s];
      const yi = y[i];
      const ai = alpha[i];
      const G = yi * dotRow(p, i, w) - 1 + ai * diag;
      let pg = 0;
      if (ai === 0) {
        if (G > pgMaxOld) {
          active--;
          index[s] = index[active];
          index[active] = i;
          s--;
          continue;
        }
        if (G < 0) pg = G;
      } else if (ai === upper) {
        if (G < pgMinOld) {
          active--;
          index[s] = index[active];
          index[active] = i;
          s--;
          continue;
        }
        if (G > 0) pg = G;
      } else pg = G;
      if (pg > pgMax) pgMax = pg;
      if (pg < pgMin) pgMin = pg;
      if (Math.abs(pg) > 1e-12 && qd[i] > 0) {
        const next = Math.min(Math.max(ai - G / qd[i], 0), upper);
        alpha[i] = next;
        axpyRow(p, i, (next - ai) * yi, w);
      }
    }
    iter++;
    if (pgMax - pgMin <= tol) {
      if (active === n) {
        converged = true;
        break;
      }
      // Converged on the shrunk set: check everything once more before stopping.
      active = n;
      pgMaxOld = Infinity;
      pgMinOld = -Infinity;
      continue;
    }
    pgMaxOld = pgMax <= 0 ? Infinity : pgMax;
    pgMinOld = pgMin >= 0 ? -Infinity : pgMin;
  }
  return { w, nIter: iter, converged };
}
