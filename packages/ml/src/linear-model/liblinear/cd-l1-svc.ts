import { l1Direction, l1Violation } from './l1-coordinate.js';
import type { Random } from '../../base/random.js';
import { primalTolerance, shufflePrefix, type SolverResult } from './problem.js';

/**
 * L1-regularised squared-hinge SVM in the primal by coordinate descent over features (liblinear's
 * solver 5, L1R_L2LOSS_SVC; Yuan, Chang, Hsieh & Lin 2010, "CDN"):
 *
 *   min_w ‖w‖₁ + C Σᵢ max(0, 1 − yᵢ wᵀxᵢ)²
 *
 * One Newton step per coordinate on the smooth part with the ℓ1 term handled exactly, then an
 * Armijo backtracking line search (σ = 0.01, at most 20 halvings) that first tries a cheap upper
 * bound of the loss change. bᵢ = 1 − yᵢwᵀxᵢ is maintained. Features at 0 whose gradient lies well
 * inside [−1, 1] are shrunk. Stops when the ℓ1 norm of the minimum-norm subgradient falls below
 * ε times its first value (ε from {@link primalTolerance}) on the full set, or after `maxIter`.
 *
 * `cols` is X column by column (nw×n, bias column included), shared by all one-vs-rest problems.
 */
export function cdL1Svc(
  cols: Float32Array,
  n: number,
  nw: number,
  y: Int8Array,
  C: number,
  tol: number,
  maxIter: number,
  rand: Random,
): SolverResult {
  const eps = primalTolerance(tol, y);
  const sigma = 0.01;
  const maxLineSearch = 20;
  const w = new Float64Array(nw);
  const b = new Float64Array(n).fill(1);
  const xjSq = new Float64Array(nw);
  const index = new Int32Array(nw);
  for (let j = 0; j < nw; j++) {
    index[j] = j;
    let s = 0;
    const off = j * n;
    for (let i = 0; i < n; i++) s += cols[off + i] * cols[off + i];
    xjSq[j] = C * s;
  }
  let active = nw;
  let gMaxOld = Infinity;
  let gnorm1Init = -1;
  let iter = 0;
  let converged = false;
  while (iter < maxIter) {
    let gMax = 0;
    let gnorm1 = 0;
    shufflePrefix(index, active, rand);
    for (let s = 0; s < active; s++) {
      const j = index[s];
      const off = j * n;
      let gLoss = 0;
      let H = 0;
      for (let i = 0; i < n; i++) {
        if (b[i] > 0) {
          const v = y[i] * cols[off + i];
          gLoss -= v * b[i];
          H += v * v;
        }
      }
      gLoss *= 2 * C;
      const G = gLoss;
      H = Math.max(2 * C * H, 1e-12);
      const Gp = G + 1;
      const Gn = G - 1;
      const wj = w[j];
      const violation = l1Violation(Gp, Gn, wj, gMaxOld / n);
      if (violation < 0) {
        active--;
        index[s] = index[active];
        index[active] = j;
        s--;
        continue;
      }
      if (violation > gMax) gMax = violation;
      gnorm1 += violation;

      let d = l1Direction(Gp, Gn, H, wj);
      if (Math.abs(d) < 1e-12) continue;
      let delta = Math.abs(wj + d) - Math.abs(wj) + G * d;
      let dOld = 0;
      let lossOld = 0;
      let ls = 0;
      for (; ls < maxLineSearch; ls++) {
        const dDiff = dOld - d;
        let cond = Math.abs(wj + d) - Math.abs(wj) - sigma * delta;
        // Cheap sufficient test: the loss change is at most C‖x_j‖² d² + gLoss·d.
        if (xjSq[j] * d * d + gLoss * d + cond <= 0) {
          for (let i = 0; i < n; i++) b[i] += dDiff * y[i] * cols[off + i];
          break;
        }
        let lossNew = 0;
        if (ls === 0) {
          for (let i = 0; i < n; i++) {
            const bi = b[i];
            if (bi > 0) lossOld += C * bi * bi;
            const bn = bi + dDiff * y[i] * cols[off + i];
            b[i] = bn;
            if (bn > 0) lossNew += C * bn * bn;
          }
        } else {
          for (let i = 0; i < n; i++) {
            const bn = b[i] + dDiff * y[i] * cols[off + i];
            b[i] = bn;
            if (bn > 0) lossNew += C * bn * bn;
          }
        }
        cond += lossNew - lossOld;
        if (cond <= 0) break;
        dOld = d;
        d *= 0.5;
        delta *= 0.5;
      }
      w[j] += d;
      if (ls >= maxLineSearch) {
        // The line search failed: b no longer matches w; rebuild it.
        b.fill(1);
        for (let k = 0; k < nw; k++) {
          if (w[k] === 0) continue;
          const o = k * n;
          for (let i = 0; i < n; i++) b[i] -= w[k] * y[i] * cols[o + i];
        }
      }
    }
    if (iter === 0) gnorm1Init = gnorm1;
    iter++;
    if (gnorm1 <= eps * gnorm1Init) {
      if (active === nw) {
        converged = true;
        break;
      }
      active = nw;
      gMaxOld = Infinity;
      continue;
    }
    gMaxOld = gMax;
  }
  return { w, nIter: iter, converged };
}
