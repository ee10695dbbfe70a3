import { l1Direction, l1Violation } from './l1-coordinate.js';
import type { Random } from '../../base/random.js';
import { linearWasm, withSolverKernels, type SolverKernels } from '../linear-wasm.js';
import { primalTolerance, shufflePrefix, type SolverResult } from './problem.js';

/**
 * L1-regularised logistic regression by newGLMNET (liblinear's solver 6, L1R_LR; Yuan, Ho & Lin
 * 2012):
 *
 *   min_w ‖w‖₁ + C Σᵢ log(1 + exp(−yᵢ wᵀxᵢ))
 *
 * Each Newton iteration builds the quadratic model of the loss at w (gradient and Hessian
 * diagonal per feature), minimises model + ‖·‖₁ by randomised coordinate descent with shrinking
 * (inner tolerance 1, divided by 4 after a one-cycle inner solve), then backtracks along w → w + d
 * with an Armijo test (σ = 0.01, at most 20 halvings). Outer shrinking drops features at 0 whose
 * gradient lies well inside [−1, 1]. Stops when the ℓ1 norm of the minimum-norm subgradient is ≤
 * ε times its value at w = 0 (ε from {@link primalTolerance}) or after `maxIter` Newton steps.
 *
 * `cols` is X column by column (nw×n, bias column included), shared by all one-vs-rest problems.
 *
 * With the WASM kernels (linear-wasm.ts) the per-feature passes over a column (Hessian diagonal
 * and gradient, the coordinate-descent gradient term, the update of Xᵀd) run in WASM SIMD on
 * vectors kept in the kernel memory, with the same sums in the same order (four partial sums by
 * i mod 4): the weights are bit-identical to the TypeScript passes.
 *
 * `explicitAfter` (default Infinity: liblinear's solver exactly) is the exact alternative of
 * solver 'liblinear-hessian' (docs/decisions/0009): once a Newton step's coordinate descent has
 * needed more than that many passes, every later step forms the Hessian of the active features,
 * H = X_Aᵀ D X_A (one float32 GEMM, n·a² multiply-adds), and the coordinate descent reads
 * (H d)_j from it in O(a) instead of a pass over the column, O(n). The quadratic model is the same
 * (up to H's float32 rounding), the gradient, line search and stopping test are liblinear's in
 * float64, so the answer is the same optimum; on nearly separable classes (Fashion-MNIST's
 * footwear at C = 10: 6,000–8,000 passes of 60,000 rows) it is several times faster.
 */
export function newGlmnetLogistic(
  cols: Float32Array,
  n: number,
  nw: number,
  y: Int8Array,
  C: number,
  tol: number,
  maxIter: number,
  rand: Random,
  explicitAfter = Infinity,
): SolverResult {
  return withSolverKernels(cols, (k) =>
    glmnet(cols, n, nw, y, C, tol, maxIter, rand, k, explicitAfter),
  );
}

/**
 * H = X_Aᵀ D X_A for the features A into Hf (a × a, float32: a GEMM of √D·X_A with itself).
 * Rows whose curvature D_i is below 1e-12 of the largest (points the model already classifies
 * with a wide margin: half to three quarters of them late in a fit) are left out: they change H
 * by less than its float32 rounding, and any positive definite H leaves the solver's fixed point
 * (and its stopping test, on the float64 gradient) where it is.
 */
