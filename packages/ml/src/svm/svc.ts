import { Classifier } from '../base/classifier.js';
import { ParameterError } from '../base/errors.js';
import { rowSqNorms, type Matrix, type MatrixLike } from '../base/matrix.js';
import { bool, int, num, oneOf, type ParamTable } from '../base/params.js';
import type { StateValue } from '../base/serialize.js';
import { getBackendSync } from '../kernels/registry.js';
import { WasmSimdBackend } from '../kernels/wasm/wasm-backend.js';
import { gemmOn, sharedSyncPool } from '../parallel/sync-pool.js';
import { projectBoxEquality } from './face-newton.js';
import { finishLinear } from './exact-finish.js';
import { interiorPointLinear } from './interior-point.js';
import { solveSmo, svmWasmEnabled, type KernelRows, type SmoSolver } from './smo.js';

/** Kernel codes of assembly/svm.ts's `svm_kernel_row_f32`. */
const KERNEL_KIND = { linear: 0, rbf: 1, poly: 2, sigmoid: 3 } as const;

/** SVC's dual solvers (see {@link SVCOptions.solver}). */
export type SVCSolver = SmoSolver | 'interior-point';

/** Options of {@link SVC} (sklearn names in camelCase). */
export interface SVCOptions {
  C: number;
  kernel: 'linear' | 'rbf' | 'poly' | 'sigmoid';
  /** Kernel coefficient; 'auto' = 1/n_features (sklearn 0.19's default), 'scale' = 1/(d·Var X). */
  gamma: number | 'auto' | 'scale';
  degree: number;
  coef0: number;
  /** Stopping tolerance of the solver (libsvm's eps). */
  tol: number;
  /** Solver iterations at most; −1 = no limit. */
  maxIter: number;
  /** libsvm's shrinking heuristic (sklearn's default: on); it changes the path, not the optimum. */
  shrinking: boolean;
  /**
   * The dual solver: `'libsvm'` (libsvm's SMO step for step), `'smo-newton'` (the same SMO
   * with exact Newton steps on the free face; the same problem and stopping test) or, for the
   * linear kernel only, `'interior-point'` (an interior-point solve of each problem, snapped to
   * its bounds as the start of `'smo-newton'`, whose test ends it).
   */
  solver: SVCSolver;
}

const PARAMS: ParamTable = {
  C: { default: 1, check: num(0, Infinity, { min: true }) },
  kernel: { default: 'rbf', check: oneOf('linear', 'rbf', 'poly', 'sigmoid') },
  gamma: {
    default: 'scale',
    check: (v) =>
      v === 'auto' || v === 'scale' || num(0, Infinity, { min: true })(v) === undefined
        ? undefined
        : '"auto", "scale" or a number > 0',
  },
  degree: { default: 3, check: int(0) },
  coef0: { default: 0, check: num() },
  tol: { default: 1e-3, check: num(0, Infinity, { min: true }) },
  maxIter: { default: -1, check: int(-1) },
  shrinking: { default: true, check: bool() },
  solver: { default: 'libsvm', check: oneOf('libsvm', 'smo-newton', 'interior-point') },
};

/** Largest Gram matrix kept whole per one-vs-one problem (bytes); above it, rows are computed. */
let gramBudget = 1.5e9;

/** Sets the largest Gram matrix SVC keeps whole (bytes); for tests of the row-by-row path. */
export function setSvcGramBudget(bytes: number): void {
  gramBudget = bytes;
}

/**
 * C-support vector classification, as sklearn's `SVC` (libsvm): one binary problem per pair of
 * classes (one-vs-one, classes in ascending order, the first of a pair as +1), each solved by
 * libsvm's SMO ({@link solveSmo}: second-order working-set selection, shrinking, stopping when
 * the max violation < tol, the bias from `calculate_rho`); prediction by pairwise votes, ties to
 * the lower class. The kernel values come from float32 GEMMs (every kernel of the grid is a
 * function of dot products and norms), one Gram matrix per pair of classes.
 */
