import type { TopKParams } from '../api.js';
import { dim, fail, noAlias, size } from '../validate.js';

/**
 * Insertion of candidate (x, j) into a row's sorted k-state (values/indices at offset o). Index
 * -1 marks an empty slot ranked after everything; NaN ranks after numbers; candidates arrive in
 * increasing j, so ties keep the lower index. This is the same state machine as the WASM kernel.
 */
export function topKPush(
  k: number,
  idx: Int32Array,
  val: Float32Array,
  o: number,
  x: number,
  j: number,
): void {
  const before = (s: number): boolean => {
    const y = val[o + s];
    return idx[o + s] < 0 || x < y || (y !== y && x === x);
  };
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

/** Resets a row's state to empty slots. */
export function topKInit(k: number, idx: Int32Array, val: Float32Array, o: number): void {
  idx.fill(-1, o, o + k);
  val.fill(Infinity, o, o + k);
}

/** Checks the shapes shared by topK and the fused searches. */
export function checkTopK(
  kernel: string,
  m: number,
  n: number,
  k: number,
  outIdx: Int32Array,
  outVal: Float32Array,
): void {
  dim(kernel, 'm', m);
  dim(kernel, 'n', n);
  dim(kernel, 'k', k);
  if (k > n) fail(kernel, `k = ${k} exceeds n = ${n}`);
  size(kernel, 'outIdx', outIdx, m * k);
  size(kernel, 'outVal', outVal, m * k);
  noAlias(kernel, outVal, outIdx);
}

/** Reference partial selection: one pass per row, O(n·k) worst case, no sort of the row. */
export function topKJs(p: TopKParams): void {
  const { values, m, n, k, outIdx, outVal } = p;
  checkTopK('topK', m, n, k, outIdx, outVal);
  size('topK', 'values', values, m * n);
  noAlias('topK', outIdx, values);
  noAlias('topK', outVal, values);
  if (k === 0) return;
  for (let i = 0; i < m; i++) {
    const o = i * k;
    topKInit(k, outIdx, outVal, o);
    for (let j = 0; j < n; j++) topKPush(k, outIdx, outVal, o, values[i * n + j], j);
  }
}
