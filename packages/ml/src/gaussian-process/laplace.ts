import { Dense } from '../kernels/dense.js';

/**
 * The binary Gaussian process classifier with the Laplace approximation, as sklearn's
 * `_BinaryGaussianProcessClassifierLaplace` (Rasmussen & Williams, GPML algorithms 3.1 and 3.2):
 * Newton iterations to the mode f̂ of the latent posterior, with B = I + W^½ K W^½ factored by
 * Cholesky, stopped when the approximate log marginal likelihood gains < 1e-10 or after
 * `maxIter` steps; the latent mean of a new point is k*ᵀ(y − π), its variance
 * k(x*, x*) − ‖L⁻¹ W^½ k*‖², and the class probability the same five-term erf approximation of
 * the probit–logistic integral.
 *
 * B is factored by the connected components of the kernel's non-negligible entries: an entry
 * K_ij ≤ {@link NEGLIGIBLE}·√(K_ii K_jj) adds at most that share of √(B_ii B_jj) to B, so
 * dropping it moves the factor by less than the rounding of a dense Cholesky (n·2⁻⁷² ≪ 2⁻⁵³
 * for any n a kernel matrix can have), and B becomes block diagonal. For the default kernel
 * exp(−½‖x − x'‖²) on 784 standardised pixels nearly every off-diagonal entry is below 1e-30, so
 * the components are single rows or a few near-duplicates, and each Newton step costs the two
 * K matvecs instead of an n³/3 factorisation. On data where the kernel is dense the one
 * component is the whole matrix and this is the dense factorisation.
 */

/** An off-diagonal K_ij at most this share of √(K_ii K_jj) is left out of the factor (2⁻⁷²). */
export const NEGLIGIBLE = 2 ** -72;

/** Rows grouped by the connected components of the non-negligible entries of K. */
export interface Components {
  /** Offsets into `members`: component c is members[start[c]…start[c + 1]). */
  start: Int32Array;
  /** Row indices, ascending within a component; components ordered by their first row. */
  members: Int32Array;
}

/**
 * K's non-negligible entries by row (compressed sparse rows, columns ascending, the diagonal
 * included): the Newton steps' products K·v. The entries left out change no product by more than
 * n·2⁻⁷² of its diagonal term, below float64 rounding; they are most of K on high-dimensional
 * data, and many are subnormal numbers, which the processor handles a hundred times slower.
 */
export interface SparseKernel {
  rowStart: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
}

/** The components of K and its non-negligible entries (see {@link NEGLIGIBLE}). */
export interface KernelStructure {
  comps: Components;
  sparse: SparseKernel;
}

