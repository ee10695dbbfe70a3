/**
 * Dense float64 linear algebra for small and medium systems (row-major m × m): Cholesky factor,
 * solves and quadratic forms. Used by SVC's face-Newton step (svm/face-newton.ts) and the
 * Gaussian process classifier's Laplace approximation. The TypeScript functions are the
 * references of assembly/dense.ts and sum in its order, so both give the same bits (tested).
 */

import type { WasmSimdBackend } from './wasm/wasm-backend.js';

/**
 * Σ a[k]·b[k] over k < n from offsets oa and ob, in assembly/dense.ts's order: two partial sums
 * over even and odd k, added, then an odd last term.
 */
function dot(a: Float64Array, oa: number, b: Float64Array, ob: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  const n2 = n & ~1;
  for (let k = 0; k < n2; k += 2) {
    s0 += a[oa + k] * b[ob + k];
    s1 += a[oa + k + 1] * b[ob + k + 1];
  }
  let s = s0 + s1;
  if (n & 1) s += a[oa + n - 1] * b[ob + n - 1];
  return s;
}

/**
 * In-place lower Cholesky factor of A + ridge·I (row-major, m × m; the upper triangle is left
 * as it was). Returns −1, or the first pivot that fell to `minPivot` or below.
 */
export function cholesky(A: Float64Array, m: number, ridge: number, minPivot: number): number {
  for (let j = 0; j < m; j++) {
    const rj = j * m;
    const s = A[rj + j] + ridge - dot(A, rj, A, rj, j);
    if (!(s > minPivot)) return j;
    const ljj = Math.sqrt(s);
    A[rj + j] = ljj;
    for (let i = j + 1; i < m; i++) {
      const ri = i * m;
      A[ri + j] = (A[ri + j] - dot(A, ri, A, rj, j)) / ljj;
    }
  }
  return -1;
}

/** Solves (L Lᵀ) x = b in place, L the lower factor {@link cholesky} left in `L`. */
export function cholSolve(L: Float64Array, m: number, b: Float64Array): void {
  for (let i = 0; i < m; i++) b[i] = (b[i] - dot(L, i * m, b, 0, i)) / L[i * m + i];
  for (let i = m - 1; i >= 0; i--) {
    const ri = i * m;
    const x = (b[i] /= L[ri + i]);
    for (let k = 0; k < i; k++) b[k] -= L[ri + k] * x;
  }
}

/** xᵀQx for a k × k row-major Q (rows where x is 0 add nothing and are skipped). */
export function quadForm(Q: Float64Array, k: number, x: Float64Array): number {
  let q = 0;
  for (let a = 0; a < k; a++) if (x[a] !== 0) q += x[a] * dot(Q, a * k, x, 0, k);
  return q;
}

/** Rows per chunk of {@link gramWeighted} (assembly/dense.ts's GRAM_ROWS). */
const GRAM_ROWS = 64;

/**
 * M += Σ_i w_i·x_i·x_iᵀ over the rows of X (n × d float32) with w_i ≠ 0, on the 4 × 4 tiles on
 * and below the diagonal of M (dp × dp, dp = d rounded up to 4): assembly/dense.ts's
 * `gram_weighted_f64`, in its order (chunks of GRAM_ROWS rows; within a chunk Σ (w_i·x_ia)·x_ic
 * in row order, then added to M).
 */
export function gramWeighted(
  n: number,
  d: number,
  X: Float32Array,
  w: Float64Array,
  M: Float64Array,
  dp: number,
): void {
  const rows: number[] = [];
  const flush = () => {
    for (let a = 0; a < dp; a++) {
      const cEnd = (a & ~3) + 4;
      for (let c = 0; c < cEnd; c++) {
        let acc = 0;
        for (const i of rows) {
          const xa = a < d ? X[i * d + a] : 0;
          const xc = c < d ? X[i * d + c] : 0;
          acc += w[i] * xa * xc;
        }
        M[a * dp + c] += acc;
      }
    }
    rows.length = 0;
  };
  for (let i = 0; i < n; i++) {
    if (w[i] === 0) continue;
    rows.push(i);
    if (rows.length === GRAM_ROWS) flush();
  }
  if (rows.length > 0) flush();
}

/** The WASM exports of assembly/dense.ts. */
interface DenseKernels {
  gram_weighted_f64(
    n: number,
    d: number,
    X: number,
    w: number,
    M: number,
    dp: number,
    pack: number,
  ): void;
  chol_f64(A: number, m: number, ridge: number, minPivot: number): number;
  chol_solve_f64(L: number, m: number, b: number): void;
  quad_form_f64(Q: number, k: number, x: number): number;
}

/**
 * The dense kernels, in WASM when a backend is given (arrays in its memory,
 * freed together by `release`), else the TypeScript references above: the same sums, so the
 * same steps.
 */
export class Dense {
  private readonly ex: DenseKernels | null;
  private readonly owned: Float64Array[] = [];
  constructor(private readonly be: WasmSimdBackend | null) {
    this.ex = be ? (be.exports as unknown as DenseKernels) : null;
  }

  f64(n: number): Float64Array {
    if (!this.be) return new Float64Array(n);
    const a = this.be.alloc('f64', Math.max(1, n), false).subarray(0, n);
    this.owned.push(a);
    return a;
  }

  cholesky(A: Float64Array, m: number, ridge: number, minPivot: number): number {
    return this.ex
      ? this.ex.chol_f64(A.byteOffset, m, ridge, minPivot)
      : cholesky(A, m, ridge, minPivot);
  }

  cholSolve(L: Float64Array, m: number, b: Float64Array): void {
    if (this.ex) this.ex.chol_solve_f64(L.byteOffset, m, b.byteOffset);
    else cholSolve(L, m, b);
  }

  /**
   * out (d × d, symmetric) = Σ_i w_i·x_i·x_iᵀ over the rows of X (n × d float32) with w_i ≠ 0,
   * in float64 ({@link gramWeighted}'s sums; X and w in the backend's memory on the WASM path).
   */
  weightedGram(X: Float32Array, n: number, d: number, w: Float64Array, out: Float64Array): void {
    const dp = (d + 3) & ~3;
    const be = this.be;
    const M = be ? be.alloc('f64', dp * dp, true) : new Float64Array(dp * dp);
    const pack = be ? be.alloc('f64', 2 * GRAM_ROWS * dp, false) : null;
    try {
      if (this.ex) {
        const { byteOffset: x } = X;
        this.ex.gram_weighted_f64(n, d, x, w.byteOffset, M.byteOffset, dp, pack!.byteOffset);
      } else {
        gramWeighted(n, d, X, w, M, dp);
      }
      for (let a = 0; a < d; a++) {
        for (let c = 0; c <= a; c++) out[a * d + c] = out[c * d + a] = M[a * dp + c];
      }
    } finally {
      if (be) {
        be.free(M);
        be.free(pack!);
      }
    }
  }

  quadForm(Q: Float64Array, k: number, x: Float64Array): number {
    return this.ex ? this.ex.quad_form_f64(Q.byteOffset, k, x.byteOffset) : quadForm(Q, k, x);
  }

  release(): void {
    for (const a of this.owned) this.be!.free(a);
    this.owned.length = 0;
  }
}
