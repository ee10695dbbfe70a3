import type { KernelBackend } from '../kernels/api.js';
import { Dense } from '../kernels/dense.js';
import { WasmSimdBackend } from '../kernels/wasm/wasm-backend.js';
import { LinearRows } from './linear-rows.js';

/** What {@link interiorPointLinear} found. */
export interface InteriorPointResult {
  /** α by problem row, strictly inside (0, C) (an interior point, not a vertex). */
  alpha: Float64Array;
  /** z and v: the multipliers of α ≥ 0 and α ≤ C (how far each variable is from free). */
  lowerDual: Float64Array;
  upperDual: Float64Array;
  iterations: number;
  /** The last complementarity measure μ = (αᵀz + (C − α)ᵀv) / 2l. */
  mu: number;
}

/** Options of {@link interiorPointLinear}. */
export interface InteriorPointOptions {
  C: number;
  /** Stop when μ falls to this share of C (a warm start needs no more). */
  muTol: number;
  maxIter: number;
}

/** Step-length damping (the share of the distance to the boundary a step may cover). */
const DAMP = 0.995;

/**
 * A primal–dual interior-point method (Mehrotra's predictor–corrector) for the C-SVC dual with
 * the linear kernel, min ½αᵀQα − Σα subject to yᵀα = 0 and 0 ≤ α ≤ C, with Q = YXXᵀY.
 *
 * Each Newton system is (Q + D)Δα + yΔb = r, yᵀΔα = −r_p with D diagonal. Q has rank ≤ d, so by
 * the Sherman–Morrison–Woodbury identity (Q + D)⁻¹ = D⁻¹ − D⁻¹V M⁻¹VᵀD⁻¹ with V = YX and the
 * d × d matrix M = I + XᵀD⁻¹X: one weighted Gram matrix and one Cholesky factor of d × d per
 * iteration, whatever the number of rows, all in float64 (float32 sums lose the Newton
 * direction: M's condition number reaches 1e6 and more).
 *
 * The answer is an interior point near the optimum (μ ≤ muTol·C): SVC snaps it to its bounds
 * and finishes it to libsvm's test (exact-finish.ts).
 *
 * `X` holds the problem's rows (l × d, row-major float32) in the backend's memory when it is
 * the WASM backend.
 */
