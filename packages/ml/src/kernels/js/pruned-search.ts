import type { PrunedTopKParams, SqPrunedTopKParams } from '../api.js';
import { fail, noAlias, size } from '../validate.js';
import { checkPairwise } from './distance.js';
import { checkTopK } from './top-k.js';

const f = Math.fround;

/**
 * The exact squared distance of the pruned KNN search, Σ(x_p − y_p)², emulating the WASM kernel's
 * f32 arithmetic op for op: two sets of four lanes, a (p mod 8 < 4) and b (p mod 8 ≥ 4), over the
 * first ⌊d/8⌋·8 features (two independent accumulators keep the add latency off the critical
 * path); one more group of four into a when ⌊d/4⌋ is odd; lanes combined as a + b, summed as
 * (l0 + l1) + (l2 + l3), then the remaining features in order. Every backend computes this value,
 * so results are bit-identical across backends and against brute force.
 */
export function sqDiffF32(
  x: Float32Array,
  xo: number,
  y: Float32Array,
  yo: number,
  d: number,
): number {
  const d8 = d & ~7;
  const d4 = d & ~3;
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0; // prettier-ignore
  let b0 = 0, b1 = 0, b2 = 0, b3 = 0; // prettier-ignore
  const sq = (o: number) => {
    const t = f(x[xo + o] - y[yo + o]);
    return f(t * t);
  };
  let p = 0;
  for (; p < d8; p += 8) {
    a0 = f(a0 + sq(p));
    a1 = f(a1 + sq(p + 1));
    a2 = f(a2 + sq(p + 2));
    a3 = f(a3 + sq(p + 3));
    b0 = f(b0 + sq(p + 4));
    b1 = f(b1 + sq(p + 5));
    b2 = f(b2 + sq(p + 6));
    b3 = f(b3 + sq(p + 7));
  }
  if (p < d4) {
    a0 = f(a0 + sq(p));
    a1 = f(a1 + sq(p + 1));
    a2 = f(a2 + sq(p + 2));
    a3 = f(a3 + sq(p + 3));
  }
  let r = f(f(f(a0 + b0) + f(a1 + b1)) + f(f(a2 + b2) + f(a3 + b3)));
  for (p = d4; p < d; p++) r = f(r + sq(p));
  return r;
}

/**
 * The exact L1 distance of the pruned search, Σ|x_p − y_p|: four lanes (p mod 4) over the first
 * ⌊d/4⌋·4 features, summed as (l0 + l1) + (l2 + l3), then the remaining features in order.
 */
export function l1DiffF32(
  x: Float32Array,
  xo: number,
  y: Float32Array,
  yo: number,
  d: number,
): number {
  const d4 = d & ~3;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let p = 0; p < d4; p += 4) {
    s0 = f(s0 + Math.abs(f(x[xo + p] - y[yo + p])));
    s1 = f(s1 + Math.abs(f(x[xo + p + 1] - y[yo + p + 1])));
    s2 = f(s2 + Math.abs(f(x[xo + p + 2] - y[yo + p + 2])));
    s3 = f(s3 + Math.abs(f(x[xo + p + 3] - y[yo + p + 3])));
  }
  let r = f(f(s0 + s1) + f(s2 + s3));
  for (let p = d4; p < d; p++) r = f(r + Math.abs(f(x[xo + p] - y[yo + p])));
  return r;
}

/** Shape and aliasing checks shared by the backends. */
export function checkPruned(kernel: string, p: PrunedTopKParams): void {
  const { a, m, b, n, d, k, r } = p;
  checkPairwise(kernel, a, m, b, n, d);
  checkTopK(kernel, m, n, k, p.outIdx, p.outVal);
  if (!Number.isInteger(r) || r < 0) fail(kernel, `r must be a non-negative integer, got ${r}`);
  size(kernel, 'aLow', p.aLow, m * r);
  size(kernel, 'bLow', p.bLow, n * r);
  size(kernel, 'aScale', p.aScale, m);
  size(kernel, 'bScale', p.bScale, n);
  for (const out of [p.outIdx, p.outVal]) noAlias(kernel, out, a, b, p.aLow, p.bLow);
}

/** Extra checks of the squared-Euclidean variant. */
export function checkSqPruned(p: SqPrunedTopKParams): void {
  const K = 'sqPrunedTopK';
  checkPruned(K, p);
  if (p.r > 400) fail(K, `r must be ≤ 400 (one packed GEMM depth block), got ${p.r}`);
  for (const [name, arr, rows] of [
    ['aLowNorms', p.aLowNorms, p.m],
    ['aResLo', p.aResLo, p.m],
    ['aResHi', p.aResHi, p.m],
    ['bLowNorms', p.bLowNorms, p.n],
    ['bResLo', p.bResLo, p.n],
    ['bResHi', p.bResHi, p.n],
  ] as const) {
    size(K, name, arr, rows);
  }
}

/** (x, j) ranks before slot s of the row state: value, then index; -1 marks an empty slot. */
function pushLex(k: number, idx: Int32Array, val: Float32Array, o: number, x: number, j: number) {
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

function bruteForce(
  p: PrunedTopKParams,
  dist: (x: Float32Array, xo: number, y: Float32Array, yo: number, d: number) => number,
): void {
  const { a, m, b, n, d, k, outIdx, outVal } = p;
  if (k === 0) return;
  for (let i = 0; i < m; i++) {
    const o = i * k;
    outIdx.fill(-1, o, o + k);
    outVal.fill(Infinity, o, o + k);
    for (let j = 0; j < n; j++) pushLex(k, outIdx, outVal, o, dist(a, i * d, b, j * d, d), j);
  }
}

/**
 * Reference of `sqPrunedTopK`: brute force over the exact distance (the summaries are checked but
 * not needed), which is what the pruned kernels must reproduce bit for bit.
 */
export function sqPrunedTopKJs(p: SqPrunedTopKParams): void {
  checkSqPruned(p);
  bruteForce(p, sqDiffF32);
}

/** Reference of `l1PrunedTopK` (brute force over `l1DiffF32`). */
export function l1PrunedTopKJs(p: PrunedTopKParams): void {
  checkPruned('l1PrunedTopK', p);
  bruteForce(p, l1DiffF32);
}
