import type { Matrix } from '../base/matrix.js';
import type { KernelArray, KernelBackend } from '../kernels/api.js';
import { l1DiffF32, sqDiffF32 } from '../kernels/js/pruned-search.js';
import { WasmSimdBackend } from '../kernels/wasm/wasm-backend.js';
import { gemmOn, threadedPool, type SyncKernelPool } from '../parallel/sync-pool.js';

/** Leading rotated coordinates kept per row for the p=2 bounds (1.2 % of Fashion-MNIST's pairs survive). */
const LOW_DIMS = 64;
/** Rows of the subsample the rotation is fitted on (any orthonormal basis keeps the search exact). */
const PCA_ROWS = 4096;
/** Subspace iterations: the bound only gets looser, never wrong, if the basis is not converged. */
const PCA_ITERS = 6;
/** Queries per block: bounded memory however many rows `kneighbors` gets. */
const QUERY_BLOCK = 2048;
/**
 * Relative uncertainty of a residual norm² (f32 rotation of 784 features: worst case ≈ 7.5e-4 of
 * ‖x−μ‖²); the residual term of the bound uses the interval [r² − δ, r² + δ].
 */
const RES_DELTA = 2e-3;

/** Neighbours of each query: row i holds its k neighbours, nearest first (ties: lower index). */
export interface Neighbors {
  /** m×k indices into the training rows. */
  indices: Int32Array;
  /** m×k Minkowski distances (the true distance: √ of the squared one for p = 2). */
  distances: Float64Array;
  /** Number of columns k. */
  k: number;
}

/** Frees the backend arrays of an index that was garbage-collected. */
const release = new FinalizationRegistry<{ backend: KernelBackend; views: KernelArray[] }>(
  ({ backend, views }) => {
    for (const v of views) backend.free(v);
  },
);

/**
 * Exact brute-force k-nearest-neighbour search for the Minkowski distance Σ|a−b|^p (p ≥ 1),
 * made fast by exact pruning. p = 2 and p = 1 run as WASM kernels (split over the synchronous
 * pool's threads) that finish the full distance only for candidates whose cheap lower bound can
 * still beat the running k-th distance:
 * - p = 2: an orthonormal PCA rotation fitted here preserves distances, so the squared distance
 *   over its leading 64 coordinates, plus the squared gap between the residual norms (reverse
 *   triangle inequality), bounds the full one from below; the bounds of all pairs come from a
 *   GEMM.
 * - p = 1: ‖Σ_G (q − x)‖₁ over any partition of the features into groups G is ≤ ‖q − x‖₁
 *   (triangle inequality); groups are 4×4 pixel blocks for square images, runs of 16 otherwise.
 * The exact distance of every finished candidate is the same direct f32 sum (`sqDiffF32`,
 * `l1DiffF32`), so results equal brute force over that sum bit for bit, ties by the lower index.
 * Other p run a plain blocked loop in f64.
 */
export class ExactNeighborSearch {
  private readonly views: KernelArray[] = [];
  /** The training rows, in the backend's memory (the classifier saves these: no second copy). */
  readonly train: Float32Array;
  private readonly low: {
    r: number;
    mu: Float64Array;
    /** d×r rotation (p=2) as f32 for the GEMM. */
    rot?: Float32Array;
    /** Feature → group (p=1). */
    group?: Int32Array;
    bLow: Float32Array;
    bScale: Float32Array;
    bLowNorms: Float32Array;
    bResLo: Float32Array;
    bResHi: Float32Array;
  };

  /**
   * Indexes the rows of X (n×d) for the Minkowski distance of order p; `pool` (optional) runs the
   * PCA's and the summaries' GEMMs over its threads (the index is the same with or without it).
   */
  constructor(
    X: Matrix,
    readonly p: number,
    readonly backend: KernelBackend,
    pool?: SyncKernelPool,
  ) {
    if (!(p >= 1)) throw new RangeError(`p must be ≥ 1, got ${p}`);
    const [n, d] = X.shape;
    this.n = n;
    this.d = d;
    this.train = this.alloc('f32', n * d, false);
    this.train.set(X.data.subarray(0, n * d));
    const pruned = backend instanceof WasmSimdBackend && (p === 1 || p === 2);
    const mu = subsampleMean(X);
    if (!pruned) {
      // js backend (brute force) or general p: trivial summaries (a zero bound prunes nothing)
      const z = new Float32Array(n);
      const e = new Float32Array(0);
      this.low = { r: 0, mu, bLow: e, bScale: z, bLowNorms: z, bResLo: z, bResHi: z };
    } else if (p === 2) {
      const r = Math.min(LOW_DIMS, d);
      const rot = this.alloc('f32', d * r);
      rot.set(Float32Array.from(principalBasis(X, mu, r, backend, pool)));
      const s = this.summariseSq(this.train, n, mu, rot, r, pool);
      this.low = {
        r,
        mu,
        rot,
        bLow: s.low,
        bScale: s.scale,
        bLowNorms: s.lowNorms,
        bResLo: s.resLo,
        bResHi: s.resHi,
      };
    } else {
      const group = featureGroups(d);
      let groups = 0;
      for (const g of group) groups = Math.max(groups, g + 1);
      const r = (groups + 3) & ~3;
      const s = this.summariseL1(this.train, n, mu, group, r);
      const z = new Float32Array(n);
      this.low = { r, mu, group, bLow: s.low, bScale: s.scale, bLowNorms: z, bResLo: z, bResHi: z };
    }
    release.register(this, { backend, views: this.views });
  }