function activeHessian(
  cols: Float32Array,
  n: number,
  A: Int32Array,
  a: number,
  D: Float64Array,
  Hf: Float32Array,
): void {
  let maxD = 0;
  for (let i = 0; i < n; i++) if (D[i] > maxD) maxD = D[i];
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (D[i] >= 1e-12 * maxD) keep.push(i);
  const m = keep.length;
  const be = linearWasm();
  const Y = be ? be.alloc('f32', Math.max(1, a * m), false) : new Float32Array(a * m);
  try {
    const sd = Float32Array.from(keep, (i) => Math.sqrt(D[i]));
    for (let p = 0; p < a; p++) {
      const off = A[p] * n;
      const row = p * m;
      for (let r = 0; r < m; r++) Y[row + r] = cols[off + keep[r]] * sd[r];
    }
    if (be) be.gemm({ transB: true, m: a, n: a, k: m, a: Y, b: Y, c: Hf.subarray(0, a * a) });
    else {
      for (let p = 0; p < a; p++)
        for (let q = 0; q <= p; q++) {
          let s = 0;
          for (let r = 0; r < m; r++) s += Y[p * m + r] * Y[q * m + r];
          Hf[p * a + q] = Hf[q * a + p] = s;
        }
    }
  } finally {
    if (be) be.free(Y);
  }
}

