import type { Matrix } from '../base/matrix.js';
import type { WasmSimdBackend } from '../kernels/wasm/wasm-backend.js';
import { linearWasm, wasmAddress } from '../linear-model/linear-wasm.js';

/** Bin codes of one matrix: the rank of each value among its feature's distinct values. */
export type BinCodes = Uint8Array | Uint16Array | Uint32Array;

/**
 * A training matrix recoded for split search: per feature, the sorted distinct values, and per
 * (feature, row) the index of the row's value among them. Splitting between two adjacent codes is
 * splitting between two adjacent distinct values, so a search over codes considers exactly the
 * thresholds a search over sorted values does: no approximation. Pixel data (uint8, then scaled
 * per column) has at most 256 distinct values per feature, hence one-byte codes; other data gets
 * two- or four-byte codes as it needs.
 */
export interface BinnedMatrix {
  n: number;
  d: number;
  /** Feature-major: the code of row i in feature f is `codes[f * n + i]`. */
  codes: BinCodes;
  /** Sorted distinct values of feature f: `values.subarray(offsets[f], offsets[f + 1])`. */
  values: Float32Array;
  offsets: Int32Array;
  /** Largest number of distinct values of any feature. */
  maxBins: number;
}

/** Open-addressing table size for the distinct-value pass (twice the one-byte limit). */
const TABLE = 512;
const EMPTY = 0xffffffff;

/**
 * Recodes X (n×d, float32) as a {@link BinnedMatrix}. Distinct values are found per feature with a
 * small hash set of the values' bits (one probe per value for pixel data); a feature with more
 * than 256 distinct values is sorted instead. -0 and +0 are one value; NaN is rejected upstream.
 */
export function binMatrix(X: Matrix, wasm = true): BinnedMatrix {
  const [n, d] = X.shape;
  const data = X.data;
  const bits = new Uint32Array(data.buffer, data.byteOffset, data.length);
  const colBits = new Uint32Array(n);
  const col = new Float32Array(colBits.buffer);
  const keys = new Uint32Array(TABLE);
  const rank = new Uint8Array(256);
  const firstSeen = new Uint8Array(n);
  const perFeature: Float32Array[] = [];
  let codes: BinCodes = new Uint8Array(n * d);
  let maxBins = 0;
  const kernel = wasm ? DistinctKernel.open(X) : null;
  try {
    for (let f = 0; f < d; f++) {
      let distinct = kernel ? kernel.distinct(f) : null;
      const byKernel = distinct !== null;
      if (!distinct) {
        for (let i = 0, p = f; i < n; i++, p += d)
          colBits[i] = bits[p] === 0x80000000 ? 0 : bits[p];
        distinct = kernel ? null : smallDistinct(colBits, keys, firstSeen);
      }
      if (!distinct) {
        const sorted = Float32Array.from(col).sort();
        let m = 0;
        for (let i = 0; i < n; i++)
          if (i === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i];
        distinct = sorted.slice(0, m);
      }
      if (distinct.length > 256 && codes instanceof Uint8Array) codes = widen(codes, 65536);
      if (distinct.length > 65536 && !(codes instanceof Uint32Array))
        codes = widen(codes, Infinity);
      const out = codes.subarray(f * n, f * n + n);
      if (distinct.length <= 256) {
        // Rows hold their value's order of first appearance; map that to the value's rank.
        const byValue = Int32Array.from(distinct.keys()).sort(
          (a, b) => distinct![a] - distinct![b],
        );
        for (let r = 0; r < byValue.length; r++) rank[byValue[r]] = r;
        distinct.sort();
        if (byKernel) kernel!.remap(rank, out as Uint8Array);
        else for (let i = 0; i < n; i++) out[i] = rank[firstSeen[i]];
      } else {
        for (let i = 0; i < n; i++) out[i] = lowerBound(distinct, col[i]);
      }
      perFeature.push(distinct);
      maxBins = Math.max(maxBins, distinct.length);
    }
  } finally {
    kernel?.close();
  }
  const offsets = new Int32Array(d + 1);
  for (let f = 0; f < d; f++) offsets[f + 1] = offsets[f] + perFeature[f].length;
  const values = new Float32Array(offsets[d]);
  perFeature.forEach((v, f) => values.set(v, offsets[f]));
  return { n, d, codes, values, offsets, maxBins };
}

/** Columns copied out of X at a time (one 64-byte line of each row per pass over X). */
const SLAB = 16;

