import { dim, size } from '../validate.js';

/** Σ x·y over the common length, accumulated in f64. */
export function dotJs(x: Float32Array, y: Float32Array): number {
  const n = Math.min(x.length, y.length);
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i] * y[i];
  return Math.fround(s);
}

/** y ← alpha·x + y over the common length. */
export function axpyJs(alpha: number, x: Float32Array, y: Float32Array): void {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) y[i] += alpha * x[i];
}

/** x ← alpha·x. */
export function scaleJs(alpha: number, x: Float32Array): void {
  for (let i = 0; i < x.length; i++) x[i] *= alpha;
}

/** out[i] ← Σ_j a[i,j] (f64 accumulation). */
export function rowSumsJs(a: Float32Array, m: number, n: number, out: Float32Array): void {
  dim('rowSums', 'm', m);
  dim('rowSums', 'n', n);
  size('rowSums', 'a', a, m * n);
  size('rowSums', 'out', out, m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = i * n, e = j + n; j < e; j++) s += a[j];
    out[i] = s;
  }
}

/** out[i] ← Σ_j a[i,j]² (f64 accumulation). */
export function rowSqNormsJs(a: Float32Array, m: number, n: number, out: Float32Array): void {
  dim('rowSqNorms', 'm', m);
  dim('rowSqNorms', 'n', n);
  size('rowSqNorms', 'a', a, m * n);
  size('rowSqNorms', 'out', out, m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = i * n, e = j + n; j < e; j++) s += a[j] * a[j];
    out[i] = s;
  }
}