/** The structure of K (m × m, row-major, symmetric) by its non-negligible off-diagonal entries. */
export function kernelStructure(K: Float64Array, m: number): KernelStructure {
  const parent = new Int32Array(m);
  for (let i = 0; i < m; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const rowStart = new Int32Array(m + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < m; i++) {
    const row = i * m;
    const kii = K[row + i];
    for (let j = 0; j < m; j++) {
      const v = K[row + j];
      if (j !== i && !(Math.abs(v) > NEGLIGIBLE * Math.sqrt(kii * K[j * m + j]))) continue;
      cols.push(j);
      vals.push(v);
      if (j > i) {
        const a = find(i);
        const b = find(j);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
    rowStart[i + 1] = cols.length;
  }
  // Roots are each component's smallest row: number the components by their roots in row
  // order, then place each row after the earlier rows of its component.
  const root = new Int32Array(m);
  const count = new Int32Array(m);
  for (let i = 0; i < m; i++) count[(root[i] = find(i))]++;
  const compOfRoot = new Int32Array(m);
  const starts: number[] = [];
  let next = 0;
  for (let i = 0; i < m; i++) {
    if (root[i] !== i) continue;
    compOfRoot[i] = starts.length;
    starts.push(next);
    next += count[i];
  }
  starts.push(m);
  const fill = Int32Array.from(starts);
  const members = new Int32Array(m);
  for (let i = 0; i < m; i++) members[fill[compOfRoot[root[i]]]++] = i;
  return {
    comps: { start: Int32Array.from(starts), members },
    sparse: { rowStart, cols: Int32Array.from(cols), vals: Float64Array.from(vals) },
  };
}

/** The Cholesky factor of B = I + W^½ K W^½, one dense lower block per component. */
export class LaplaceFactor {
  constructor(
    readonly comps: Components,
    /** Component c's m_c × m_c lower factor (row-major) at L[lStart[c]…). */
    readonly L: Float64Array,
    readonly lStart: Int32Array,
  ) {}

  /** Factors B for the given √W; `dense` runs the blocks of two rows or more. */
  static of(
    K: Float64Array,
    m: number,
    wsr: Float64Array,
    comps: Components,
    dense: Dense,
  ): LaplaceFactor {
    const { start, members } = comps;
    const nc = start.length - 1;
    const lStart = new Int32Array(nc + 1);
    for (let c = 0; c < nc; c++) lStart[c + 1] = lStart[c] + (start[c + 1] - start[c]) ** 2;
    const L = new Float64Array(lStart[nc]);
    for (let c = 0; c < nc; c++) {
      const s = start[c];
      const mc = start[c + 1] - s;
      if (mc === 1) {
        const i = members[s];
        L[lStart[c]] = Math.sqrt(1 + wsr[i] * K[i * m + i] * wsr[i]);
        continue;
      }
      const block = dense.f64(mc * mc);
      for (let p = 0; p < mc; p++) {
        const i = members[s + p];
        for (let q = 0; q < mc; q++) {
          const j = members[s + q];
          block[p * mc + q] = (p === q ? 1 : 0) + wsr[i] * K[i * m + j] * wsr[j];
        }
      }
      const failed = dense.cholesky(block, mc, 0, 0);
      if (failed >= 0) {
        throw new Error(
          `GaussianProcessClassifier: the Laplace matrix I + W^½KW^½ is not positive definite (pivot ${failed} of a ${mc}-row block); the kernel matrix is not a valid covariance.`,
        );
      }
      L.set(block, lStart[c]);
    }
    dense.release();
    return new LaplaceFactor(comps, L, lStart);
  }

  /** Σ log L_ii in row order (the log determinant of B, halved). */
  logDiagSum(m: number): number {
    const diag = new Float64Array(m);
    this.eachDiagonal((i, v) => (diag[i] = v));
    let s = 0;
    for (let i = 0; i < m; i++) s += Math.log(diag[i]);
    return s;
  }

  private eachDiagonal(f: (row: number, v: number) => void): void {
    const { start, members } = this.comps;
    for (let c = 0; c + 1 < start.length; c++) {
      const mc = start[c + 1] - start[c];
      for (let p = 0; p < mc; p++) f(members[start[c] + p], this.L[this.lStart[c] + p * mc + p]);
    }
  }

  /** x ← L_c⁻¹ x for the component whose mc × mc factor starts at L[o]. */
  private forward(o: number, mc: number, x: Float64Array): void {
    const L = this.L;
    for (let p = 0; p < mc; p++) {
      let t = x[p];
      for (let q = 0; q < p; q++) t -= L[o + p * mc + q] * x[q];
      x[p] = t / L[o + p * mc + p];
    }
  }

  /** Solves L Lᵀ x = v in place. */
  solve(v: Float64Array): void {
    const { start, members } = this.comps;
    const L = this.L;
    for (let c = 0; c + 1 < start.length; c++) {
      const s = start[c];
      const mc = start[c + 1] - s;
      const o = this.lStart[c];
      if (mc === 1) {
        const i = members[s];
        v[i] = v[i] / L[o] / L[o];
        continue;
      }
      const x = new Float64Array(mc);
      for (let p = 0; p < mc; p++) x[p] = v[members[s + p]];
      this.forward(o, mc, x);
      for (let p = mc - 1; p >= 0; p--) {
        let t = x[p];
        for (let q = p + 1; q < mc; q++) t -= L[o + q * mc + p] * x[q];
        x[p] = t / L[o + p * mc + p];
      }
      for (let p = 0; p < mc; p++) v[members[s + p]] = x[p];
    }
  }

  /**
   * ‖L⁻¹ z‖² for z_i = wsr_i·kstar[cols[i]] (cols null: kstar[i]), the part of the predictive
   * variance the training data explain.
   */
  forwardSqNorm(wsr: Float64Array, kstar: Float64Array, off: number, cols: Int32Array | null) {
    const { start, members } = this.comps;
    const L = this.L;
    let sum = 0;
    let x = new Float64Array(0);
    for (let c = 0; c + 1 < start.length; c++) {
      const s = start[c];
      const mc = start[c + 1] - s;
      const o = this.lStart[c];
      if (mc === 1) {
        const i = members[s];
        const t = (wsr[i] * kstar[off + (cols ? cols[i] : i)]) / L[o];
        sum += t * t;
        continue;
      }
      if (x.length < mc) x = new Float64Array(mc);
      for (let p = 0; p < mc; p++) {
        const i = members[s + p];
        x[p] = wsr[i] * kstar[off + (cols ? cols[i] : i)];
      }
      this.forward(o, mc, x);
      for (let p = 0; p < mc; p++) sum += x[p] * x[p];
    }
    return sum;
  }
}

/** What a binary Laplace fit keeps for prediction. */
export interface BinaryLaplace {
  /** y − π, π the sigmoid of the latent values the last Newton step started from (sklearn's pi_). */
  yMinusPi: Float64Array;
  /** √W at the same latent values (sklearn's W_sr_). */
  wsr: Float64Array;
  /** The factor of B at the same point (sklearn's L_). */
  factor: LaplaceFactor;
  /** The approximate log marginal likelihood at the mode. */
  lml: number;
  /** Newton steps taken. */
  nIter: number;
}

/** out = K x over K's non-negligible entries. */
function matvec(K: SparseKernel, m: number, x: Float64Array, out: Float64Array): void {
  const { rowStart, cols, vals } = K;
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let t = rowStart[i]; t < rowStart[i + 1]; t++) s += vals[t] * x[cols[t]];
    out[i] = s;
  }
}

/**
 * Newton iterations to the posterior mode for labels y ∈ {0, 1} (sklearn's `_posterior_mode`
 * from f = 0), on K (m × m) of the given structure.
 */
export function fitBinaryLaplace(
  K: Float64Array,
  m: number,
  y: Uint8Array,
  structure: KernelStructure,
  maxIter: number,
  dense: Dense,
): BinaryLaplace {
  const { comps, sparse } = structure;
  const f = new Float64Array(m);
  const pi = new Float64Array(m);
  const wsr = new Float64Array(m);
  const b = new Float64Array(m);
  const c = new Float64Array(m);
  const a = new Float64Array(m);
  let factor: LaplaceFactor | null = null;
  let lmlPrev = -Infinity;
  let nIter = 0;
  for (let it = 0; it < maxIter; it++) {
    nIter++;
    for (let i = 0; i < m; i++) {
      const p = 1 / (1 + Math.exp(-f[i]));
      const w = p * (1 - p);
      pi[i] = p;
      wsr[i] = Math.sqrt(w);
      b[i] = w * f[i] + (y[i] - p);
    }
    factor = LaplaceFactor.of(K, m, wsr, comps, dense);
    matvec(sparse, m, b, c);
    for (let i = 0; i < m; i++) c[i] *= wsr[i];
    factor.solve(c);
    for (let i = 0; i < m; i++) a[i] = b[i] - wsr[i] * c[i];
    matvec(sparse, m, a, f);
    let af = 0;
    let loss = 0;
    for (let i = 0; i < m; i++) {
      af += a[i] * f[i];
      loss += Math.log1p(Math.exp(-(y[i] * 2 - 1) * f[i]));
    }
    const lml = -0.5 * af - loss - factor.logDiagSum(m);
    if (lml - lmlPrev < 1e-10) break;
    lmlPrev = lml;
  }
  const yMinusPi = new Float64Array(m);
  for (let i = 0; i < m; i++) yMinusPi[i] = y[i] - pi[i];
  return { yMinusPi, wsr, factor: factor!, lml: lmlPrev, nIter };
}

/** The five-term approximation of the logistic by error functions (sklearn's LAMBDAS, COEFS). */
const LAMBDAS = [0.41, 0.4, 0.37, 0.44, 0.39];
const COEFS = [-1854.8214151, 3516.89893646, 221.29346712, 128.12323805, -2010.49422654];
const HALF_COEF_SUM = 0.5 * COEFS.reduce((s, v) => s + v, 0);

/**
 * P(y = 1) for a latent Gaussian N(mean, variance) pushed through the logistic, by the same
 * erf sum as sklearn's `predict_proba` (the terms added in its order).
 */
export function laplaceProbability(mean: number, variance: number): number {
  const alpha = 1 / (2 * variance);
  let s = 0;
  for (let k = 0; k < 5; k++) {
    const lam = LAMBDAS[k];
    const integral =
      (Math.sqrt(Math.PI / alpha) * erf(lam * mean * Math.sqrt(alpha / (alpha + lam * lam)))) /
      (2 * Math.sqrt(variance * 2 * Math.PI));
    s += COEFS[k] * integral;
  }
  return s + HALF_COEF_SUM;
}

/**
 * The error function to about 1e-16 relative: the series e^{−x²} Σ 2ⁿx^{2n+1}/(1·3···(2n+1))
 * (all terms positive, no cancellation) for |x| < 3, and 1 − erfc by its continued fraction
 * beyond, where erfc < 2.3e-5.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 3) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
      if (Math.abs(term) <= Math.abs(sum) * 1e-17) break;
    }
    return (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
  }
  if (ax > 6) return Math.sign(x);
  // erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), by Lentz's method.
  const tiny = 1e-300;
  let fval = ax;
  let C = ax;
  let D = 0;
  for (let k = 1; k < 300; k++) {
    const an = k / 2;
    D = ax + an * D;
    D = Math.abs(D) < tiny ? 1 / tiny : 1 / D;
    C = ax + an / C;
    if (Math.abs(C) < tiny) C = tiny;
    const delta = C * D;
    fval *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / fval;
  return Math.sign(x) * (1 - erfc);
}