/**
 * `tree_distinct_u8` and `tree_remap_u8` (assembly/tree.ts) over X in kernel memory. Columns are
 * first copied out in slabs of {@link SLAB} (`tree_gather_cols_f32`), so the distinct-value pass
 * reads each column in sequence (60,000×784: 0.83–1.04 s → 0.33–0.47 s).
 */
class DistinctKernel {
  /** Columns [slabStart, slabStart + SLAB) of X, column after column. */
  private slabStart = -SLAB;

  private constructor(
    private readonly be: WasmSimdBackend,
    private readonly x: { addr: number; copied: boolean },
    private readonly n: number,
    private readonly d: number,
    private readonly scratch: Uint8Array,
    private readonly slab: Float32Array,
  ) {}

  static open(X: Matrix): DistinctKernel | null {
    const be = linearWasm();
    if (!be || typeof be.exports.tree_distinct_u8 !== 'function') return null;
    const [n, d] = X.shape;
    const x = wasmAddress(be, X.data);
    const slab = be.alloc('f32', SLAB * n, false);
    return new DistinctKernel(be, x, n, d, be.alloc('u8', SCRATCH + 2 * n, false), slab);
  }

  /** The distinct values of feature f by first appearance (≤ 256), or null when there are more. */
  distinct(f: number): Float32Array | null {
    const ex = this.be.exports as Record<string, (...a: number[]) => number>;
    if (f < this.slabStart || f >= this.slabStart + SLAB) {
      this.slabStart = f;
      const count = Math.min(SLAB, this.d - f);
      ex.tree_gather_cols_f32(this.x.addr, this.n, this.d, f, count, this.slab.byteOffset);
    }
    const at = this.scratch.byteOffset;
    const m = ex.tree_distinct_u8(
      this.slab.byteOffset + 4 * (f - this.slabStart) * this.n,
      this.n,
      at,
      at + 2048,
      at + 2560,
      at + SCRATCH,
    );
    if (m < 0) return null;
    return new Float32Array(this.scratch.slice(2560, 2560 + 4 * m).buffer);
  }

  /** out[i] = rank[row i's order of first appearance], for the last `distinct` column. */
  remap(rank: Uint8Array, out: Uint8Array): void {
    const at = this.scratch.byteOffset;
    this.scratch.set(rank, 3584);
    (this.be.exports.tree_remap_u8 as (...a: number[]) => void)(
      at + SCRATCH,
      at + 3584,
      at + SCRATCH + this.n,
      this.n,
    );
    out.set(this.scratch.subarray(SCRATCH + this.n, SCRATCH + 2 * this.n));
  }

  close(): void {
    this.be.free(this.scratch);
    this.be.free(this.slab);
    if (this.x.copied) this.be.arena.release(this.x.addr);
  }
}

/** Bytes of DistinctKernel's fixed scratch: keys 2,048, ids 512, found 1,024, rank 256, pad. */
const SCRATCH = 4096;

function hash(b: number): number {
  return Math.imul(b ^ (b >>> 15), 0x9e3779b1) >>> 23; // 9 bits: TABLE = 512
}

/**
 * The distinct values of a column in order of first appearance, if there are at most 256 (else
 * null); `seen[i]` gets the index of row i's value in that list. A run of equal values (the
 * background of pictures) costs one compare per row.
 */
function smallDistinct(
  colBits: Uint32Array,
  keys: Uint32Array,
  seen: Uint8Array,
): Float32Array | null {
  keys.fill(EMPTY);
  const found = new Uint32Array(257);
  const id = new Uint8Array(TABLE);
  let m = 0;
  let last = EMPTY;
  let lastId = 0;
  for (let i = 0; i < colBits.length; i++) {
    const b = colBits[i];
    if (b !== last) {
      let h = hash(b);
      for (;;) {
        const k = keys[h];
        if (k === b) break;
        if (k === EMPTY) {
          if (m === 256) return null;
          keys[h] = b;
          id[h] = m;
          found[m++] = b;
          break;
        }
        h = (h + 1) & (TABLE - 1);
      }
      last = b;
      lastId = id[h];
    }
    seen[i] = lastId;
  }
  return new Float32Array(found.buffer.slice(0, m * 4));
}

/** A copy of `codes` in the next wider type (two bytes up to `limit` 65,536 codes, else four). */
function widen(codes: BinCodes, limit: number): BinCodes {
  const wide = limit <= 65536 ? new Uint16Array(codes.length) : new Uint32Array(codes.length);
  wide.set(codes);
  return wide;
}

/** Index of `v` in the sorted distinct `values` (v is one of them). */
function lowerBound(values: Float32Array, v: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