function glmnet(
  cols: Float32Array,
  n: number,
  nw: number,
  y: Int8Array,
  C: number,
  tol: number,
  maxIter: number,
  rand: Random,
  k: SolverKernels | null,
  explicitAfter: number,
): SolverResult {
  const vec = k ? k.vec : (len: number) => new Float64Array(len);
  const vec32 = k ? k.vec32 : (len: number) => new Float32Array(len);
  const eps = primalTolerance(tol, y);
  const innerMaxIter = 1000;
  const maxLineSearch = 20;
  const nu = 1e-12;
  const sigma = 0.01;
  let innerEps = 1;

  const w = new Float64Array(nw);
  const wpd = new Float64Array(nw);
  const grad = new Float64Array(nw);
  const hdiag = new Float64Array(nw);
  const xjNegSum = new Float64Array(nw);
  const index = new Int32Array(nw);
  const expWx = new Float64Array(n).fill(1); // exp(wᵀxᵢ) at w = 0
  const expWxNew = new Float64Array(n);
  const xTd = vec(n);
  const tau = vec(n);
  const D = vec(n);
  const hg = vec(2);

  for (let j = 0; j < nw; j++) {
    index[j] = j;
    const off = j * n;
    let s = 0;
    for (let i = 0; i < n; i++) if (y[i] < 0) s += cols[off + i];
    xjNegSum[j] = C * s;
  }
  const setCurvature = () => {
    for (let i = 0; i < n; i++) {
      const t = 1 / (1 + expWx[i]);
      tau[i] = C * t;
      D[i] = C * expWx[i] * t * t;
    }
  };
  setCurvature();
  let wNorm = 0;
  let gMaxOld = Infinity;
  let gnorm1Init = -1;
  let newtonIter = 0;
  let converged = false;
  let lastInner = 0;
  const pos = new Int32Array(nw);
  // The explicit model, allocated on first use: H (float32, in kernel memory for axpy_f32_f64's
  // row updates of H d) and H d.
  let Hf: Float32Array | null = null;
  let Hd: Float64Array | null = null;
  /** Xᵀd += z · column j. */
  const addColumn = (j: number, z: number) => {
    const off = j * n;
    if (k) k.ex.axpy_f32_f64(n, z, k.x + 4 * off, xTd.byteOffset);
    else for (let i = 0; i < n; i++) xTd[i] += z * cols[off + i];
  };

  while (newtonIter < maxIter) {
    let gMax = 0;
    let gnorm1 = 0;
    let active = nw;
    for (let s = 0; s < active; s++) {
      const j = index[s];
      if (k) k.ex.glmnet_hess_grad(n, k.x + 4 * j * n, D.byteOffset, tau.byteOffset, hg.byteOffset);
      else hessGrad(cols, j * n, n, D, tau, hg);
      hdiag[j] = nu + hg[0];
      grad[j] = -hg[1] + xjNegSum[j];
      const Gp = grad[j] + 1;
      const Gn = grad[j] - 1;
      let violation = 0;
      if (w[j] === 0) {
        if (Gp < 0) violation = -Gp;
        else if (Gn > 0) violation = Gn;
        else if (Gp > gMaxOld / n && Gn < -gMaxOld / n) {
          active--;
          index[s] = index[active];
          index[active] = j;
          s--;
          continue;
        }
      } else violation = w[j] > 0 ? Math.abs(Gp) : Math.abs(Gn);
      if (violation > gMax) gMax = violation;
      gnorm1 += violation;
    }
    if (newtonIter === 0) gnorm1Init = gnorm1;
    if (gnorm1 <= eps * gnorm1Init) {
      converged = true;
      break;
    }

    // Coordinate descent on the quadratic model, over d = wpd − w; (H d)_j from the column
    // passes, or from the explicit Hessian of the active features once a step's descent has
    // needed many passes (an easy step can be followed by a 1,000-pass one). Switching within a
    // step as well was measured: faster on some classes, but further from liblinear's iterate
    // than the decision's 99.8 % agreement.
    const explicitModel = () => {
      const A = index.slice(0, active); // the active set (its order changes, not its members)
      for (let p = 0; p < active; p++) pos[A[p]] = p;
      Hf ??= vec32(nw * nw);
      Hd ??= vec(nw);
      activeHessian(cols, n, A, active, D, Hf);
      Hd.fill(0); // d starts at 0 (wpd = w), so H d does too
      return { hess: Hf, Hd };
    };
    let iter = 0;
    let qpGmaxOld = Infinity;
    let qpActive = active;
    xTd.fill(0);
    const ex = lastInner > explicitAfter ? explicitModel() : null;
    while (iter < innerMaxIter) {
      let qpGmax = 0;
      let qpGnorm1 = 0;
      shufflePrefix(index, qpActive, rand);
      for (let s = 0; s < qpActive; s++) {
        const j = index[s];
        const off = j * n;
        const H = hdiag[j];
        const G =
          grad[j] +
          (wpd[j] - w[j]) * nu +
          (ex
            ? ex.Hd[pos[j]]
            : k
              ? k.ex.glmnet_cd_dot(n, k.x + 4 * off, D.byteOffset, xTd.byteOffset)
              : cdDot(cols, off, n, D, xTd));
        const Gp = G + 1;
        const Gn = G - 1;
        const wj = wpd[j];
        const violation = l1Violation(Gp, Gn, wj, qpGmaxOld / n);
        if (violation < 0) {
          qpActive--;
          index[s] = index[qpActive];
          index[qpActive] = j;
          s--;
          continue;
        }
        if (violation > qpGmax) qpGmax = violation;
        qpGnorm1 += violation;
        let z = l1Direction(Gp, Gn, H, wj);
        if (Math.abs(z) < 1e-12) continue;
        z = Math.min(Math.max(z, -10), 10);
        wpd[j] = wj + z;
        if (ex) {
          // H d += z · H's column j (its row: H is symmetric), the same sums on both paths.
          const { hess, Hd } = ex;
          const row = pos[j] * active;
          if (k) k.ex.axpy_f32_f64(active, z, hess.byteOffset + 4 * row, Hd.byteOffset);
          else for (let p = 0; p < active; p++) Hd[p] += z * hess[row + p];
        } else addColumn(j, z);
      }
      iter++;
      if (qpGnorm1 <= innerEps * gnorm1Init) {
        if (qpActive === active) break;
        qpActive = active;
        qpGmaxOld = Infinity;
        continue;
      }
      qpGmaxOld = qpGmax;
    }

    lastInner = Math.max(lastInner, iter);
    if (ex) {
      // The line search needs X d: one pass over the columns that moved.
      for (let p = 0; p < active; p++) {
        const j = index[p];
        const z = wpd[j] - w[j];
        if (z !== 0) addColumn(j, z);
      }
    }

    // Armijo backtracking from w towards wpd.
    let delta = 0;
    let wNormNew = 0;
    for (let j = 0; j < nw; j++) {
      delta += grad[j] * (wpd[j] - w[j]);
      if (wpd[j] !== 0) wNormNew += Math.abs(wpd[j]);
    }
    delta += wNormNew - wNorm;
    let negSumXTd = 0;
    for (let i = 0; i < n; i++) if (y[i] < 0) negSumXTd += C * xTd[i];
    let ls = 0;
    for (; ls < maxLineSearch; ls++) {
      let cond = wNormNew - wNorm + negSumXTd - sigma * delta;
      for (let i = 0; i < n; i++) {
        const e = Math.exp(xTd[i]);
        const ew = expWx[i] * e;
        expWxNew[i] = ew;
        cond += C * Math.log((1 + ew) / (e + ew));
      }
      if (cond <= 0) {
        wNorm = wNormNew;
        w.set(wpd);
        expWx.set(expWxNew);
        setCurvature();
        break;
      }
      wNormNew = 0;
      for (let j = 0; j < nw; j++) {
        wpd[j] = (w[j] + wpd[j]) * 0.5;
        if (wpd[j] !== 0) wNormNew += Math.abs(wpd[j]);
      }
      delta *= 0.5;
      negSumXTd *= 0.5;
      for (let i = 0; i < n; i++) xTd[i] *= 0.5;
    }
    if (ls >= maxLineSearch) {
      // Too many halvings: recompute exp(wᵀx) from w to shed accumulated rounding.
      expWx.fill(0);
      for (let j = 0; j < nw; j++) {
        if (w[j] === 0) continue;
        const off = j * n;
        for (let i = 0; i < n; i++) expWx[i] += w[j] * cols[off + i];
      }
      for (let i = 0; i < n; i++) expWx[i] = Math.exp(expWx[i]);
      wpd.set(w);
    }
    if (iter === 1) innerEps *= 0.25;
    newtonIter++;
    gMaxOld = gMax;
  }
  return { w, nIter: newtonIter, converged };
}

