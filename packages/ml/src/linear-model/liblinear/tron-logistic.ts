import {
  dotRow,
  axpyRow,
  primalTolerance,
  type LinearProblem,
  type SolverResult,
} from './problem.js';
import { withSolverKernels, type SolverKernels } from '../linear-wasm.js';

/**
 * L2-regularised logistic regression in the primal by a trust-region Newton method (liblinear's
 * solver 0, L2R_LR; Lin, Weng & Keerthi 2008):
 *
 *   min_w  ½‖w‖² + C Σᵢ log(1 + exp(−yᵢ wᵀxᵢ))
 *
 * Each Newton step solves H s = −g by conjugate gradients inside the trust region, stopping when
 * ‖r‖ ≤ 0.1‖g‖; the outer loop stops when ‖g‖ ≤ ε‖g₀‖ with liblinear's class-balance-scaled ε
 * (see {@link primalTolerance}) or after `maxIter` accepted steps. The trust-region updates
 * (η = 1e-4, 0.25, 0.75; σ = 0.25, 0.5, 4) are those of Lin & Moré's TRON as liblinear uses them.
 *
 * The Hessian-vector product H d = d + C Xᵀ D X d is fused row by row (one pass over X: the row
 * is still in cache when it is added back), where liblinear makes two passes.
 *
 * With the WASM kernels (linear-wasm.ts) the three passes over X (Xw, Xᵀa, H d) run in WASM
 * SIMD on vectors kept in the kernel memory, with the same sums in the same order: the weights
 * are bit-identical to the TypeScript passes.
 */
export function tronLogistic(
  p: LinearProblem,
  y: Int8Array,
  C: number,
  tol: number,
  maxIter: number,
): SolverResult {
  return withSolverKernels(p.x, (k) => tron(p, y, C, tol, maxIter, k));
}

