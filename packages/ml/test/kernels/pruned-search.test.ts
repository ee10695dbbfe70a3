// Parity of the pruned KNN kernels: every backend (WASM on its own memory and on foreign arrays)
// returns exactly the js reference (brute force over the same f32 direct sums), given valid
// lower-bound summaries. Summaries here are the simplest valid ones: the first r coordinates
// (an axis projection is orthonormal) for p=2, sums over runs of features for p=1.
import { beforeAll, describe, expect, it } from 'vitest';
import { jsBackend } from '../../src/kernels/js/js-backend.js';
import { l1DiffF32, sqDiffF32 } from '../../src/kernels/js/pruned-search.js';
import { WASM_LABELS, randF32, randInts, subjects, type Subject } from './helpers.js';

let all: Subject[] = [];
beforeAll(async () => {
  all = await subjects();
});

function sqSummaries(x: Float32Array, rows: number, d: number, r: number) {
  const low = new Float32Array(rows * r);
  const lowNorms = new Float32Array(rows);
  const lo = new Float32Array(rows);
  const hi = new Float32Array(rows);
  const scale = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let z = 0;
    let rest = 0;
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j];
      if (j < r) {
        low[i * r + j] = v;
        z += v * v;
      } else rest += v * v;
    }
    lowNorms[i] = z;
    lo[i] = Math.sqrt(rest) * (1 - 1e-6);
    hi[i] = Math.sqrt(rest) * (1 + 1e-6);
    scale[i] = z + rest;
  }
  return { low, lowNorms, lo, hi, scale };
}

function l1Summaries(x: Float32Array, rows: number, d: number, g: number) {
  const r = Math.ceil(d / g);
  const low = new Float32Array(rows * r);
  const scale = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < d; j++) {
      low[i * r + Math.floor(j / g)] += x[i * d + j];
      scale[i] += Math.abs(x[i * d + j]);
    }
  }
  return { low, scale, r };
}

const SHAPES: [number, number, number, number][] = [
  // m, n, d, k
  [1, 1, 1, 1],
  [5, 17, 3, 2],
  [49, 130, 37, 9],
  [97, 300, 64, 5],
  [3, 40, 200, 40],
];

describe.each(WASM_LABELS)('%s', (label) => {
  const S = () => all.find((s) => s.label === label)!;
  for (const ints of [false, true]) {
    it.each(SHAPES)(
      `sqPrunedTopK = js brute force${ints ? ' (integer ties)' : ''} m=%i n=%i d=%i k=%i`,
      (m, n, d, k) => {
        const s = S();
        const a = ints ? randInts(m * d, 3, m + d) : randF32(m * d, m + d);
        const b = ints ? randInts(n * d, 3, n) : randF32(n * d, n);
        if (n > 3) b.copyWithin(d, 0, d); // rows 0 and 1 equal
        for (const r of [0, Math.min(d, 8), d]) {
          const sa = sqSummaries(a, m, d, r);
          const sb = sqSummaries(b, n, d, r);
          const args = (outIdx: Int32Array, outVal: Float32Array, put: Subject['put']) => ({
            a: put(a),
            m,
            b: put(b),
            n,
            d,
            k,
            r,
            aLow: put(sa.low),
            bLow: put(sb.low),
            aLowNorms: put(sa.lowNorms),
            bLowNorms: put(sb.lowNorms),
            aResLo: put(sa.lo),
            aResHi: put(sa.hi),
            bResLo: put(sb.lo),
            bResHi: put(sb.hi),
            aScale: put(sa.scale),
            bScale: put(sb.scale),
            outIdx,
            outVal,
          });
          const wi = new Int32Array(m * k);
          const wv = new Float32Array(m * k);
          jsBackend.sqPrunedTopK(args(wi, wv, (x) => x));
          const gi = s.put(new Int32Array(m * k));
          const gv = s.put(new Float32Array(m * k));
          s.backend.sqPrunedTopK(args(gi, gv, s.put));
          expect(gi).toEqual(wi);
          expect(gv).toEqual(wv);
        }
      },
    );

    it.each(SHAPES)(
      `l1PrunedTopK = js brute force${ints ? ' (integer ties)' : ''} m=%i n=%i d=%i k=%i`,
      (m, n, d, k) => {
        const s = S();
        const a = ints ? randInts(m * d, 3, m + d) : randF32(m * d, m + d);
        const b = ints ? randInts(n * d, 3, n) : randF32(n * d, n);
        if (n > 3) b.copyWithin(d, 0, d);
        for (const g of [1, 4, 16]) {
          const sa = l1Summaries(a, m, d, g);
          const sb = l1Summaries(b, n, d, g);
          const args = (outIdx: Int32Array, outVal: Float32Array, put: Subject['put']) => ({
            a: put(a),
            m,
            b: put(b),
            n,
            d,
            k,
            r: sa.r,
            aLow: put(sa.low),
            bLow: put(sb.low),
            aScale: put(sa.scale),
            bScale: put(sb.scale),
            outIdx,
            outVal,
          });
          const wi = new Int32Array(m * k);
          const wv = new Float32Array(m * k);
          jsBackend.l1PrunedTopK(args(wi, wv, (x) => x));
          const gi = s.put(new Int32Array(m * k));
          const gv = s.put(new Float32Array(m * k));
          s.backend.l1PrunedTopK(args(gi, gv, s.put));
          expect(gi).toEqual(wi);
          expect(gv).toEqual(wv);
        }
      },
    );
  }

  it('checks shapes and k ≤ n', () => {
    const s = S();
    const z = new Float32Array(8);
    const p = {
      a: z,
      m: 2,
      b: z,
      n: 2,
      d: 4,
      k: 3,
      r: 0,
      aLow: z,
      bLow: z,
      aScale: z,
      bScale: z,
      outIdx: new Int32Array(6),
      outVal: new Float32Array(6),
    };
    expect(() => s.backend.l1PrunedTopK(p)).toThrowError(/k = 3 exceeds n = 2/);
    expect(() => s.backend.l1PrunedTopK({ ...p, k: 1, aScale: z.subarray(0, 1) })).toThrowError(
      /aScale has 1 elements, needs 2/,
    );
  });
});

describe('exact distances', () => {
  it('sqDiffF32 and l1DiffF32 agree with f64 sums to f32 rounding', () => {
    for (const d of [0, 1, 3, 4, 7, 784]) {
      const x = randF32(d, d + 1);
      const y = randF32(d, d + 2);
      let s2 = 0;
      let s1 = 0;
      for (let j = 0; j < d; j++) {
        s2 += (x[j] - y[j]) ** 2;
        s1 += Math.abs(x[j] - y[j]);
      }
      expect(Math.abs(sqDiffF32(x, 0, y, 0, d) - s2)).toBeLessThanOrEqual(1e-5 * s2);
      expect(Math.abs(l1DiffF32(x, 0, y, 0, d) - s1)).toBeLessThanOrEqual(1e-5 * s1);
    }
  });
});