export class SVC extends Classifier<SVCOptions> {
  /** Support vectors (rows of the training X), n_SV × d. */
  supportVectors_!: Float32Array;
  /** Number of support vectors of each class. */
  nSupport_!: Int32Array;
  /** Dual coefficients α·y of each support vector in each of its K−1 problems, (K−1) × n_SV. */
  dualCoef_!: Float64Array;
  /** −rho of each one-vs-one problem (sklearn's `intercept_`), K(K−1)/2. */
  intercept_!: Float64Array;
  /** The gamma the kernel used. */
  gamma_!: number;
  /** Solver iterations of each one-vs-one problem (sklearn's `n_iter_`). */
  nIter_!: Int32Array;

  constructor(options: Partial<SVCOptions> = {}) {
    super(PARAMS, options);
  }

  protected get paramTable(): ParamTable {
    return PARAMS;
  }

  protected fitEncoded(X: Matrix, y: Int32Array, k: number): void {
    const [n, d] = X.shape;
    const p = this.params;
    if (p.solver === 'interior-point' && p.kernel !== 'linear') {
      throw new ParameterError(
        `SVC: solver 'interior-point' solves the linear kernel only (kernel is '${p.kernel}'); use 'smo-newton' or 'libsvm'`,
      );
    }
    this.gamma_ = resolveGamma(p.gamma, X);
    const byClass: number[][] = Array.from({ length: k }, () => []);
    for (let i = 0; i < n; i++) byClass[y[i]].push(i);
    const grams = new PairGrams(this, X, byClass);
    // alpha·y per (row, problem) for rows that end up support vectors.
    const coef = new Map<number, Float64Array>();
    const rhos: number[] = [];
    const iters: number[] = [];
    let problem = 0;
    try {
      for (let a = 0; a < k; a++) {
        for (let b = a + 1; b < k; b++, problem++) {
          const rows = [...byClass[a], ...byClass[b]];
          const sign = Float64Array.from(rows, (_, i) => (i < byClass[a].length ? 1 : -1));
          const maxIter = p.maxIter < 0 ? Infinity : p.maxIter;
          const { alpha, rho, iterations } =
            p.solver === 'interior-point'
              ? solveInterior(X, rows, sign, p.C, p.tol, maxIter)
              : solveSmo(grams.pair(a, b), sign, {
                  C: p.C,
                  eps: p.tol,
                  maxIter,
                  shrinking: p.shrinking,
                  solver: p.solver,
                });
          rhos.push(rho);
          iters.push(iterations);
          rows.forEach((r, i) => {
            if (alpha[i] === 0) return;
            let c = coef.get(r);
            if (!c) coef.set(r, (c = new Float64Array((k * (k - 1)) / 2)));
            c[problem] = alpha[i] * sign[i];
          });
        }
      }
    } finally {
      grams.release();
    }
    // Support vectors grouped by class (libsvm's order), each with its K−1 coefficients.
    const sv: number[] = [];
    this.nSupport_ = new Int32Array(k);
    for (let c = 0; c < k; c++) {
      for (const r of byClass[c]) {
        if (coef.has(r)) {
          sv.push(r);
          this.nSupport_[c]++;
        }
      }
    }
    this.supportVectors_ = new Float32Array(sv.length * d);
    sv.forEach((r, i) => this.supportVectors_.set(X.data.subarray(r * d, r * d + d), i * d));
    // dual_coef_ as libsvm lays it out: row j of an SV of class c is its coefficient in the
    // problem against the j-th other class.
    this.dualCoef_ = new Float64Array((k - 1) * sv.length);
    const pairIndex = (a: number, b: number) => a * k - (a * (a + 1)) / 2 + (b - a - 1);
    let i = 0;
    for (let c = 0; c < k; c++) {
      for (let s = 0; s < this.nSupport_[c]; s++, i++) {
        const cf = coef.get(sv[i])!;
        let j = 0;
        for (let o = 0; o < k; o++) {
          if (o === c) continue;
          this.dualCoef_[j * sv.length + i] = cf[o < c ? pairIndex(o, c) : pairIndex(c, o)];
          j++;
        }
      }
    }
    this.intercept_ = Float64Array.from(rhos, (r) => -r);
    this.nIter_ = Int32Array.from(iters);
  }

