/**
 * The backend-neutral kernel interface. Estimators call these and never a backend directly, so
 * the plain-TypeScript reference (`js`) and the WASM SIMD build (`wasm-simd`) are interchangeable
 * and one parity suite can hold them to the same contract.
 *
 * Conventions (see docs/decisions/0002-kernel-api-and-memory.md):
 * - f32 unless noted, row-major, dense rows (only `gemm` takes leading dimensions).
 * - Outputs are caller-owned and written in place; kernels never allocate per call on the fast path.
 * - Inputs are never mutated. Outputs must not overlap inputs unless an "alias" note allows it.
 */

/** Names of the kernel backends, in order of preference. */
export type BackendName = 'wasm-simd' | 'js';

/** Element types a backend can allocate in its own memory. */
export type ElementKind = 'f32' | 'f64' | 'i32' | 'u8';

/** The typed array allocated for each element kind. */
export interface ElementArray {
  f32: Float32Array;
  f64: Float64Array;
  i32: Int32Array;
  u8: Uint8Array;
}

/** Any array a kernel accepts. */
export type KernelArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/**
 * C ← alpha·op(A)·op(B) + beta·C, op(X) = X or Xᵀ. op(A) is m×k, op(B) k×n, C m×n.
 * Leading dimensions default to the dense row length of each stored matrix. beta = 0 never reads
 * C (an uninitialised C cannot leak NaN), as in BLAS. C must not overlap A or B.
 */
export interface GemmParams {
  transA?: boolean;
  transB?: boolean;
  m: number;
  n: number;
  k: number;
  /** Default 1. */
  alpha?: number;
  /** Default 0. */
  beta?: number;
  a: Float32Array;
  lda?: number;
  b: Float32Array;
  ldb?: number;
  c: Float32Array;
  ldc?: number;
}

/** y ← alpha·op(A)·x + beta·y, A m×n dense. beta = 0 never reads y. y must not overlap A or x. */
export interface GemvParams {
  trans?: boolean;
  m: number;
  n: number;
  alpha?: number;
  beta?: number;
  a: Float32Array;
  x: Float32Array;
  y: Float32Array;
}

/** Pairwise distances between the rows of A (m×d) and B (n×d) into out (m×n). */
export interface PairwiseParams {
  a: Float32Array;
  m: number;
  b: Float32Array;
  n: number;
  d: number;
  out: Float32Array;
}

/** Squared-Euclidean distances; precomputed row squared norms save a pass when B is reused. */
export interface SqDistParams extends PairwiseParams {
  aNorms?: Float32Array;
  bNorms?: Float32Array;
}

/**
 * The k smallest entries of each row of an m×n matrix: ascending values, ties broken by the lower
 * index, NaN after every number. Requires k ≤ n. Outputs are m×k.
 */
export interface TopKParams {
  values: Float32Array;
  m: number;
  n: number;
  k: number;
  outIdx: Int32Array;
  outVal: Float32Array;
}

/** Fused distance + k-smallest search (KNN): the m×n distance matrix is never materialised. */
export interface DistTopKParams {
  a: Float32Array;
  m: number;
  b: Float32Array;
  n: number;
  d: number;
  k: number;
  outIdx: Int32Array;
  outVal: Float32Array;
  /** Squared-Euclidean only: precomputed row squared norms. */
  aNorms?: Float32Array;
  bNorms?: Float32Array;
}

/**
 * Exact k-nearest search with lower-bound pruning (KNN). The distance is the direct sum over the
 * d features, Σ(a−b)² (squared Euclidean) or Σ|a−b| (L1), accumulated in four f32 lanes as
 * documented by `sqDiffF32`/`l1DiffF32` (js/pruned-search.ts): every backend returns the values
 * and indices that sum gives for all pairs, ascending, ties by the lower index (bit-identical).
 * The `*Low` summaries (r values per row) and scales must come from `neighbors/exact-search.ts`:
 * their distance has to be a lower bound of the full one or the search is not exact.
 * Inputs must be finite.
 */
export interface PrunedTopKParams {
  a: Float32Array;
  m: number;
  b: Float32Array;
  n: number;
  d: number;
  k: number;
  /** Summary length per row (p=2: leading rotated coordinates, ≤ 400; p=1: group sums). */
  r: number;
  aLow: Float32Array;
  bLow: Float32Array;
  /** Margin scales, one per row (p=2: ‖x−μ‖²; p=1: ‖x−μ‖₁). */
  aScale: Float32Array;
  bScale: Float32Array;
  outIdx: Int32Array;
  outVal: Float32Array;
}

