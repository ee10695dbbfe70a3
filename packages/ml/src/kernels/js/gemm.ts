import type { GemmParams, GemvParams } from '../api.js';
import { dim, noAlias, resolveGemm, size } from '../validate.js';

/**
 * Reference GEMM: dot products accumulated in f64 (JS numbers), rounded once to f32. Slow and
 * simple on purpose: it is the oracle the SIMD kernels are measured against.
 */
export function gemmJs(p: GemmParams): void {
  const r = resolveGemm(p);
  const { m, n, k, alpha, beta, lda, ldb, ldc } = r;
  const { a, b, c } = p;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) {
        const x = r.transA ? a[q * lda + i] : a[i * lda + q];
        const y = r.transB ? b[j * ldb + q] : b[q * ldb + j];
        s += x * y;
      }
      const o = i * ldc + j;
      c[o] = beta === 0 ? alpha * s : alpha * s + beta * c[o];
    }
  }
}

/** Reference GEMV with f64 accumulation. */
export function gemvJs(p: GemvParams): void {
  const K = 'gemv';
  const { m, n, a, x, y } = p;
  dim(K, 'm', m);
  dim(K, 'n', n);
  const trans = p.trans ?? false;
  const alpha = p.alpha ?? 1;
  const beta = p.beta ?? 0;
  size(K, 'a', a, m * n);
  size(K, 'x', x, trans ? m : n);
  size(K, 'y', y, trans ? n : m);
  noAlias(K, y, a, x);
  const rows = trans ? n : m;
  const inner = trans ? m : n;
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let q = 0; q < inner; q++) s += (trans ? a[q * n + i] : a[i * n + q]) * x[q];
    y[i] = beta === 0 ? alpha * s : alpha * s + beta * y[i];
  }
}
