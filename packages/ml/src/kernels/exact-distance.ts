import { wasmWithExport } from './registry.js';

/**
 * Squared Euclidean distances in float64 from float32 rows, summed as Σ (a_k − b_k)² (no
 * expansion through ⟨a, b⟩): exact enough that exp(−½‖a − b‖²) keeps its relative precision
 * when it is 1e-300, which the Gaussian process classifier needs (its predictions on
 * high-dimensional data are signs of sums of such values). scipy's `pdist`/`cdist` sum the same
 * way. WASM SIMD (`sqdist_exact_f64` in assembly/distance.ts) when available, else the
 * TypeScript below, in the same order, so both give the same bits (tested).
 */

/** Rows of A per WASM call: a block's distances (rows × n f64) stay a bounded buffer. */
const BLOCK_ROWS = 64;

/** Σ (a_k − b_k)² of rows a (offset oa) and b (offset ob): even k, odd k, added, odd last term. */
export function sqdistExactRow(
  a: Float32Array,
  oa: number,
  b: Float32Array,
  ob: number,
  d: number,
): number {
  let s0 = 0;
  let s1 = 0;
  const d2 = d & ~1;
  for (let k = 0; k < d2; k += 2) {
    const t0 = a[oa + k] - b[ob + k];
    const t1 = a[oa + k + 1] - b[ob + k + 1];
    s0 += t0 * t0;
    s1 += t1 * t1;
  }
  let s = s0 + s1;
  if (d & 1) {
    const t = a[oa + d - 1] - b[ob + d - 1];
    s += t * t;
  }
  return s;
}

/**
 * Calls `each(i0, rows, j0, block)` for consecutive blocks of A's rows, `block` (rows × (n − j0),
 * row-major) holding the float64 squared distances of rows i0… of A (m × d) to rows j0… of B
 * (n × d). `B` null: A against itself, and only the upper part is computed (j0 = i0; the caller
 * mirrors it).
 */
export function forEachDistanceBlock(
  A: Float32Array,
  m: number,
  B: Float32Array | null,
  n: number,
  d: number,
  each: (i0: number, rows: number, j0: number, block: Float64Array) => void,
  wasm = true,
): void {
  const be = wasm ? wasmWithExport('sqdist_exact_f64') : null;
  const Bx = B ?? A;
  if (!be) {
    const block = new Float64Array(Math.min(BLOCK_ROWS, m) * n);
    for (let i0 = 0; i0 < m; i0 += BLOCK_ROWS) {
      const rows = Math.min(BLOCK_ROWS, m - i0);
      const j0 = B ? 0 : i0;
      const w = n - j0;
      for (let r = 0; r < rows; r++)
        for (let j = 0; j < w; j++)
          block[r * w + j] = sqdistExactRow(A, (i0 + r) * d, Bx, (j0 + j) * d, d);
      each(i0, rows, j0, block.subarray(0, rows * w));
    }
    return;
  }
  const ex = be.exports as unknown as {
    sqdist_exact_f64(m: number, n: number, d: number, a: number, b: number, out: number): void;
  };
  const a = be.alloc('f32', Math.max(1, m * d), false);
  const b = B ? be.alloc('f32', Math.max(1, n * d), false) : a;
  const out = be.alloc('f64', Math.max(1, Math.min(BLOCK_ROWS, m) * n), false);
  try {
    a.set(A.subarray(0, m * d));
    if (B) b.set(B.subarray(0, n * d));
    for (let i0 = 0; i0 < m; i0 += BLOCK_ROWS) {
      const rows = Math.min(BLOCK_ROWS, m - i0);
      const j0 = B ? 0 : i0;
      const w = n - j0;
      ex.sqdist_exact_f64(
        rows,
        w,
        d,
        a.byteOffset + i0 * d * 4,
        b.byteOffset + j0 * d * 4,
        out.byteOffset,
      );
      each(i0, rows, j0, out.subarray(0, rows * w));
    }
  } finally {
    be.free(out);
    if (b !== a) be.free(b);
    be.free(a);
  }
}
