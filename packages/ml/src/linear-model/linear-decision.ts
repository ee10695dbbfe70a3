import { argmaxRows } from '../base/classifier.js';
import type { Matrix } from '../base/matrix.js';
import { linearWasm, wasmAddress } from './linear-wasm.js';

/**
 * Decision values X·coefᵀ + intercept (n×rows, float64) of a linear classifier whose coef is
 * rows×d, class-major (sklearn's `coef_`). Each row of X is read once for all rows of coef.
 * With the WASM kernels the same sums (same order, bit-identical) run in `linear_scores_f32_f64`.
 */
export function linearScores(
  X: Matrix,
  coef: Float64Array,
  intercept: Float64Array,
): Matrix<Float64Array> {
  const [n, d] = X.shape;
  const rows = intercept.length;
  const out = new Float64Array(n * rows);
  const x = X.data;
  const be = n * rows * d >= 1e6 ? linearWasm() : null;
  if (be) {
    const xa = wasmAddress(be, x);
    const w = be.alloc('f64', coef.length + rows + n * rows);
    try {
      w.set(coef);
      w.set(intercept, coef.length);
      const bAddr = w.byteOffset + coef.length * 8;
      const oAddr = bAddr + rows * 8;
      be.exports.linear_scores_f32_f64(n, d, rows, xa.addr, w.byteOffset, bAddr, oAddr);
      out.set(w.subarray(coef.length + rows));
    } finally {
      be.free(w);
      if (xa.copied) be.arena.release(xa.addr);
    }
    return { data: out, shape: [n, rows] };
  }
  for (let i = 0; i < n; i++) {
    const off = i * d;
    for (let r = 0; r < rows; r++) {
      const wo = r * d;
      let s0 = 0;
      let s1 = 0;
      let j = 0;
      for (; j + 1 < d; j += 2) {
        s0 += x[off + j] * coef[wo + j];
        s1 += x[off + j + 1] * coef[wo + j + 1];
      }
      if (j < d) s0 += x[off + j] * coef[wo + j];
      out[i * rows + r] = s0 + s1 + intercept[r];
    }
  }
  return { data: out, shape: [n, rows] };
}

/** Class indices from decision values: one column ⇒ binary (positive ⇒ class 1), else argmax. */
export function scoresToIndices(scores: Matrix<Float64Array>): Int32Array {
  const [n, k] = scores.shape;
  if (k > 1) return argmaxRows(scores);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = scores.data[i] > 0 ? 1 : 0;
  return out;
}