  /**
   * Kernel values of rows `ra` against rows `rb` of X (ra.length × rb.length, plain memory);
   * `norms` are the squared norms of X's rows.
   */
  kernelBlock(X: Matrix, norms: Float64Array, ra: number[], rb: number[]): Float32Array {
    const d = X.shape[1];
    const be = getBackendSync();
    const pool = be instanceof WasmSimdBackend ? sharedSyncPool() : undefined;
    const A = be.alloc('f32', Math.max(1, ra.length * d), false);
    const B = be.alloc('f32', Math.max(1, rb.length * d), false);
    const C = be.alloc('f32', Math.max(1, ra.length * rb.length), false);
    try {
      ra.forEach((r, i) => A.set(X.data.subarray(r * d, r * d + d), i * d));
      rb.forEach((r, i) => B.set(X.data.subarray(r * d, r * d + d), i * d));
      gemmOn(be, pool, { transB: true, m: ra.length, n: rb.length, k: d, a: A, b: B, c: C });
      const nb = be.alloc('f64', Math.max(1, rb.length), false);
      rb.forEach((r, j) => (nb[j] = norms[r]));
      try {
        for (let i = 0; i < ra.length; i++) {
          this.applyKernel(C.subarray(i * rb.length, (i + 1) * rb.length), norms[ra[i]], nb);
        }
      } finally {
        be.free(nb);
      }
      return C.slice(0, ra.length * rb.length);
    } finally {
      be.free(A);
      be.free(B);
      be.free(C);
    }
  }

  /** The kernel value of a row with itself, from its squared norm. */
  selfKernel(norm: number): number {
    return this.kernelOf(norm, norm, norm);
  }

  /**
   * Kernel rows of the training rows `rows` against themselves, computed row by row; a row stays
   * valid until the second call after it. `norms` are the squared norms of X's rows.
   */
  kernelRows(X: Matrix, norms: Float64Array, rows: number[]): KernelRows {
    const d = X.shape[1];
    const l = rows.length;
    const be = getBackendSync();
    const pool = be instanceof WasmSimdBackend ? sharedSyncPool() : undefined;
    const A = be.alloc('f32', l * d, false);
    rows.forEach((r, i) => A.set(X.data.subarray(r * d, r * d + d), i * d));
    const rowNorms = be.alloc('f64', Math.max(1, l), false);
    rows.forEach((r, i) => (rowNorms[i] = norms[r]));
    // The solver holds two rows at a time (i, then j): they go to alternate buffers.
    const buffers = [be.alloc('f32', l, false), be.alloc('f32', l, false)];
    let next = 0;
    const apply = (row: Float32Array, nx: number) => this.applyKernel(row, nx, rowNorms);
    const selfKernel = (g: number) => this.selfKernel(g);
    return {
      backend: be instanceof WasmSimdBackend ? be : null,
      row(i: number): Float32Array {
        const G = buffers[next];
        next ^= 1;
        gemmOn(be, pool, {
          transB: true,
          m: 1,
          n: l,
          k: d,
          a: A.subarray(i * d, i * d + d),
          b: A,
          c: G,
        });
        apply(G, rowNorms[i]);
        return G;
      },
      diag(i: number): number {
        return selfKernel(rowNorms[i]);
      },
      release(): void {
        be.free(A);
        be.free(rowNorms);
        for (const b of buffers) be.free(b);
      },
    };
  }

  /** K(x, y) from ⟨x, y⟩ and the squared norms. */
  private kernelOf(dotxy: number, nx: number, ny: number): number {
    const { kernel, degree, coef0 } = this.params;
    const g = this.gamma_;
    if (kernel === 'linear') return dotxy;
    if (kernel === 'rbf') return Math.exp(-g * Math.max(nx + ny - 2 * dotxy, 0));
    if (kernel === 'poly') return powi(g * dotxy + coef0, degree);
    return Math.tanh(g * dotxy + coef0);
  }

