import { dim, noAlias, size } from '../validate.js';

function check(
  kernel: string,
  a: Float32Array,
  m: number,
  n: number,
  out: Int32Array | Float32Array,
  outLen: number,
): void {
  dim(kernel, 'm', m);
  dim(kernel, 'n', n);
  size(kernel, 'a', a, m * n);
  size(kernel, 'out', out, outLen);
}

/** Row max with NaN propagation (the first NaN is returned). */
function rowMax(a: Float32Array, o: number, n: number): number {
  let mx = -Infinity;
  for (let j = 0; j < n; j++) {
    const v = a[o + j];
    if (v !== v) return v;
    if (v > mx) mx = v;
  }
  return mx;
}

/** First index of the row maximum; the first NaN wins (numpy); -1 for n = 0. */
export function argmaxJs(a: Float32Array, m: number, n: number, out: Int32Array): void {
  check('argmax', a, m, n, out, m);
  noAlias('argmax', out, a);
  for (let i = 0; i < m; i++) {
    const o = i * n;
    let best = n > 0 ? 0 : -1;
    let bv = n > 0 ? a[o] : 0;
    if (bv === bv) {
      for (let j = 1; j < n; j++) {
        const v = a[o + j];
        if (v !== v) {
          best = j;
          break;
        }
        if (v > bv) {
          bv = v;
          best = j;
        }
      }
    }
    out[i] = best;
  }
}

/** Row softmax shifted by the row max; out may alias a exactly (in place). */
export function softmaxJs(a: Float32Array, m: number, n: number, out: Float32Array): void {
  check('softmax', a, m, n, out, m * n);
  if (out !== a) noAlias('softmax', out, a);
  for (let i = 0; i < m; i++) {
    const o = i * n;
    const mx = rowMax(a, o, n);
    let s = 0;
    for (let j = 0; j < n; j++) {
      const e = Math.exp(a[o + j] - mx);
      out[o + j] = e;
      s += out[o + j];
    }
    for (let j = 0; j < n; j++) out[o + j] /= s;
  }
}

/** Row log Σ exp shifted by the row max; an infinite max shifts by 0 (scipy's rule). */
export function logSumExpJs(a: Float32Array, m: number, n: number, out: Float32Array): void {
  check('logSumExp', a, m, n, out, m);
  noAlias('logSumExp', out, a);
  for (let i = 0; i < m; i++) {
    const o = i * n;
    let mx = rowMax(a, o, n);
    if (mx === Infinity || mx === -Infinity) mx = 0;
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.exp(a[o + j] - mx);
    out[i] = mx + Math.log(s);
  }
}