function tron(
  p: LinearProblem,
  y: Int8Array,
  C: number,
  tol: number,
  maxIter: number,
  k: SolverKernels | null,
): SolverResult {
  const { n, d, nw, bias } = p;
  const eps = primalTolerance(tol, y);
  const vec = k ? k.vec : (len: number) => new Float64Array(len);
  const w = vec(nw);
  const wNew = vec(nw);
  const g = vec(nw);
  const s = new Float64Array(nw);
  const r = new Float64Array(nw);
  const dir = vec(nw);
  const hd = vec(nw);
  const z = vec(n);
  const D = vec(n);
  const A = k ? vec(n) : null;

  /** f(w); leaves z = Xw. */
  const fun = (v: Float64Array): number => {
    let f = 0;
    if (k) k.ex.rows_dot_f32_f64(n, d, bias, k.x, v.byteOffset, z.byteOffset);
    for (let i = 0; i < n; i++) {
      const zi = k ? z[i] : dotRow(p, i, v);
      z[i] = zi;
      const yz = y[i] * zi;
      // log(1 + e^{−yz}) without overflow for either sign.
      f += yz >= 0 ? Math.log1p(Math.exp(-yz)) : -yz + Math.log1p(Math.exp(yz));
    }
    return 0.5 * dot(v, v) + C * f;
  };
  /** ∇f at the w whose z = Xw is current; also sets D for the Hessian. */
  const grad = (v: Float64Array): void => {
    g.set(v);
    for (let i = 0; i < n; i++) {
      const sig = 1 / (1 + Math.exp(-y[i] * z[i]));
      D[i] = sig * (1 - sig);
      const a = C * (sig - 1) * y[i];
      if (A) A[i] = a;
      else if (a !== 0) axpyRow(p, i, a, g);
    }
    if (k && A) k.ex.rows_axpy_f32_f64(n, d, bias, k.x, A.byteOffset, g.byteOffset);
  };
  const hessVec = (v: Float64Array, out: Float64Array): void => {
    out.set(v);
    if (k) {
      k.ex.tron_hv(n, d, bias, k.x, D.byteOffset, C, v.byteOffset, out.byteOffset);
      return;
    }
    for (let i = 0; i < n; i++) {
      const a = C * D[i] * dotRow(p, i, v);
      if (a !== 0) axpyRow(p, i, a, out);
    }
  };

  /** Truncated CG on H s = −g within ‖s‖ ≤ delta; returns the CG iteration count. */
  const trcg = (delta: number): number => {
    s.fill(0);
    for (let j = 0; j < nw; j++) r[j] = -g[j];
    dir.set(r);
    const cgtol = 0.1 * Math.sqrt(dot(g, g));
    let rTr = dot(r, r);
    let it = 0;
    while (Math.sqrt(rTr) > cgtol) {
      it++;
      hessVec(dir, hd);
      let alpha = rTr / dot(dir, hd);
      axpy(alpha, dir, s);
      if (Math.sqrt(dot(s, s)) > delta) {
        // Step back and go to the trust-region boundary along dir.
        axpy(-alpha, dir, s);
        const std = dot(s, dir);
        const sts = dot(s, s);
        const dtd = dot(dir, dir);
        const dsq = delta * delta;
        const rad = Math.sqrt(std * std + dtd * (dsq - sts));
        alpha = std >= 0 ? (dsq - sts) / (std + rad) : (rad - std) / dtd;
        axpy(alpha, dir, s);
        axpy(-alpha, hd, r);
        break;
      }
      axpy(-alpha, hd, r);
      const rnew = dot(r, r);
      const beta = rnew / rTr;
      for (let j = 0; j < nw; j++) dir[j] = r[j] + beta * dir[j];
      rTr = rnew;
    }
    return it;
  };

  const eta0 = 1e-4;
  const eta1 = 0.25;
  const eta2 = 0.75;
  const sigma1 = 0.25;
  const sigma2 = 0.5;
  const sigma3 = 4;

  let f = fun(w);
  grad(w);
  let delta = Math.sqrt(dot(g, g));
  const gnorm0 = delta;
  let converged = gnorm0 <= eps * gnorm0;
  let iter = 1;
  while (iter <= maxIter && !converged) {
    trcg(delta);
    for (let j = 0; j < nw; j++) wNew[j] = w[j] + s[j];
    const gs = dot(g, s);
    const prered = -0.5 * (gs - dot(s, r));
    const fnew = fun(wNew);
    const actred = f - fnew;
    const snorm = Math.sqrt(dot(s, s));
    if (iter === 1) delta = Math.min(delta, snorm);
    const alpha = fnew - f - gs <= 0 ? sigma3 : Math.max(sigma1, -0.5 * (gs / (fnew - f - gs)));
    if (actred < eta0 * prered) delta = Math.min(Math.max(alpha, sigma1) * snorm, sigma2 * delta);
    else if (actred < eta1 * prered)
      delta = Math.max(sigma1 * delta, Math.min(alpha * snorm, sigma2 * delta));
    else if (actred < eta2 * prered)
      delta = Math.max(sigma1 * delta, Math.min(alpha * snorm, sigma3 * delta));
    else delta = Math.max(delta, Math.min(alpha * snorm, sigma3 * delta));

    if (actred > eta0 * prered) {
      iter++;
      w.set(wNew);
      f = fnew;
      grad(w); // z = Xw is current: fun(wNew) just computed it
      if (Math.sqrt(dot(g, g)) <= eps * gnorm0) converged = true;
    }
    // A rejected step leaves z = X·wNew, but D (the Hessian's weights) still belongs to w, and
    // the next fun() recomputes z: nothing to restore.
    if (f < -1e32) break;
    if (Math.abs(actred) <= 0 && prered <= 0) break;
    if (Math.abs(actred) <= 1e-12 * Math.abs(f) && Math.abs(prered) <= 1e-12 * Math.abs(f)) break;
  }
  return { w: k ? Float64Array.from(w) : w, nIter: iter - 1, converged };
}

/** Objective ½‖w‖² + C Σ log(1 + e^{−y wᵀx}) (for tests and diagnostics). */
export function logisticObjective(p: LinearProblem, y: Int8Array, C: number, w: Float64Array) {
  let f = 0;
  for (let i = 0; i < p.n; i++) {
    const yz = y[i] * dotRow(p, i, w);
    f += yz >= 0 ? Math.log1p(Math.exp(-yz)) : -yz + Math.log1p(Math.exp(yz));
  }
  return 0.5 * dot(w, w) + C * f;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let j = 0; j < x.length; j++) y[j] += a * x[j];
}