  /**
   * Turns a row of dot products with one row (squared norm `nx`) into kernel values, in place: in
   * WASM (`svm_kernel_row_f32`) when the row and the norms live in kernel memory, else here.
   */
  private applyKernel(row: Float32Array, nx: number, norms: Float64Array): void {
    const { kernel, degree, coef0 } = this.params;
    if (kernel === 'linear') return;
    const be = getBackendSync();
    if (
      svmWasmEnabled() &&
      be instanceof WasmSimdBackend &&
      be.owns(row) &&
      be.owns(norms) &&
      typeof be.exports.svm_kernel_row_f32 === 'function'
    ) {
      (be.exports.svm_kernel_row_f32 as (...a: number[]) => void)(
        row.byteOffset,
        row.length,
        nx,
        norms.byteOffset,
        KERNEL_KIND[kernel],
        this.gamma_,
        coef0,
        degree,
      );
      return;
    }
    for (let j = 0; j < row.length; j++) row[j] = this.kernelOf(row[j], nx, norms[j]);
  }

  /** One-vs-one decision values, n × K(K−1)/2 (sklearn's `decision_function_shape='ovo'`). */
  decisionFunctionOvo(X: MatrixLike): Matrix<Float64Array> {
    return this.ovo(this.checkX(X));
  }

  private ovo(X: Matrix): Matrix<Float64Array> {
    const [n, d] = X.shape;
    const k = this.classes_.length;
    const nsv = this.nSupport_.reduce((a, b) => a + b, 0);
    const pairs = (k * (k - 1)) / 2;
    const out = new Float64Array(n * pairs);
    const be = getBackendSync();
    const pool = be instanceof WasmSimdBackend ? sharedSyncPool() : undefined;
    const S = be.alloc('f32', Math.max(1, nsv * d), false);
    S.set(this.supportVectors_);
    const svNorms = be.alloc('f64', Math.max(1, nsv), false);
    svNorms.set(rowSqNorms(S, nsv, d));
    const start = new Int32Array(k + 1);
    for (let c = 0; c < k; c++) start[c + 1] = start[c] + this.nSupport_[c];
    const chunk = Math.max(1, Math.min(n, Math.floor(2e8 / Math.max(1, nsv))));
    const x = be.alloc('f32', chunk * d, false);
    const Kx = be.alloc('f32', Math.max(1, chunk * nsv), false);
    // The pair sums in WASM (svm_ovo_f32) when it runs: coefficients, bounds and intercepts
    // copied into kernel memory once; else the TypeScript loops below (the same sums).
    const ovoFn =
      svmWasmEnabled() && be instanceof WasmSimdBackend
        ? (be.exports.svm_ovo_f32 as ((...a: number[]) => void) | undefined)
        : undefined;
    const ovoWasm = typeof ovoFn === 'function';
    const coefK = ovoWasm ? be.alloc('f64', Math.max(1, this.dualCoef_.length), false) : null;
    const startK = ovoWasm ? be.alloc('i32', k + 1, false) : null;
    const interceptK = ovoWasm ? be.alloc('f64', Math.max(1, pairs), false) : null;
    const outK = ovoWasm ? be.alloc('f64', Math.max(1, chunk * pairs), false) : null;
    coefK?.set(this.dualCoef_);
    startK?.set(start);
    interceptK?.set(this.intercept_);
    try {
      for (let r0 = 0; r0 < n; r0 += chunk) {
        const rows = Math.min(chunk, n - r0);
        x.set(X.data.subarray(r0 * d, (r0 + rows) * d));
        if (nsv > 0) gemmOn(be, pool, { transB: true, m: rows, n: nsv, k: d, a: x, b: S, c: Kx });
        const xNorms = rowSqNorms(x, rows, d);
        for (let r = 0; r < rows; r++) {
          this.applyKernel(Kx.subarray(r * nsv, r * nsv + nsv), xNorms[r], svNorms);
        }
        if (outK) {
          ovoFn!(
            Kx.byteOffset,
            rows,
            nsv,
            k,
            startK!.byteOffset,
            coefK!.byteOffset,
            interceptK!.byteOffset,
            outK.byteOffset,
          );
          out.set(outK.subarray(0, rows * pairs), r0 * pairs);
          continue;
        }
        for (let r = 0; r < rows; r++) {
          const kr = Kx.subarray(r * nsv, r * nsv + nsv);
          let pi = 0;
          for (let a = 0; a < k; a++) {
            for (let b = a + 1; b < k; b++, pi++) {
              // Class a's SVs carry their coefficient against b in row b − 1; b's against a in row a.
              let s = 0;
              for (let t = start[a]; t < start[a + 1]; t++)
                s += this.dualCoef_[(b - 1) * nsv + t] * kr[t];
              for (let t = start[b]; t < start[b + 1]; t++)
                s += this.dualCoef_[a * nsv + t] * kr[t];
              out[(r0 + r) * pairs + pi] = s + this.intercept_[pi];
            }
          }
        }
      }
    } finally {
      for (const a of [S, svNorms, x, Kx, coefK, startK, interceptK, outK]) if (a) be.free(a);
    }
    return { data: out, shape: [n, pairs] };
  }

