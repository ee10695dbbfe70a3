import { Random } from '../../base/random.js';
import { sharedSyncPool } from '../../parallel/sync-pool.js';
import { linearWasm, wasmAddress } from '../linear-wasm.js';
import { trainOneVsRest, type OvrFit } from './one-vs-rest.js';
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

/**
 * liblinear's one-vs-rest over {@link dualCdSvc} (see {@link trainOneVsRest}: same problems, same
 * child seeds). With the WASM kernels the whole solver runs in WASM (`dcd_ovr`, a step-by-step
 * port of `dualCdSvc` with the same xoshiro stream, bit-identical weights) and the problems are
 * spread over the synchronous pool's threads, each problem on one thread, so the result does not
 * depend on the thread count. Otherwise the TypeScript solver runs the problems one after another.
 */
export function dualCdOneVsRest(
  p: LinearProblem,
  y: Int32Array,
  K: number,
  seed: number,
  C: number,
  loss: 'hinge' | 'squared_hinge',
  tol: number,
  maxIter: number,
  threads?: number,
): OvrFit {
  const qd = rowSquaredNorms(p);
  const be = linearWasm();
  if (!be) {
    return trainOneVsRest(p, y, K, seed, (yPM, rand) =>
      dualCdSvc(p, yPM, C, loss, tol, maxIter, rand, qd),
    );
  }
  const { n, d, nw, bias } = p;
  const rows = K === 2 ? 1 : K;
  const diag = loss === 'hinge' ? 0 : 0.5 / C;
  const upper = loss === 'hinge' ? C : Infinity;
  const master = new Random(seed);
  const rng = new Uint32Array(rows * 4);
  for (let r = 0; r < rows; r++) rng.set(new Random(master.seed()).state(), r * 4);
  const pool = sharedSyncPool(threads);
  const T = pool.backend === be ? Math.min(pool.threads, rows) : 1;
  const x = wasmAddress(be, p.x);
  const yA = wasmAddress(be, y);
  const blocks: number[] = [];
  const block = (bytes: number) => {
    const a = be.arena.alloc(bytes);
    blocks.push(a);
    return a;
  };
  try {
    const qdA = block(n * 8);
    const posA = block(rows * 4);
    const rngA = block(rows * 16);
    const wA = block(rows * nw * 8);
    const resA = block(rows * 16);
    const ctr = block(4);
    const scratch = Array.from({ length: T }, () => block(n * 12));
    const buf = be.arena.buffer;
    const qdV = new Float64Array(buf, qdA, n);
    for (let i = 0; i < n; i++) qdV[i] = qd[i] + diag;
    new Int32Array(buf, posA, rows).set(
      Int32Array.from({ length: rows }, (_, r) => (K === 2 ? 1 : r)),
    );
    new Uint32Array(buf, rngA, rows * 4).set(rng);
    new Float64Array(buf, wA, rows * nw).fill(0);
    new Int32Array(buf, ctr, 1)[0] = 0;
    const args = (t: number) => [
      rows,
      ctr,
      n,
      d,
      bias,
      x.addr,
      yA.addr,
      posA,
      qdA,
      diag,
      upper,
      tol,
      maxIter,
      rngA,
      wA,
      resA,
      scratch[t],
    ];
    const calls = Array.from({ length: T }, (_, t) => ({ fn: 'dcd_ovr', args: args(t) }));
    if (T > 1) pool.dispatch(calls);
    else be.exports.dcd_ovr(...calls[0].args);
    const W = new Float64Array(be.arena.buffer, wA, rows * nw);
    const res = new Float64Array(be.arena.buffer, resA, rows * 2);
    const coef = new Float64Array(rows * d);
    const intercept = new Float64Array(rows);
    let nIter = 0;
    let converged = true;
    for (let r = 0; r < rows; r++) {
      coef.set(W.subarray(r * nw, r * nw + d), r * d);
      intercept[r] = nw > d ? bias * W[r * nw + d] : 0;
      nIter = Math.max(nIter, res[r * 2]);
      converged &&= res[r * 2 + 1] === 1;
    }
    return { coef, intercept, nIter, converged };
  } finally {
    for (const a of blocks) be.arena.release(a);
    if (x.copied) be.arena.release(x.addr);
    if (yA.copied) be.arena.release(yA.addr);
  }
}