  /** Number of indexed rows. */
  readonly n: number;
  /** Features per row. */
  readonly d: number;

  private alloc<K extends 'f32' | 'i32'>(kind: K, length: number, zero = true) {
    const v = this.backend.alloc(kind, length, zero);
    this.views.push(v);
    return v;
  }

  /** p=2 summaries of rows: leading rotated coordinates, their norms, residual bounds, scale. */
  private summariseSq(
    x: Float32Array,
    m: number,
    mu: Float64Array,
    rot: Float32Array,
    r: number,
    pool?: SyncKernelPool,
  ) {
    const d = this.d;
    const keep = x === this.train;
    const mk = (len: number) => (keep ? this.alloc('f32', len) : this.backend.alloc('f32', len));
    const low = mk(m * r);
    const lowNorms = mk(m);
    const resLo = mk(m);
    const resHi = mk(m);
    const scale = mk(m);
    const step = Math.min(m, QUERY_BLOCK);
    const centred = this.backend.alloc('f32', Math.max(step, 1) * d);
    try {
      for (let i0 = 0; i0 < m; i0 += step) {
        const rows = Math.min(step, m - i0);
        for (let i = 0; i < rows; i++) {
          let s = 0;
          for (let j = 0; j < d; j++) {
            const v = x[(i0 + i) * d + j] - mu[j];
            centred[i * d + j] = v;
            s += v * v;
          }
          scale[i0 + i] = s;
        }
        const g = {
          m: rows,
          n: r,
          k: d,
          a: centred,
          b: rot,
          c: low.subarray(i0 * r, (i0 + rows) * r),
        };
        gemmOn(this.backend, pool, g);
      }
    } finally {
      this.backend.free(centred);
    }
    for (let i = 0; i < m; i++) {
      let z = 0;
      for (let t = 0; t < r; t++) z += low[i * r + t] ** 2;
      const s = scale[i];
      const res2 = s - z;
      const delta = RES_DELTA * s;
      lowNorms[i] = z;
      // outward rounding to f32: the interval must still contain the exact residual norm
      resLo[i] = Math.sqrt(Math.max(res2 - delta, 0)) * (1 - 1e-6);
      resHi[i] = Math.sqrt(Math.max(res2 + delta, 0)) * (1 + 1e-6);
    }
    return { low, lowNorms, resLo, resHi, scale };
  }

  /** p=1 summaries: centred group sums (zero-padded to r) and ‖x−μ‖₁. */
  private summariseL1(x: Float32Array, m: number, mu: Float64Array, group: Int32Array, r: number) {
    const d = this.d;
    const keep = x === this.train;
    const mk = (len: number) => (keep ? this.alloc('f32', len) : this.backend.alloc('f32', len));
    const low = mk(m * r);
    const scale = mk(m);
    const acc = new Float64Array(r);
    for (let i = 0; i < m; i++) {
      acc.fill(0);
      let s = 0;
      for (let j = 0; j < d; j++) {
        const v = x[i * d + j] - mu[j];
        acc[group[j]] += v;
        s += Math.abs(v);
      }
      for (let t = 0; t < r; t++) low[i * r + t] = acc[t];
      scale[i] = s;
    }
    return { low, scale };
  }

  /**
   * The k nearest indexed rows of each row of Q (m×d). `pool` (optional) splits the WASM search
   * over its threads; results are identical with or without it.
   */
  kneighbors(Q: Matrix, k: number, pool?: SyncKernelPool): Neighbors {
    const [m, d] = Q.shape;
    if (d !== this.d) throw new RangeError(`queries have ${d} features, the index ${this.d}`);
    if (!Number.isInteger(k) || k < 1 || k > this.n)
      throw new RangeError(`k must be an integer in [1, ${this.n}], got ${k}`);
    const indices = new Int32Array(m * k);
    const distances = new Float64Array(m * k);
    const usePool = threadedPool(this.backend, pool);
    for (let i0 = 0; i0 < m; i0 += QUERY_BLOCK) {
      const rows = Math.min(QUERY_BLOCK, m - i0);
      const q = Q.data.subarray(i0 * d, (i0 + rows) * d);
      const idx = indices.subarray(i0 * k, (i0 + rows) * k);
      const dist = distances.subarray(i0 * k, (i0 + rows) * k);
      if (this.p === 1 || this.p === 2) this.searchBlock(q, rows, k, idx, dist, usePool);
      else this.searchMinkowski(q, rows, k, idx, dist);
    }
    return { indices, distances, k };
  }