  protected predictIndices(X: Matrix): Int32Array {
    const dec = this.ovo(X);
    const n = X.shape[0];
    const k = this.classes_.length;
    const pairs = (k * (k - 1)) / 2;
    const out = new Int32Array(n);
    const votes = new Int32Array(k);
    for (let r = 0; r < n; r++) {
      votes.fill(0);
      let pi = 0;
      for (let a = 0; a < k; a++) {
        for (let b = a + 1; b < k; b++, pi++) votes[dec.data[r * pairs + pi] > 0 ? a : b]++;
      }
      let best = 0;
      for (let c = 1; c < k; c++) if (votes[c] > votes[best]) best = c;
      out[r] = best;
    }
    return out;
  }

  protected getModelState(): Record<string, StateValue> {
    return {
      supportVectors_: this.supportVectors_,
      nSupport_: this.nSupport_,
      dualCoef_: this.dualCoef_,
      intercept_: this.intercept_,
      gamma_: this.gamma_,
      nIter_: this.nIter_,
    };
  }

  protected setModelState(s: Record<string, StateValue>): void {
    this.supportVectors_ = s.supportVectors_ as Float32Array;
    this.nSupport_ = s.nSupport_ as Int32Array;
    this.dualCoef_ = s.dualCoef_ as Float64Array;
    this.intercept_ = s.intercept_ as Float64Array;
    this.gamma_ = s.gamma_ as number;
    this.nIter_ = (s.nIter_ as Int32Array | undefined) ?? new Int32Array(0);
  }
}

/**
 * The Gram matrices of the one-vs-one problems. The problem of classes a and b needs the blocks
 * aa, ab and bb of the kernel matrix. Each class's diagonal block serves its K − 1 problems, so
 * it is computed once and kept, and each pair computes only its ab block: about a third of the
 * kernel evaluations of one Gram matrix per pair. A pair whose matrix would exceed the memory
 * budget gets its kernel rows computed on demand instead.
 */
class PairGrams {
  private readonly diag = new Map<number, Float32Array>();
  /** The current pair's Gram matrix, in kernel memory when WASM runs (the solver's loops read it). */
  private buffer: Float32Array | null = null;
  private readonly be: WasmSimdBackend | null;
  /** Squared norms of X's rows (each kernel value needs two; the diagonal needs one). */
  private readonly norms: Float64Array;

  constructor(
    private readonly svc: SVC,
    private readonly X: Matrix,
    private readonly byClass: number[][],
  ) {
    this.norms = rowSqNorms(X.data, X.shape[0], X.shape[1]);
    const be = getBackendSync();
    this.be = be instanceof WasmSimdBackend ? be : null;
  }

  release(): void {
    if (this.buffer && this.be) this.be.free(this.buffer);
    this.buffer = null;
  }

  private diagonal(c: number): Float32Array {
    let D = this.diag.get(c);
    if (!D) {
      D = this.svc.kernelBlock(this.X, this.norms, this.byClass[c], this.byClass[c]);
      this.diag.set(c, D);
    }
    return D;
  }