/** Squared-Euclidean pruned search: also the summaries' squared norms and residual-norm bounds. */
export interface SqPrunedTopKParams extends PrunedTopKParams {
  aLowNorms: Float32Array;
  bLowNorms: Float32Array;
  /** Lower and upper values of each row's residual norm ‖x − μ − V·z‖. */
  aResLo: Float32Array;
  aResHi: Float32Array;
  bResLo: Float32Array;
  bResHi: Float32Array;
}

/** out[i,j] ← (src[i,j] − mean[j]) / scale[j] for uint8 pixels (zero scales: caller replaces). */
export interface StandardizeParams {
  src: Uint8Array;
  m: number;
  n: number;
  mean: Float32Array;
  scale: Float32Array;
  out: Float32Array;
}

/**
 * Gradient/hessian histograms over uint8-binned features for tree learners. For the listed rows
 * and features [featureStart, featureEnd), out[(f·nBins + bin)·3 + c] holds c = 0: Σ grad,
 * 1: Σ hess (or Σ 1 when hess is null), 2: count, in f64 (exact counts, no f32 drift over 60,000
 * rows). That feature range of out is overwritten; other features are left untouched.
 */
export interface HistogramParams {
  binned: Uint8Array;
  nFeatures: number;
  rows: Int32Array;
  grad: Float32Array;
  hess: Float32Array | null;
  nBins: number;
  out: Float64Array;
  featureStart?: number;
  featureEnd?: number;
}

/** The synchronous kernels every backend provides (single thread; the pool adds threads). */
export interface KernelBackend {
  readonly name: BackendName;
  /**
   * Allocates an array the backend can use without copying (WASM: a view into its shared memory;
   * js: a SharedArrayBuffer, so a pool can share it), zeroed unless `zero` is false (for arrays
   * the caller fills at once: zeroing 188 MB of training rows costs a tenth of a second). Foreign
   * arrays work everywhere but take a copy per call.
   */
  alloc<K extends ElementKind>(kind: K, length: number, zero?: boolean): ElementArray[K];
  /** Returns an array from `alloc` (exactly that view) to the backend. */
  free(view: KernelArray): void;
  /** True when `view` lives in the backend's memory (the zero-copy path). */
  owns(view: KernelArray): boolean;

  gemm(p: GemmParams): void;
  gemv(p: GemvParams): void;
  /** Σ x·y over the common length. */
  dot(x: Float32Array, y: Float32Array): number;
  /** y ← alpha·x + y (x === y allowed). */
  axpy(alpha: number, x: Float32Array, y: Float32Array): void;
  /** x ← alpha·x. */
  scale(alpha: number, x: Float32Array): void;
  /** out[i] ← Σ_j a[i,j]. */
  rowSums(a: Float32Array, m: number, n: number, out: Float32Array): void;
  /** out[i] ← Σ_j a[i,j]². */
  rowSqNorms(a: Float32Array, m: number, n: number, out: Float32Array): void;
  /** ‖a_i − b_j‖² via the GEMM, clamped at 0; a === b (m = n) gives an exact 0 diagonal. */
  sqDist(p: SqDistParams): void;
  /** Σ_p |a_ip − b_jp|. */
  l1Dist(p: PairwiseParams): void;
  topK(p: TopKParams): void;
  /** Same result as sqDist then topK, without the m×n matrix. */
  sqDistTopK(p: DistTopKParams): void;
  /** Same result as l1Dist then topK, without the m×n matrix. */
  l1DistTopK(p: DistTopKParams): void;
  /** Exact squared-Euclidean k-nearest search, direct sums, pruned by lower bounds. */
  sqPrunedTopK(p: SqPrunedTopKParams): void;
  /** Exact L1 k-nearest search, direct sums, pruned by lower bounds. */
  l1PrunedTopK(p: PrunedTopKParams): void;
  /** First index of the row maximum (first NaN wins, as numpy); -1 for empty rows. */
  argmax(a: Float32Array, m: number, n: number, out: Int32Array): void;
  /** Row softmax shifted by the row max (no overflow); out may alias a (in place). */
  softmax(a: Float32Array, m: number, n: number, out: Float32Array): void;
  /** Row log Σ exp, shifted by the row max; ±Inf maxima give ±Inf as scipy does. */
  logSumExp(a: Float32Array, m: number, n: number, out: Float32Array): void;
  standardizeU8(p: StandardizeParams): void;
  histogram(p: HistogramParams): void;
  /** out ← parent − child (the larger sibling's histogram for free); out may alias either. */
  histSubtract(parent: Float64Array, child: Float64Array, out: Float64Array): void;
}