  private searchBlock(
    q: Float32Array,
    m: number,
    k: number,
    idx: Int32Array,
    dist: Float64Array,
    pool: SyncKernelPool | undefined,
  ): void {
    const be = this.backend;
    const { r } = this.low;
    const temps: KernelArray[] = [];
    const tmp = <K extends 'f32' | 'i32'>(kind: K, len: number) => {
      const v = be.alloc(kind, len);
      temps.push(v);
      return v;
    };
    try {
      const a = tmp('f32', m * this.d);
      a.set(q);
      const outIdx = tmp('i32', m * k);
      const outVal = tmp('f32', m * k);
      const common = { a, m, b: this.train, n: this.n, d: this.d, k, r, outIdx, outVal };
      const zeros = () => tmp('f32', m);
      if (this.p === 2) {
        const s = this.low.rot
          ? this.summariseSq(a, m, this.low.mu, this.low.rot, r, pool)
          : { low: zeros(), lowNorms: zeros(), resLo: zeros(), resHi: zeros(), scale: zeros() };
        if (this.low.rot) temps.push(s.low, s.lowNorms, s.resLo, s.resHi, s.scale);
        const params = {
          ...common,
          aLow: s.low,
          bLow: this.low.bLow,
          aScale: s.scale,
          bScale: this.low.bScale,
          aLowNorms: s.lowNorms,
          bLowNorms: this.low.bLowNorms,
          aResLo: s.resLo,
          aResHi: s.resHi,
          bResLo: this.low.bResLo,
          bResHi: this.low.bResHi,
        };
        if (pool && be instanceof WasmSimdBackend) pool.run(be.planSqPrunedTopK(params));
        else be.sqPrunedTopK(params);
        for (let i = 0; i < m * k; i++) dist[i] = Math.sqrt(outVal[i]);
      } else {
        const s = this.low.group
          ? this.summariseL1(a, m, this.low.mu, this.low.group, r)
          : { low: zeros(), scale: zeros() };
        if (this.low.group) temps.push(s.low, s.scale);
        const params = {
          ...common,
          aLow: s.low,
          bLow: this.low.bLow,
          aScale: s.scale,
          bScale: this.low.bScale,
        };
        if (pool && be instanceof WasmSimdBackend) pool.run(be.planL1PrunedTopK(params));
        else be.l1PrunedTopK(params);
        for (let i = 0; i < m * k; i++) dist[i] = outVal[i];
      }
      idx.set(outIdx);
    } finally {
      for (const v of temps) be.free(v);
    }
  }

  /** General p: Σ|a−b|^p in f64 for every pair (a plain loop), the p-th root at the end. */
  private searchMinkowski(
    q: Float32Array,
    m: number,
    k: number,
    idx: Int32Array,
    dist: Float64Array,
  ) {
    const { d, n, p } = this;
    const x = this.train;
    for (let i = 0; i < m; i++) {
      const o = i * k;
      idx.fill(-1, o, o + k);
      dist.fill(Infinity, o, o + k);
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let t = 0; t < d; t++) s += Math.abs(q[i * d + t] - x[j * d + t]) ** p;
        pushLex(k, idx, dist, o, s, j);
      }
      for (let t = o; t < o + k; t++) dist[t] = dist[t] ** (1 / p);
    }
  }
}

/** Insertion into a row's ascending (value, index) state; -1 marks an empty slot. */
function pushLex(k: number, idx: Int32Array, val: Float64Array, o: number, x: number, j: number) {
  const before = (s: number) =>
    idx[o + s] < 0 || x < val[o + s] || (x === val[o + s] && j < idx[o + s]);
  if (!before(k - 1)) return;
  let s = k - 1;
  while (s > 0 && before(s - 1)) {
    val[o + s] = val[o + s - 1];
    idx[o + s] = idx[o + s - 1];
    s--;
  }
  val[o + s] = x;
  idx[o + s] = j;
}

/**
 * Groups of features for the p=1 bounds: 4×4 blocks when d is a square image side², else runs of
 * 16 consecutive features (pooling neighbours keeps differences of one sign together).
 */