  pair(a: number, b: number): KernelRows {
    const ra = this.byClass[a];
    const rb = this.byClass[b];
    const na = ra.length;
    const nb = rb.length;
    const l = na + nb;
    const rows = [...ra, ...rb];
    if (l * l * 4 > gramBudget) return this.svc.kernelRows(this.X, this.norms, rows);
    if (!this.buffer || this.buffer.length < l * l) {
      this.release();
      this.buffer = this.be ? this.be.alloc('f32', l * l, false) : new Float32Array(l * l);
    }
    const G = this.buffer;
    const Daa = this.diagonal(a);
    const Dbb = this.diagonal(b);
    const Kab = this.svc.kernelBlock(this.X, this.norms, ra, rb);
    for (let i = 0; i < na; i++) {
      G.set(Daa.subarray(i * na, i * na + na), i * l);
      G.set(Kab.subarray(i * nb, i * nb + nb), i * l + na);
    }
    for (let i = 0; i < nb; i++) {
      const o = (na + i) * l;
      for (let j = 0; j < na; j++) G[o + j] = Kab[j * nb + i];
      G.set(Dbb.subarray(i * nb, i * nb + nb), o + na);
    }
    // The diagonal from float64 norms, as the row-by-row path has it.
    return {
      backend: this.be,
      row: (i) => G.subarray(i * l, i * l + l),
      diag: (i) => this.svc.selfKernel(this.norms[rows[i]]),
      matrix: this.be ? G.subarray(0, l * l) : undefined,
      release: () => {},
    };
  }
}

function resolveGamma(gamma: SVCOptions['gamma'], X: Matrix): number {
  const [n, d] = X.shape;
  if (gamma === 'auto') return 1 / d;
  if (gamma !== 'scale') return gamma;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n * d; i++) {
    sum += X.data[i];
    sq += X.data[i] * X.data[i];
  }
  const variance = sq / (n * d) - (sum / (n * d)) ** 2;
  if (!(variance > 0))
    throw new ParameterError('SVC: gamma "scale" needs X with nonzero variance.');
  return 1 / (d * variance);
}

/** libsvm's powi: base^times by repeated squaring (the poly kernel's power, as libsvm computes it). */
function powi(base: number, times: number): number {
  let tmp = base;
  let ret = 1;
  for (let t = times; t > 0; t = Math.floor(t / 2)) {
    if (t % 2 === 1) ret *= tmp;
    tmp *= tmp;
  }
  return ret;
}

/** The interior-point solve stops at μ ≤ this share of C: close enough for the finish. */
const INTERIOR_MU = 1e-8;
/** A variable whose multiplier z − v exceeds this in size is snapped to its bound. */
const SNAP = 1e-3;

/**
 * The `'interior-point'` solver of one linear problem (rows `rows` of X, labels `sign`): the
 * interior-point solution, each variable snapped to the bound its multiplier points to (z − v
 * above SNAP: at 0; below −SNAP: at C; else free), yᵀα = 0 restored by moving the free ones,
 * then finished to libsvm's test with exact gradients (exact-finish.ts).
 */
function solveInterior(
  X: Matrix,
  rows: number[],
  sign: Float64Array,
  C: number,
  eps: number,
  maxIter: number,
): { alpha: Float64Array; rho: number; iterations: number } {
  const d = X.shape[1];
  const l = rows.length;
  const be = getBackendSync();
  const wasm = be instanceof WasmSimdBackend ? be : null;
  const A = be.alloc('f32', l * d, false);
  try {
    rows.forEach((r, i) => A.set(X.data.subarray(r * d, r * d + d), i * d));
    const ip = interiorPointLinear(be, A, d, sign, {
      C,
      muTol: INTERIOR_MU,
      maxIter: 100,
    });
    const { alpha, lowerDual: z, upperDual: v } = ip;
    for (let i = 0; i < l; i++) {
      const g = z[i] - v[i];
      if (g > SNAP) alpha[i] = 0;
      else if (g < -SNAP) alpha[i] = C;
    }
    const free: number[] = [];
    let fixedSum = 0;
    for (let i = 0; i < l; i++) {
      if (alpha[i] > 0 && alpha[i] < C) free.push(i);
      else fixedSum += sign[i] * alpha[i];
    }
    const af = Float64Array.from(free, (i) => alpha[i]);
    projectBoxEquality(
      af,
      Float64Array.from(free, (i) => sign[i]),
      C,
      -fixedSum,
    );
    free.forEach((i, k) => (alpha[i] = af[k]));
    const fin = finishLinear(wasm, A, d, sign, alpha, C, eps, maxIter);
    return { alpha: fin.alpha, rho: fin.rho, iterations: ip.iterations + fin.iterations };
  } finally {
    be.free(A);
  }
}
