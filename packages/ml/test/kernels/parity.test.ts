// The parity suite: every kernel on every backend against the js reference (f64 accumulation),
// with a per-backend tolerance scaled by the magnitude the rounding error grows with, and named
// edge cases (empty, sizes off the vector width and tile size, NaN/Inf, huge/tiny values).
import { beforeAll, describe, expect, it } from 'vitest';
import { jsBackend } from '../../src/kernels/js/js-backend.js';
import {
  ALL_LABELS,
  absOf,
  expectClose,
  randF32,
  randInts,
  rng,
  subjects,
  type Subject,
} from './helpers.js';

const ref = jsBackend;
let all: Subject[] = [];
beforeAll(async () => {
  all = await subjects();
});

/** Sizes that are not multiples of the vector width (4), the tile (6×8) or the blocks. */
const ODD = [0, 1, 3, 5, 17, 127];

describe.each(ALL_LABELS)('%s', (label) => {
  const S = () => all.find((s) => s.label === label)!;

  describe('gemm', () => {
    const shapes: [number, number, number][] = [
      [0, 0, 0],
      [0, 5, 3],
      [4, 0, 3],
      [1, 1, 1],
      [3, 5, 17],
      [5, 3, 1],
      [17, 127, 5],
      [6, 8, 400],
      [7, 9, 801],
      [13, 129, 33],
      [100, 70, 784],
      [97, 23, 0],
    ];
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        it.each(shapes)(`${transA ? 't' : 'n'}${transB ? 't' : 'n'} m=%i n=%i k=%i`, (m, n, k) => {
          const s = S();
          const a = randF32(m * k, m * 7 + k);
          const b = randF32(k * n, n * 11 + k);
          const c0 = randF32(m * n, 3);
          for (const [alpha, beta] of [
            [1, 0],
            [-2, 0.5],
            [0.25, 1],
          ]) {
            const want = c0.slice();
            ref.gemm({ transA, transB, m, n, k, alpha, beta, a, b, c: want });
            const bound = new Float32Array(m * n);
            ref.gemm({
              transA,
              transB,
              m,
              n,
              k,
              alpha: Math.abs(alpha),
              a: absOf(a),
              b: absOf(b),
              c: bound,
            });
            for (let i = 0; i < bound.length; i++) bound[i] += Math.abs(beta * c0[i]) + 1e-30;
            const c = s.put(beta === 0 ? new Float32Array(m * n).fill(NaN) : c0.slice());
            s.backend.gemm({ transA, transB, m, n, k, alpha, beta, a: s.put(a), b: s.put(b), c });
            expectClose(c, want, bound, s.tol * Math.max(1, Math.sqrt(k) / 4));
          }
        });
      }
    }

    it('honours leading dimensions larger than the rows (sub-matrix views)', () => {
      const s = S();
      const [m, n, k, lda, ldb, ldc] = [9, 11, 13, 20, 15, 30];
      const a = randF32(m * lda, 1);
      const b = randF32(k * ldb, 2);
      const c0 = randF32(m * ldc, 3);
      const want = c0.slice();
      ref.gemm({ m, n, k, a, lda, b, ldb, c: want, ldc, beta: 1 });
      const c = s.put(c0.slice());
      s.backend.gemm({ m, n, k, a: s.put(a), lda, b: s.put(b), ldb, c, ldc, beta: 1 });
      expectClose(c, want, 20, s.tol);
      for (let i = 0; i < m; i++)
        for (let j = n; j < ldc; j++) expect(c[i * ldc + j]).toBe(c0[i * ldc + j]);
    });

    it('propagates NaN and Inf, and overflows huge values to Inf', () => {
      const s = S();
      const [m, n, k] = [7, 10, 9];
      const a = randF32(m * k, 5);
      const b = randF32(k * n, 6);
      a[2 * k + 4] = NaN; // row 2 of C becomes NaN
      b[3 * n + 7] = Infinity; // column 7 becomes ±Inf (or NaN on row 2)
      a[5 * k + 1] = 3e38;
      b[1 * n + 2] = 3e38; // C[5,2] overflows
      const want = new Float32Array(m * n);
      ref.gemm({ m, n, k, a, b, c: want });
      const c = s.put(new Float32Array(m * n));
      s.backend.gemm({ m, n, k, a: s.put(a), b: s.put(b), c });
      for (let j = 0; j < n; j++) expect(c[2 * n + j]).toBeNaN();
      expect(c[5 * n + 2]).toBe(Infinity);
      expectClose(c, want, 1e30, s.tol);
    });

    it('keeps tiny (subnormal-range) products', () => {
      const s = S();
      const a = new Float32Array(3 * 4).fill(1e-20);
      const b = new Float32Array(4 * 5).fill(1e-20);
      const c = s.put(new Float32Array(15));
      s.backend.gemm({ m: 3, n: 5, k: 4, a: s.put(a), b: s.put(b), c });
      for (const v of c) expect(Math.abs(v - 4e-40)).toBeLessThan(1e-44);
      expect(c[0]).toBeGreaterThan(0);
    });

    it('rejects an output overlapping an input', () => {
      const s = S();
      const buf = s.put(new Float32Array(64));
      expect(() =>
        s.backend.gemm({
          m: 4,
          n: 4,
          k: 4,
          a: buf.subarray(0, 16),
          b: buf.subarray(16, 32),
          c: buf.subarray(8, 24),
        }),
      ).toThrow(/overlap/);
    });

    it('rejects short arrays', () => {
      const s = S();
      expect(() =>
        s.backend.gemm({
          m: 4,
          n: 4,
          k: 4,
          a: new Float32Array(15),
          b: new Float32Array(16),
          c: new Float32Array(16),
        }),
      ).toThrow(/a has 15/);
    });
  });

  describe('level 1/2', () => {
    it.each([...ODD, 1000])('dot/axpy/scale/rowSums/rowSqNorms n=%i', (n) => {
      const s = S();
      const x = randF32(n, n + 1);
      const y = randF32(n, n + 2);
      expectClose(
        [s.backend.dot(s.put(x), s.put(y))],
        [ref.dot(x, y)],
        [ref.dot(absOf(x), absOf(y))],
        s.tol,
      );
      const yw = y.slice();
      ref.axpy(-1.5, x, yw);
      const yg = s.put(y.slice());
      s.backend.axpy(-1.5, s.put(x), yg);
      expectClose(yg, yw, 3, s.tol);
      const xg = s.put(x.slice());
      s.backend.scale(3, xg);
      expectClose(
        xg,
        x.map((v) => v * 3),
        3,
        1e-7,
      );
      const m = 3;
      const a = randF32(m * n, 9);
      const want = new Float32Array(m);
      const got = s.put(new Float32Array(m));
      ref.rowSums(a, m, n, want);
      s.backend.rowSums(s.put(a), m, n, got);
      expectClose(got, want, n, s.tol);
      ref.rowSqNorms(a, m, n, want);
      s.backend.rowSqNorms(s.put(a), m, n, got);
      expectClose(got, want, n, s.tol);
    });

    it('axpy with x === y doubles in place', () => {
      const s = S();
      const x = s.put(randF32(13, 4));
      const want = x.map((v) => v * 2);
      s.backend.axpy(1, x, x);
      expectClose(x, want, 2, 1e-7);
    });

    it.each([
      [0, 0],
      [1, 1],
      [3, 5],
      [17, 127],
      [40, 784],
    ])('gemv m=%i n=%i, both orientations', (m, n) => {
      const s = S();
      const a = randF32(m * n, 1);
      for (const trans of [false, true]) {
        const x = randF32(trans ? m : n, 2);
        const y0 = randF32(trans ? n : m, 3);
        const want = y0.slice();
        ref.gemv({ trans, m, n, alpha: 2, beta: -1, a, x, y: want });
        const y = s.put(y0.slice());
        s.backend.gemv({ trans, m, n, alpha: 2, beta: -1, a: s.put(a), x: s.put(x), y });
        expectClose(y, want, 2 * Math.max(m, n) + 1, s.tol);
      }
    });
  });

  describe('distances and top-k', () => {
    const shapes: [number, number, number][] = [
      [0, 4, 3],
      [3, 0, 3],
      [1, 1, 1],
      [5, 17, 3],
      [17, 127, 5],
      [13, 9, 0],
      [100, 1100, 33],
      [7, 300, 784],
    ];
    it.each(shapes)('sqDist and l1Dist m=%i n=%i d=%i', (m, n, d) => {
      const s = S();
      const a = randF32(m * d, m + d);
      const b = randF32(n * d, n + d + 1);
      const want = new Float32Array(m * n);
      const got = s.put(new Float32Array(m * n));
      ref.sqDist({ a, m, b, n, d, out: want });
      s.backend.sqDist({ a: s.put(a), m, b: s.put(b), n, d, out: got });
      // cancellation in ‖a‖² + ‖b‖² − 2⟨a,b⟩ makes the error scale with the norms, not the distance
      expectClose(got, want, 4 * d + 1, s.tol);
      ref.l1Dist({ a, m, b, n, d, out: want });
      s.backend.l1Dist({ a: s.put(a), m, b: s.put(b), n, d, out: got });
      expectClose(got, want, 2 * d + 1, s.tol);
    });

    it('propagates NaN through distances', () => {
      const s = S();
      const a = randF32(3 * 5, 1);
      const b = randF32(4 * 5, 2);
      a[1 * 5 + 2] = NaN;
      const out = s.put(new Float32Array(12));
      s.backend.sqDist({ a: s.put(a), m: 3, b: s.put(b), n: 4, d: 5, out });
      for (let j = 0; j < 4; j++) expect(out[4 + j]).toBeNaN();
      expect(out[0]).not.toBeNaN();
      s.backend.l1Dist({ a: s.put(a), m: 3, b: s.put(b), n: 4, d: 5, out });
      for (let j = 0; j < 4; j++) expect(out[4 + j]).toBeNaN();
    });

    it('topK: ascending, stable ties by index, NaN last, k = 0 and k = n', () => {
      const s = S();
      const rows = [
        [3, 1, 2, 1, 0, 1, 5],
        [NaN, 2, NaN, -Infinity, Infinity, 2, 2],
        [7, 7, 7, 7, 7, 7, 7],
      ];
      const values = Float32Array.from(rows.flat());
      for (const k of [0, 1, 3, 7]) {
        const wi = new Int32Array(3 * k);
        const wv = new Float32Array(3 * k);
        ref.topK({ values, m: 3, n: 7, k, outIdx: wi, outVal: wv });
        const gi = s.put(new Int32Array(3 * k));
        const gv = s.put(new Float32Array(3 * k));
        s.backend.topK({ values: s.put(values), m: 3, n: 7, k, outIdx: gi, outVal: gv });
        expect(Array.from(gi)).toEqual(Array.from(wi));
        expect(Array.from(gv)).toEqual(Array.from(wv));
      }
      const oi = new Int32Array(21);
      const ov = new Float32Array(21);
      s.backend.topK({
        values: s.put(values),
        m: 3,
        n: 7,
        k: 7,
        outIdx: s.put(oi),
        outVal: s.put(ov),
      });
      // the golden, by hand
      const gi = s.put(new Int32Array(21));
      s.backend.topK({ values: s.put(values), m: 3, n: 7, k: 7, outIdx: gi, outVal: s.put(ov) });
      expect(Array.from(gi.subarray(0, 7))).toEqual([4, 1, 3, 5, 2, 0, 6]);
      expect(Array.from(gi.subarray(7, 14))).toEqual([3, 1, 5, 6, 4, 0, 2]);
      expect(Array.from(gi.subarray(14, 21))).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(() =>
        s.backend.topK({
          values,
          m: 3,
          n: 7,
          k: 8,
          outIdx: new Int32Array(24),
          outVal: new Float32Array(24),
        }),
      ).toThrow(/exceeds/);
    });

    it.each([
      [1, 1, 1, 1],
      [5, 17, 3, 5],
      [100, 2100, 20, 9],
      [9, 1030, 3, 1],
      [3, 40, 784, 5],
      [4, 10, 0, 3],
    ])(
      'fused sqDistTopK / l1DistTopK = distance then topK (m=%i n=%i d=%i k=%i, integer data with ties)',
      (m, n, d, k) => {
        const s = S();
        const a = randInts(m * d, 4, m + n);
        const b = randInts(n * d, 4, m + n + 1);
        for (const sq of [true, false]) {
          const dist = new Float32Array(m * n);
          if (sq) ref.sqDist({ a, m, b, n, d, out: dist });
          else ref.l1Dist({ a, m, b, n, d, out: dist });
          const wi = new Int32Array(m * k);
          const wv = new Float32Array(m * k);
          ref.topK({ values: dist, m, n, k, outIdx: wi, outVal: wv });
          const gi = s.put(new Int32Array(m * k));
          const gv = s.put(new Float32Array(m * k));
          const p = { a: s.put(a), m, b: s.put(b), n, d, k, outIdx: gi, outVal: gv };
          if (sq) s.backend.sqDistTopK(p);
          else s.backend.l1DistTopK(p);
          expect(Array.from(gi)).toEqual(Array.from(wi));
          expect(Array.from(gv)).toEqual(Array.from(wv));
        }
      },
    );
  });

  describe('row-wise', () => {
    const rows = [
      [1, 2, 3, 3, 0],
      [-1e30, 88, 89, 3e38, 3e38],
      [NaN, 1, 2, 3, 4],
      [1, Infinity, 2, 3, 4],
      [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity],
      [-1e-30, 1e-30, 0, -0, 5e-39],
    ];
    const a = Float32Array.from(rows.flat());
    it('argmax (first max, first NaN) with named edge rows', () => {
      const s = S();
      const out = s.put(new Int32Array(6));
      s.backend.argmax(s.put(a), 6, 5, out);
      expect(Array.from(out)).toEqual([2, 3, 0, 1, 0, 1]);
      const empty = s.put(new Int32Array(2));
      s.backend.argmax(s.put(new Float32Array(0)), 2, 0, empty);
      expect(Array.from(empty)).toEqual([-1, -1]);
    });
    it.each(ODD)('softmax / logSumExp random rows n=%i', (n) => {
      const s = S();
      const m = 4;
      const x = randF32(m * n, n).map((v) => v * 50);
      const want = new Float32Array(m * n);
      ref.softmax(x, m, n, want);
      const got = s.put(new Float32Array(m * n));
      s.backend.softmax(s.put(x), m, n, got);
      expectClose(got, want, 1, 1e-5);
      const lw = new Float32Array(m);
      const lg = s.put(new Float32Array(m));
      ref.logSumExp(x, m, n, lw);
      s.backend.logSumExp(s.put(x), m, n, lg);
      expectClose(lg, lw, 60, 1e-6);
    });
    it('softmax / logSumExp are overflow-safe and follow scipy on NaN/Inf', () => {
      const s = S();
      const out = s.put(new Float32Array(30));
      s.backend.softmax(s.put(a), 6, 5, out);
      expectClose(out.subarray(5, 10), [0, 0, 0, 0.5, 0.5], 1, 1e-6);
      for (const v of out.subarray(10, 15)) expect(v).toBeNaN();
      for (const v of out.subarray(20, 25)) expect(v).toBeNaN();
      const lse = s.put(new Float32Array(6));
      s.backend.logSumExp(s.put(a), 6, 5, lse);
      expect(lse[1]).toBeCloseTo(3e38, -33);
      expect(Number.isFinite(lse[1])).toBe(true);
      expect(lse[2]).toBeNaN();
      expect(lse[3]).toBe(Infinity);
      expect(lse[4]).toBe(-Infinity);
      expect(lse[5]).toBeCloseTo(Math.log(5), 6);
    });
    it('softmax in place (out === a) equals out of place', () => {
      const s = S();
      const x = randF32(3 * 17, 8);
      const want = new Float32Array(x.length);
      ref.softmax(x, 3, 17, want);
      const inPlace = s.put(x.slice());
      s.backend.softmax(inPlace, 3, 17, inPlace);
      expectClose(inPlace, want, 1, 1e-6);
    });
  });

  describe('data preparation', () => {
    it.each([
      [0, 0],
      [1, 1],
      [3, 5],
      [17, 127],
      [64, 784],
    ])('standardizeU8 m=%i n=%i', (m, n) => {
      const s = S();
      const r = rng(m + n);
      const src = Uint8Array.from({ length: m * n }, () => Math.floor(r() * 256));
      const mean = Float32Array.from({ length: n }, () => r() * 255);
      const scale = Float32Array.from({ length: n }, () => 0.5 + r() * 100);
      const want = new Float32Array(m * n);
      ref.standardizeU8({ src, m, n, mean, scale, out: want });
      const got = s.put(new Float32Array(m * n));
      s.backend.standardizeU8({
        src: s.put(src),
        m,
        n,
        mean: s.put(mean),
        scale: s.put(scale),
        out: got,
      });
      expectClose(got, want, 600, 1e-7);
    });

    it.each([
      [0, 5, 3, 256],
      [1, 1, 1, 2],
      [40, 13, 17, 256],
      [500, 784, 60, 256],
      [33, 7, 3, 5],
    ])(
      'histogram: %i rows of %i, %i features, %i bins; exact sums, subtraction',
      (nRowsAll, nSel, nFeatures, nBins) => {
        const s = S();
        const r = rng(nRowsAll + nFeatures);
        const binned = Uint8Array.from({ length: nRowsAll * nFeatures }, () =>
          Math.floor(r() * nBins),
        );
        const grad = Float32Array.from({ length: nRowsAll }, () => r() - 0.5);
        const hess = Float32Array.from({ length: nRowsAll }, () => r());
        const rows = Int32Array.from({ length: nRowsAll ? nSel : 0 }, () =>
          Math.floor(r() * nRowsAll),
        );
        for (const h of [hess, null]) {
          const want = new Float64Array(nFeatures * nBins * 3).fill(7);
          ref.histogram({ binned, nFeatures, rows, grad, hess: h, nBins, out: want });
          const got = s.put(new Float64Array(nFeatures * nBins * 3).fill(-1));
          s.backend.histogram({
            binned: s.put(binned),
            nFeatures,
            rows: s.put(rows),
            grad: s.put(grad),
            hess: h && s.put(h),
            nBins,
            out: got,
          });
          expect(Array.from(got)).toEqual(Array.from(want));
          let count = 0;
          for (let q = 2; q < nBins * 3; q += 3) count += got[q];
          if (nFeatures > 0) expect(count).toBe(rows.length);
        }
        // a feature range leaves the other features untouched
        if (nFeatures >= 3) {
          const part = s.put(new Float64Array(nFeatures * nBins * 3).fill(-1));
          s.backend.histogram({
            binned: s.put(binned),
            nFeatures,
            rows: s.put(rows),
            grad: s.put(grad),
            hess: null,
            nBins,
            out: part,
            featureStart: 1,
            featureEnd: 2,
          });
          expect(part[0]).toBe(-1);
          expect(part[2 * nBins * 3]).toBe(-1);
        }
      },
    );

    it('histSubtract (out may alias an input) gives the sibling histogram', () => {
      const s = S();
      const r = rng(3);
      const nF = 4;
      const nB = 8;
      const binned = Uint8Array.from({ length: 50 * nF }, () => Math.floor(r() * nB));
      const grad = Float32Array.from({ length: 50 }, () => r());
      const all = Int32Array.from({ length: 50 }, (_, i) => i);
      const left = all.filter((i) => i % 3 === 0);
      const right = all.filter((i) => i % 3 !== 0);
      const hp = s.put(new Float64Array(nF * nB * 3));
      const hl = s.put(new Float64Array(nF * nB * 3));
      const hr = new Float64Array(nF * nB * 3);
      s.backend.histogram({
        binned: s.put(binned),
        nFeatures: nF,
        rows: s.put(all),
        grad: s.put(grad),
        hess: null,
        nBins: nB,
        out: hp,
      });
      s.backend.histogram({
        binned: s.put(binned),
        nFeatures: nF,
        rows: s.put(left),
        grad: s.put(grad),
        hess: null,
        nBins: nB,
        out: hl,
      });
      ref.histogram({ binned, nFeatures: nF, rows: right, grad, hess: null, nBins: nB, out: hr });
      s.backend.histSubtract(hp, hl, hp);
      expectClose(hp, hr, 50, 1e-12);
    });
  });
});