export function featureGroups(d: number): Int32Array {
  const group = new Int32Array(d);
  const side = Math.round(Math.sqrt(d));
  if (side * side === d && side >= 8) {
    const per = Math.ceil(side / 4);
    for (let y = 0; y < side; y++)
      for (let x = 0; x < side; x++)
        group[y * side + x] = Math.floor(y / 4) * per + Math.floor(x / 4);
  } else {
    for (let j = 0; j < d; j++) group[j] = Math.floor(j / 16);
  }
  return group;
}

/**
 * An orthonormal basis (d×r, row-major, f64) of approximately the r leading principal
 * directions of X, by subspace iteration on a centred subsample with the backend's GEMM and
 * modified Gram–Schmidt (twice) in f64. r = d gives the identity.
 */
export function principalBasis(
  X: Matrix,
  mu: Float64Array,
  r: number,
  be: KernelBackend,
  pool?: SyncKernelPool,
): Float64Array {
  const [n, d] = X.shape;
  const V = new Float64Array(d * r);
  if (r >= d) {
    for (let j = 0; j < d; j++) V[j * r + j] = 1;
    return V;
  }
  const ns = Math.min(n, PCA_ROWS);
  const xs = be.alloc('f32', ns * d);
  const w = be.alloc('f32', d * r);
  const y = be.alloc('f32', ns * r);
  try {
    for (let i = 0; i < ns; i++) {
      const src = subsampleRow(i, n, ns);
      for (let j = 0; j < d; j++) xs[i * d + j] = X.data[src * d + j] - mu[j];
    }
    let s = 0x2545f491;
    for (let i = 0; i < V.length; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      V[i] = s / 4294967296 - 0.5;
    }
    orthonormalise(V, d, r);
    for (let it = 0; it < PCA_ITERS; it++) {
      for (let i = 0; i < V.length; i++) w[i] = V[i];
      gemmOn(be, pool, { m: ns, n: r, k: d, a: xs, b: w, c: y });
      gemmOn(be, pool, { transA: true, m: d, n: r, k: ns, a: xs, b: y, c: w });
      let scale = 0;
      for (let i = 0; i < w.length; i++) scale = Math.max(scale, Math.abs(w[i]));
      for (let i = 0; i < V.length; i++) V[i] = scale > 0 ? w[i] / scale : 0;
      orthonormalise(V, d, r);
    }
  } finally {
    be.free(xs);
    be.free(w);
    be.free(y);
  }
  return V;
}

/**
 * Modified Gram–Schmidt, two passes, on the columns of V (d×r); null columns are replaced. The
 * columns are worked on as contiguous rows of a transposed copy (the same arithmetic in the same
 * order, without a stride of r between the terms of each sum).
 */
function orthonormalise(V: Float64Array, d: number, r: number): void {
  const T = new Float64Array(r * d);
  for (let j = 0; j < d; j++) for (let c = 0; c < r; c++) T[c * d + j] = V[j * r + c];
  let spare = 0;
  for (let c = 0; c < r; c++) {
    const vc = T.subarray(c * d, c * d + d);
    for (let attempt = 0; ; attempt++) {
      for (let pass = 0; pass < 2; pass++) {
        for (let e = 0; e < c; e++) {
          const ve = T.subarray(e * d, e * d + d);
          let dot = 0;
          for (let j = 0; j < d; j++) dot += vc[j] * ve[j];
          for (let j = 0; j < d; j++) vc[j] -= dot * ve[j];
        }
      }
      let nrm = 0;
      for (let j = 0; j < d; j++) nrm += vc[j] ** 2;
      nrm = Math.sqrt(nrm);
      if (nrm > 1e-8 || attempt > d) {
        for (let j = 0; j < d; j++) vc[j] /= nrm;
        break;
      }
      // rank-deficient data: continue the basis with unit vectors
      for (let j = 0; j < d; j++) vc[j] = j === spare % d ? 1 : 0;
      spare++;
    }
  }
  for (let j = 0; j < d; j++) for (let c = 0; c < r; c++) V[j * r + c] = T[c * d + j];
}

/** Row i of an evenly spaced subsample of ns rows out of n. */
function subsampleRow(i: number, n: number, ns: number): number {
  return Math.floor((i * n) / ns);
}

/**
 * The centre μ of the summaries: the mean of the rows `principalBasis` samples (any fixed
 * vector keeps the search exact; the mean keeps the centred values, and so the margins, small).
 */
function subsampleMean(X: Matrix): Float64Array {
  const [n, d] = X.shape;
  const ns = Math.min(n, PCA_ROWS);
  const mu = new Float64Array(d);
  for (let i = 0; i < ns; i++) {
    const off = subsampleRow(i, n, ns) * d;
    for (let j = 0; j < d; j++) mu[j] += X.data[off + j];
  }
  for (let j = 0; j < d; j++) mu[j] /= Math.max(ns, 1);
  return mu;
}

/** Exact distances of the pruned search (the js reference functions), re-exported for tests. */
export { l1DiffF32, sqDiffF32 };
