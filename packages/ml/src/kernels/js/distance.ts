import type { DistTopKParams, PairwiseParams, SqDistParams } from '../api.js';
import { dim, noAlias, size } from '../validate.js';
import { checkTopK, topKInit, topKPush } from './top-k.js';
import { rowSqNormsJs } from './vector.js';

/** Checks the shapes of a pairwise-distance call. */
export function checkPairwise(
  kernel: string,
  a: Float32Array,
  m: number,
  b: Float32Array,
  n: number,
  d: number,
): void {
  dim(kernel, 'm', m);
  dim(kernel, 'n', n);
  dim(kernel, 'd', d);
  size(kernel, 'a', a, m * d);
  size(kernel, 'b', b, n * d);
}

function norms(
  x: Float32Array,
  rows: number,
  d: number,
  given: Float32Array | undefined,
): Float32Array {
  if (given) {
    size('sqDist', 'norms', given, rows);
    return given;
  }
  const out = new Float32Array(rows);
  rowSqNormsJs(x, rows, d, out);
  return out;
}

/** f32 value of ‖a‖² + ‖b‖² − 2⟨a,b⟩ clamped at 0, NaN kept (dot accumulated in f64). */
function sqDistOne(
  a: Float32Array,
  ao: number,
  b: Float32Array,
  bo: number,
  d: number,
  an: number,
  bn: number,
): number {
  let s = 0;
  for (let q = 0; q < d; q++) s += a[ao + q] * b[bo + q];
  const v = Math.fround(an + bn - 2 * s);
  return v < 0 ? 0 : v;
}

/** Reference squared-Euclidean distances through the same norm expansion as the GEMM path. */
export function sqDistJs(p: SqDistParams): void {
  const { a, m, b, n, d, out } = p;
  checkPairwise('sqDist', a, m, b, n, d);
  size('sqDist', 'out', out, m * n);
  noAlias('sqDist', out, a, b);
  const an = norms(a, m, d, p.aNorms);
  const bn = norms(b, n, d, p.bNorms);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) out[i * n + j] = sqDistOne(a, i * d, b, j * d, d, an[i], bn[j]);
  }
  if (a === b && m === n) for (let i = 0; i < m; i++) out[i * n + i] = 0;
}

/** Reference L1 distances (f64 accumulation). */
export function l1DistJs(p: PairwiseParams): void {
  const { a, m, b, n, d, out } = p;
  checkPairwise('l1Dist', a, m, b, n, d);
  size('l1Dist', 'out', out, m * n);
  noAlias('l1Dist', out, a, b);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < d; q++) s += Math.abs(a[i * d + q] - b[j * d + q]);
      out[i * n + j] = s;
    }
  }
}

/** Reference fused squared-Euclidean k-nearest search (one row of distances at a time). */
export function sqDistTopKJs(p: DistTopKParams): void {
  const { a, m, b, n, d, k, outIdx, outVal } = p;
  checkPairwise('sqDistTopK', a, m, b, n, d);
  checkTopK('sqDistTopK', m, n, k, outIdx, outVal);
  noAlias('sqDistTopK', outIdx, a, b);
  noAlias('sqDistTopK', outVal, a, b);
  if (k === 0) return;
  const an = norms(a, m, d, p.aNorms);
  const bn = norms(b, n, d, p.bNorms);
  for (let i = 0; i < m; i++) {
    topKInit(k, outIdx, outVal, i * k);
    for (let j = 0; j < n; j++) {
      topKPush(k, outIdx, outVal, i * k, sqDistOne(a, i * d, b, j * d, d, an[i], bn[j]), j);
    }
  }
}

/** Reference fused L1 k-nearest search. */
export function l1DistTopKJs(p: DistTopKParams): void {
  const { a, m, b, n, d, k, outIdx, outVal } = p;
  checkPairwise('l1DistTopK', a, m, b, n, d);
  checkTopK('l1DistTopK', m, n, k, outIdx, outVal);
  noAlias('l1DistTopK', outIdx, a, b);
  noAlias('l1DistTopK', outVal, a, b);
  if (k === 0) return;
  for (let i = 0; i < m; i++) {
    topKInit(k, outIdx, outVal, i * k);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < d; q++) s += Math.abs(a[i * d + q] - b[j * d + q]);
      topKPush(k, outIdx, outVal, i * k, Math.fround(s), j);
    }
  }
}