/** out[0] = Σ x²·D and out[1] = Σ x·tau over column x = cols[off…off+n), by i mod 4. */
function hessGrad(
  cols: Float32Array,
  off: number,
  n: number,
  D: Float64Array,
  tau: Float64Array,
  out: Float64Array,
): void {
  let h0 = 0;
  let h1 = 0;
  let h2 = 0;
  let h3 = 0;
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  let t3 = 0;
  let i = 0;
  const end4 = n - 3;
  for (; i < end4; i += 4) {
    const v0 = cols[off + i];
    const v1 = cols[off + i + 1];
    const v2 = cols[off + i + 2];
    const v3 = cols[off + i + 3];
    h0 += v0 * v0 * D[i];
    h1 += v1 * v1 * D[i + 1];
    h2 += v2 * v2 * D[i + 2];
    h3 += v3 * v3 * D[i + 3];
    t0 += v0 * tau[i];
    t1 += v1 * tau[i + 1];
    t2 += v2 * tau[i + 2];
    t3 += v3 * tau[i + 3];
  }
  for (; i < n; i++) {
    const v = cols[off + i];
    h0 += v * v * D[i];
    t0 += v * tau[i];
  }
  out[0] = h0 + h1 + (h2 + h3);
  out[1] = t0 + t1 + (t2 + t3);
}

/** Σ x·D·xTd over column x = cols[off…off+n), by i mod 4. */
function cdDot(
  cols: Float32Array,
  off: number,
  n: number,
  D: Float64Array,
  xTd: Float64Array,
): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  const end4 = n - 3;
  for (; i < end4; i += 4) {
    s0 += cols[off + i] * D[i] * xTd[i];
    s1 += cols[off + i + 1] * D[i + 1] * xTd[i + 1];
    s2 += cols[off + i + 2] * D[i + 2] * xTd[i + 2];
    s3 += cols[off + i + 3] * D[i + 3] * xTd[i + 3];
  }
  for (; i < n; i++) s0 += cols[off + i] * D[i] * xTd[i];
  return s0 + s1 + (s2 + s3);
}