export function interiorPointLinear(
  be: KernelBackend,
  X: Float32Array,
  d: number,
  y: Float64Array,
  options: InteriorPointOptions,
): InteriorPointResult {
  const l = y.length;
  const { C, muTol, maxIter } = options;
  const wasm = be instanceof WasmSimdBackend ? be : null;
  const dense = new Dense(wasm);
  const rows = new LinearRows(wasm, X, l, d);
  // Few rows (l³ below l·d² + d³/3, the Woodbury path's work): factor Q + D itself, with
  // Q = YKY from the exact Gram matrix K = XXᵀ computed once.
  const direct = l * l * l < 3 * l * d * d + d * d * d;
  const M = direct ? null : dense.f64(d * d);
  const wt = direct ? null : dense.f64(l);
  const H = direct ? dense.f64(l * l) : null;
  const hq = direct ? dense.f64(l) : null;
  const Q = direct ? exactQ(wasm, dense, X, l, d, y) : null;
  try {
    const alpha = new Float64Array(l).fill(C / 2);
    const z = new Float64Array(l).fill(1);
    const v = new Float64Array(l).fill(1);
    let b = 0;
    const Qa = new Float64Array(l);
    const w = new Float64Array(d);
    const Dinv = new Float64Array(l);
    const rd = new Float64Array(l);
    const r = new Float64Array(l);
    const u = new Float64Array(l);
    const hy = new Float64Array(l);
    const t = dense.f64(d);
    const dA = new Float64Array(l);
    const dZ = new Float64Array(l);
    const dV = new Float64Array(l);
    const aA = new Float64Array(l);
    const aZ = new Float64Array(l);
    const aV = new Float64Array(l);

    const c = new Float64Array(l);
    const xt = new Float64Array(l);
    /** out = YX·(XᵀY·q): Q·q in float64. */
    const applyQ = (q: Float64Array, out: Float64Array) => {
      for (let i = 0; i < l; i++) c[i] = y[i] * q[i];
      rows.combine(c, w);
      rows.dots(w, xt);
      for (let i = 0; i < l; i++) out[i] = y[i] * xt[i];
    };
    /** out = (Q + D)⁻¹q: by its factor, or by Woodbury with M factored in `M`. */
    const solveH = (q: Float64Array, out: Float64Array) => {
      if (direct) {
        hq!.set(q);
        dense.cholSolve(H!, l, hq!);
        out.set(hq!);
        return;
      }
      for (let i = 0; i < l; i++) c[i] = y[i] * Dinv[i] * q[i];
      rows.combine(c, t);
      dense.cholSolve(M!, d, t);
      rows.dots(t, xt);
      for (let i = 0; i < l; i++) out[i] = Dinv[i] * (q[i] - y[i] * xt[i]);
    };
    /** Δα, Δb, Δz, Δv for the complementarity targets c1 (α·z) and c2 (s·v). */
    const direction = (
      rp: number,
      c1: (i: number) => number,
      c2: (i: number) => number,
      outA: Float64Array,
      outZ: Float64Array,
      outV: Float64Array,
    ): number => {
      for (let i = 0; i < l; i++) r[i] = -rd[i] + c1(i) / alpha[i] - c2(i) / (C - alpha[i]);
      solveH(r, u);
      let yu = 0;
      let yw = 0;
      for (let i = 0; i < l; i++) {
        yu += y[i] * u[i];
        yw += y[i] * hy[i];
      }
      const db = (yu + rp) / yw;
      for (let i = 0; i < l; i++) {
        const da = u[i] - db * hy[i];
        outA[i] = da;
        outZ[i] = (c1(i) - z[i] * da) / alpha[i];
        outV[i] = (c2(i) + v[i] * da) / (C - alpha[i]);
      }
      return db;
    };
    /** The largest step ≤ 1 keeping α in (0, C) and z, v > 0, damped. */
    const stepLength = (dAx: Float64Array, dZx: Float64Array, dVx: Float64Array): number => {
      let s = 1;
      for (let i = 0; i < l; i++) {
        const da = dAx[i];
        if (da < 0) s = Math.min(s, -alpha[i] / da);
        else if (da > 0) s = Math.min(s, (C - alpha[i]) / da);
        if (dZx[i] < 0) s = Math.min(s, -z[i] / dZx[i]);
        if (dVx[i] < 0) s = Math.min(s, -v[i] / dVx[i]);
      }
      return s;
    };

    let iter = 0;
    let mu = Infinity;
    for (; iter < maxIter; iter++) {
      applyQ(alpha, Qa);
      let rp = 0;
      let comp = 0;
      for (let i = 0; i < l; i++) {
        rd[i] = Qa[i] - 1 + b * y[i] - z[i] + v[i];
        rp += y[i] * alpha[i];
        comp += alpha[i] * z[i] + (C - alpha[i]) * v[i];
      }
      mu = comp / (2 * l);
      if (mu <= muTol * C) break;
      let wMax = 0;
      for (let i = 0; i < l; i++) {
        Dinv[i] = 1 / (z[i] / alpha[i] + v[i] / (C - alpha[i]));
        if (Dinv[i] > wMax) wMax = Dinv[i];
      }
      if (direct) {
        // (Q + D) itself, factored: l × l.
        H!.set(Q!);
        for (let i = 0; i < l; i++) H![i * l + i] += 1 / Dinv[i];
        if (dense.cholesky(H!, l, 0, 0) >= 0) break; // lost positive definiteness: stop here
      } else {
        // M = I + XᵀD⁻¹X in float64. Rows whose weight is below 1e-17 of the largest
        // (variables pinned to a bound) add less than rounding to M and are skipped.
        for (let i = 0; i < l; i++) wt![i] = Dinv[i] >= 1e-17 * wMax ? Dinv[i] : 0;
        dense.weightedGram(X, l, d, wt!, M!);
        for (let k = 0; k < d; k++) M![k * d + k] += 1;
        if (dense.cholesky(M!, d, 0, 0) >= 0) break;
      }
      solveH(y, hy);
      // Predictor (affine scaling), then Mehrotra's centring and second-order corrector.
      direction(
        rp,
        (i) => -alpha[i] * z[i],
        (i) => -(C - alpha[i]) * v[i],
        aA,
        aZ,
        aV,
      );
      const sa = stepLength(aA, aZ, aV);
      let compAff = 0;
      for (let i = 0; i < l; i++) {
        compAff +=
          (alpha[i] + sa * aA[i]) * (z[i] + sa * aZ[i]) +
          (C - alpha[i] - sa * aA[i]) * (v[i] + sa * aV[i]);
      }
      const sigma = Math.pow(compAff / comp, 3);
      const target = sigma * mu;
      const db = direction(
        rp,
        (i) => target - alpha[i] * z[i] - aA[i] * aZ[i],
        (i) => target - (C - alpha[i]) * v[i] + aA[i] * aV[i],
        dA,
        dZ,
        dV,
      );
      const s = Math.min(1, DAMP * stepLength(dA, dZ, dV));
      for (let i = 0; i < l; i++) {
        alpha[i] += s * dA[i];
        z[i] += s * dZ[i];
        v[i] += s * dV[i];
      }
      b += s * db;
    }
    return { alpha, lowerDual: z, upperDual: v, iterations: iter, mu };
  } finally {
    dense.release();
    rows.release();
  }
}

/**
 * Q = Y·X·Xᵀ·Y (l × l, float64 sums of the float32 rows' products): the weighted Gram kernel
 * over the columns of X, i.e. the rows of Xᵀ.
 */
export function exactQ(
  wasm: WasmSimdBackend | null,
  dense: Dense,
  X: Float32Array,
  l: number,
  d: number,
  y: Float64Array,
): Float64Array {
  const XT = wasm ? wasm.alloc('f32', Math.max(1, d * l), false) : new Float32Array(d * l);
  const ones = wasm ? wasm.alloc('f64', Math.max(1, d), false) : new Float64Array(d);
  const Q = new Float64Array(l * l);
  try {
    ones.fill(1);
    for (let i = 0; i < l; i++) for (let k = 0; k < d; k++) XT[k * l + i] = X[i * d + k];
    dense.weightedGram(XT, d, l, ones, Q);
  } finally {
    if (wasm) {
      wasm.free(XT);
      wasm.free(ones);
    }
  }
  for (let a = 0; a < l; a++) for (let b = 0; b < l; b++) Q[a * l + b] *= y[a] * y[b];
  return Q;
}
