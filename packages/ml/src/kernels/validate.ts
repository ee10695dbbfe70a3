import type { GemmParams, KernelArray } from './api.js';

/** Throws a RangeError naming the kernel; shared by every backend so errors read the same. */
export function fail(kernel: string, message: string): never {
  throw new RangeError(`${kernel}: ${message}`);
}

/** Non-negative integer dimension check. */
export function dim(kernel: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0)
    fail(kernel, `${name} must be a non-negative integer, got ${v}`);
}

/** Requires `arr` to hold at least `need` elements. */
export function size(kernel: string, name: string, arr: KernelArray, need: number): void {
  if (arr.length < need) fail(kernel, `${name} has ${arr.length} elements, needs ${need}`);
}

/** True when two views share bytes. */
export function overlaps(x: KernelArray, y: KernelArray): boolean {
  if (x.buffer !== y.buffer) return false;
  const x0 = x.byteOffset;
  const y0 = y.byteOffset;
  return x0 < y0 + y.byteLength && y0 < x0 + x.byteLength && x.byteLength > 0 && y.byteLength > 0;
}

/** Rejects an output that overlaps an input (the aliasing rule of most kernels). */
export function noAlias(kernel: string, out: KernelArray, ...inputs: KernelArray[]): void {
  for (const x of inputs) if (overlaps(out, x)) fail(kernel, 'output must not overlap an input');
}

/** GEMM parameters with defaults applied and sizes checked. */
export interface GemmResolved {
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
  alpha: number;
  beta: number;
  lda: number;
  ldb: number;
  ldc: number;
}

/** Applies defaults (alpha 1, beta 0, dense leading dimensions) and checks every size. */
export function resolveGemm(p: GemmParams): GemmResolved {
  const K = 'gemm';
  const { m, n, k } = p;
  dim(K, 'm', m);
  dim(K, 'n', n);
  dim(K, 'k', k);
  const transA = p.transA ?? false;
  const transB = p.transB ?? false;
  const lda = p.lda ?? (transA ? m : k);
  const ldb = p.ldb ?? (transB ? k : n);
  const ldc = p.ldc ?? n;
  const aRows = transA ? k : m;
  const aCols = transA ? m : k;
  const bRows = transB ? n : k;
  const bCols = transB ? k : n;
  if (lda < aCols) fail(K, `lda ${lda} < ${aCols}`);
  if (ldb < bCols) fail(K, `ldb ${ldb} < ${bCols}`);
  if (ldc < n) fail(K, `ldc ${ldc} < ${n}`);
  if (aRows > 0 && aCols > 0) size(K, 'a', p.a, (aRows - 1) * lda + aCols);
  if (bRows > 0 && bCols > 0) size(K, 'b', p.b, (bRows - 1) * ldb + bCols);
  if (m > 0 && n > 0) size(K, 'c', p.c, (m - 1) * ldc + n);
  noAlias(K, p.c, p.a, p.b);
  return { transA, transB, m, n, k, alpha: p.alpha ?? 1, beta: p.beta ?? 0, lda, ldb, ldc };
}
