// The building blocks of SVC's 'interior-point' solver: the weighted Gram matrix Σ w_i·x_i·x_iᵀ
// (WASM against its TypeScript reference, bit for bit, and against a plain float64 sum), the exact
// row products (LinearRows: WASM against TypeScript), and the interior-point method itself on a
// small problem, whose answer must satisfy the dual's KKT conditions.
import { describe, expect, it } from 'vitest';
import { Dense } from '../../src/kernels/dense.js';
import { linearWasm } from '../../src/linear-model/linear-wasm.js';
import { jsBackend } from '../../src/kernels/js/js-backend.js';
import { interiorPointLinear } from '../../src/svm/interior-point.js';
import { LinearRows } from '../../src/svm/linear-rows.js';

function rng(seed: number) {
  return () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296 - 0.5;
}

describe('weighted Gram matrix (assembly/dense.ts gram_weighted_f64)', () => {
  const be = linearWasm()!;
  it('WASM gives the TypeScript bits, and Σ w_i·x_i·x_iᵀ (sizes not multiples of 4, zero weights, > 64 rows)', () => {
    for (const [n, d] of [
      [1, 1],
      [70, 5],
      [130, 13],
      [200, 784],
    ]) {
      const rand = rng(n * 1000 + d);
      const X = be.alloc('f32', n * d, false);
      const w = be.alloc('f64', n, false);
      for (let i = 0; i < n * d; i++) X[i] = rand() * 4;
      for (let i = 0; i < n; i++) w[i] = i % 7 === 3 ? 0 : Math.abs(rand()) * 10 ** ((i % 9) - 4);
      const wasm = new Float64Array(d * d);
      const ts = new Float64Array(d * d);
      const dw = new Dense(be);
      const dt = new Dense(null);
      try {
        dw.weightedGram(X, n, d, w, wasm);
        dt.weightedGram(X, n, d, w, ts);
      } finally {
        dw.release();
        be.free(X);
        be.free(w);
      }
      expect(Array.from(wasm)).toEqual(Array.from(ts));
      for (let a = 0; a < d; a += Math.max(1, d >> 3)) {
        for (let c = 0; c < d; c += Math.max(1, d >> 3)) {
          let s = 0;
          for (let i = 0; i < n; i++) s += w[i] * X[i * d + a] * X[i * d + c];
          expect(ts[a * d + c]).toBeCloseTo(s, 9);
          expect(ts[a * d + c]).toBe(ts[c * d + a]);
        }
      }
    }
  });
});

describe('LinearRows', () => {
  it('X·w and Σ c_i·x_i: WASM gives the TypeScript bits', () => {
    const be = linearWasm()!;
    const n = 37;
    const d = 31;
    const rand = rng(5);
    const X = be.alloc('f32', n * d, false);
    for (let i = 0; i < n * d; i++) X[i] = rand();
    const c = Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 0 : rand()));
    const w = Float64Array.from({ length: d }, rand);
    const wasm = new LinearRows(be, X, n, d);
    const ts = new LinearRows(null, X, n, d);
    try {
      const [cw, ct] = [new Float64Array(d), new Float64Array(d)];
      wasm.combine(c, cw);
      ts.combine(c, ct);
      expect(Array.from(cw)).toEqual(Array.from(ct));
      const [zw, zt] = [new Float64Array(n), new Float64Array(n)];
      wasm.dots(w, zw);
      ts.dots(w, zt);
      expect(Array.from(zw)).toEqual(Array.from(zt));
      let s = 0;
      for (let k = 0; k < d; k++) s += X[3 * d + k] * w[k];
      expect(zt[3]).toBeCloseTo(s, 12);
    } finally {
      wasm.release();
      ts.release();
      be.free(X);
    }
  });
});

describe('interiorPointLinear', () => {
  it('ends near the optimum: feasible, complementary, and −y·G equal to the bias on the free variables', () => {
    const n = 120;
    const d = 6;
    const C = 2;
    const rand = rng(11);
    const X = new Float32Array(n * d);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i % 2 === 0 ? 1 : -1;
      for (let k = 0; k < d; k++) X[i * d + k] = rand() * 2 + (k === 0 ? 0.6 * y[i] : 0);
    }
    for (const be of [jsBackend, linearWasm()!]) {
      const Xb = be.alloc('f32', n * d, false);
      Xb.set(X);
      const r = interiorPointLinear(be, Xb, d, y, { C, muTol: 1e-10, maxIter: 100 });
      be.free(Xb);
      expect(r.mu).toBeLessThanOrEqual(1e-10 * C);
      let ya = 0;
      for (let i = 0; i < n; i++) {
        expect(r.alpha[i]).toBeGreaterThan(0);
        expect(r.alpha[i]).toBeLessThan(C);
        ya += y[i] * r.alpha[i];
      }
      expect(Math.abs(ya)).toBeLessThan(1e-9);
      // G = Qα − 1; on variables well inside the box −y·G is the same value (the bias).
      const w = new Float64Array(d);
      for (let i = 0; i < n; i++)
        for (let k = 0; k < d; k++) w[k] += r.alpha[i] * y[i] * X[i * d + k];
      const biases: number[] = [];
      let bounded = 0;
      for (let i = 0; i < n; i++) {
        let wx = 0;
        for (let k = 0; k < d; k++) wx += w[k] * X[i * d + k];
        const g = y[i] * wx - 1;
        if (r.alpha[i] > 1e-3 * C && r.alpha[i] < (1 - 1e-3) * C) biases.push(-y[i] * g);
        else bounded++;
      }
      expect(biases.length).toBeGreaterThan(1);
      expect(bounded).toBeGreaterThan(n / 2);
      expect(Math.max(...biases) - Math.min(...biases)).toBeLessThan(1e-6);
    }
  });
});
