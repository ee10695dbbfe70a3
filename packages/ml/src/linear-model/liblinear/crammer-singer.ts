import type { Random } from '../../base/random.js';
import { axpyRow, dotRow, rowSquaredNorms, shufflePrefix, type LinearProblem } from './problem.js';

/** The K weight vectors of a Crammer–Singer fit, class-major: w[m*nw + j]. */
export interface CrammerSingerResult {
  w: Float64Array;
  nIter: number;
  converged: boolean;
}

/**
 * Multi-class SVM of Crammer & Singer solved in the dual by sequential coordinate-block descent
 * (liblinear's solver 4, MCSVM_CS; Keerthi, Sundararajan, Chang, Hsieh & Lin 2008):
 *
 *   min_W ½ Σₘ ‖wₘ‖² + C Σᵢ max_m (1 − δ(m, yᵢ) + wₘᵀxᵢ − w_yᵢᵀxᵢ)
 *
 * Each block is one sample's K dual variables, updated in closed form (a sort of K values); a
 * sample's classes whose variables sit at their bound with a small gradient are shrunk, and a
 * sample with ≤ 1 active class leaves the active set. The shrinking tolerance starts at
 * max(10·tol, 1) and halves each time the shrunk problem converges; the solver stops when the
 * largest gradient spread is below tol after a pass over all samples, or after `maxIter` passes.
 */
export function crammerSinger(
  p: LinearProblem,
  y: Int32Array,
  K: number,
  C: number,
  tol: number,
  maxIter: number,
  rand: Random,
): CrammerSingerResult {
  const { n, nw } = p;
  const w = new Float64Array(nw * K);
  const ws = Array.from({ length: K }, (_, m) => w.subarray(m * nw, (m + 1) * nw));
  const alpha = new Float64Array(n * K);
  const qd = rowSquaredNorms(p);
  const alphaIndex = new Int32Array(n * K);
  const yIndex = new Int32Array(n);
  const activeI = new Int32Array(n).fill(K);
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let m = 0; m < K; m++) alphaIndex[i * K + m] = m;
    yIndex[i] = y[i];
    index[i] = i;
  }
  const G = new Float64Array(K);
  const B = new Float64Array(K);
  const alphaNew = new Float64Array(K);
  const sorted = new Float64Array(K);
  const dInd = new Int32Array(K);
  const dVal = new Float64Array(K);
  let active = n;
  let epsShrink = Math.max(10 * tol, 1);
  let startFromAll = true;
  let iter = 0;
  let converged = false;

  const beShrunk = (m: number, yi: number, ai: number, minG: number) =>
    ai === (m === yi ? C : 0) && G[m] < minG;

  while (iter < maxIter) {
    let stopping = -Infinity;
    shufflePrefix(index, active, rand);
    for (let s = 0; s < active; s++) {
      const i = index[s];
      const Ai = qd[i];
      if (!(Ai > 0)) continue;
      const ab = i * K;
      let na = activeI[i];
      for (let m = 0; m < na; m++) G[m] = 1;
      if (yIndex[i] < na) G[yIndex[i]] = 0;
      // G[m] += w_{alphaIndex[m]}·x_i: one unrolled dot per active class over the cached row
      // (class-major weights; liblinear's feature-major inner loop over classes is slower in JS).
      for (let m = 0; m < na; m++) G[m] += dotRow(p, i, ws[alphaIndex[ab + m]]);
      let minG = Infinity;
      let maxG = -Infinity;
      for (let m = 0; m < na; m++) {
        if (alpha[ab + alphaIndex[ab + m]] < 0 && G[m] < minG) minG = G[m];
        if (G[m] > maxG) maxG = G[m];
      }
      if (yIndex[i] < na && alpha[ab + y[i]] < C && G[yIndex[i]] < minG) minG = G[yIndex[i]];

      for (let m = 0; m < na; m++) {
        if (!beShrunk(m, yIndex[i], alpha[ab + alphaIndex[ab + m]], minG)) continue;
        na--;
        while (na > m) {
          if (!beShrunk(na, yIndex[i], alpha[ab + alphaIndex[ab + na]], minG)) {
            swapI(alphaIndex, ab + m, ab + na);
            const t = G[m];
            G[m] = G[na];
            G[na] = t;
            if (yIndex[i] === na) yIndex[i] = m;
            else if (yIndex[i] === m) yIndex[i] = na;
            break;
          }
          na--;
        }
      }
      activeI[i] = na;
      if (na <= 1) {
        active--;
        swapI(index, s, active);
        s--;
        continue;
      }
      if (maxG - minG <= 1e-12) continue;
      stopping = Math.max(maxG - minG, stopping);

      for (let m = 0; m < na; m++) B[m] = G[m] - Ai * alpha[ab + alphaIndex[ab + m]];
      subSolve(Ai, yIndex[i], C, na, B, sorted, alphaNew);
      let nz = 0;
      for (let m = 0; m < na; m++) {
        const cls = alphaIndex[ab + m];
        const delta = alphaNew[m] - alpha[ab + cls];
        alpha[ab + cls] = alphaNew[m];
        if (Math.abs(delta) >= 1e-12) {
          dInd[nz] = cls;
          dVal[nz] = delta;
          nz++;
        }
      }
      for (let m = 0; m < nz; m++) axpyRow(p, i, dVal[m], ws[dInd[m]]);
    }
    iter++;
    if (stopping < epsShrink) {
      if (stopping < tol && startFromAll) {
        converged = true;
        break;
      }
      active = n;
      activeI.fill(K);
      epsShrink = Math.max(epsShrink / 2, tol);
      startFromAll = true;
    } else startFromAll = false;
  }
  return { w, nIter: iter, converged };
}

/**
 * The closed-form block update: with B[m] = G[m] − A αₘ, find β by scanning the values sorted in
 * decreasing order, then αₘ = min(bound_m, (β − B[m]) / A) with bound C for the true class, 0 else.
 */
function subSolve(
  A: number,
  yi: number,
  C: number,
  na: number,
  B: Float64Array,
  sorted: Float64Array,
  out: Float64Array,
): void {
  for (let m = 0; m < na; m++) sorted[m] = B[m];
  if (yi < na) sorted[yi] += A * C;
  const view = sorted.subarray(0, na).sort().reverse();
  let beta = view[0] - A * C;
  let r = 1;
  for (; r < na && beta < r * view[r]; r++) beta += view[r];
  beta /= r;
  for (let m = 0; m < na; m++) {
    const v = (beta - B[m]) / A;
    out[m] = m === yi ? Math.min(C, v) : Math.min(0, v);
  }
}

function swapI(a: Int32Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
