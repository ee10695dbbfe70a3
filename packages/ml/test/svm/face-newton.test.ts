// The Newton step on an SVM dual's free face (src/svm/face-newton.ts): its dense kernels in WASM
// against the TypeScript references (the same sums, so the same bits), the projection onto the
// box and the equality, and the face solve's answer on small problems whose minimiser is known.
import { describe, expect, it } from 'vitest';
import { linearWasm } from '../../src/linear-model/linear-wasm.js';
import { Dense, cholSolve, cholesky, quadForm } from '../../src/kernels/dense.js';
import { faceSolve, projectBoxEquality } from '../../src/svm/face-newton.js';

function rng(seed: number) {
  return () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296 - 0.5;
}

/** BᵀB (+ shift·I) for a random r × m B: positive definite for r ≥ m and shift > 0, else rank r. */
function gram(m: number, r: number, shift: number, seed: number): Float64Array {
  const rand = rng(seed);
  const B = Float64Array.from({ length: r * m }, rand);
  const A = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += B[k * m + i] * B[k * m + j];
      A[i * m + j] = s + (i === j ? shift : 0);
    }
  }
  return A;
}

describe('face-newton dense kernels', () => {
  const be = linearWasm();

  it('WASM Cholesky, solve and quadratic form give the TypeScript bits (odd and even sizes)', () => {
    expect(be).not.toBeNull();
    const dense = new Dense(be);
    try {
      for (const m of [1, 2, 7, 64, 65]) {
        const A = gram(m, m + 3, 0.1, m);
        const ts = A.slice();
        const wa = dense.f64(m * m);
        wa.set(A);
        expect(cholesky(ts, m, 0, 0)).toBe(-1);
        expect(dense.cholesky(wa, m, 0, 0)).toBe(-1);
        expect(Array.from(wa)).toEqual(Array.from(ts));
        const b = Float64Array.from({ length: m }, rng(99 + m));
        const xt = b.slice();
        const xw = dense.f64(m);
        xw.set(b);
        cholSolve(ts, m, xt);
        dense.cholSolve(wa, m, xw);
        expect(Array.from(xw)).toEqual(Array.from(xt));
        // It solves A x = b.
        for (let i = 0; i < m; i++) {
          let s = 0;
          for (let j = 0; j < m; j++) s += A[i * m + j] * xt[j];
          expect(s).toBeCloseTo(b[i], 8);
        }
        const v = dense.f64(m);
        v.set(b);
        v[0] = 0; // a skipped row
        const qw = dense.f64(m * m);
        qw.set(A);
        expect(dense.quadForm(qw, m, v)).toBe(quadForm(A, m, v.slice()));
      }
    } finally {
      dense.release();
    }
  });

  it('a singular matrix stops the factorisation at its rank, on both paths', () => {
    const m = 30;
    const A = gram(m, 12, 0, 5); // rank 12
    const dense = new Dense(be);
    try {
      const wa = dense.f64(m * m);
      wa.set(A);
      const scale = A.reduce((a, v) => Math.max(a, v), 0);
      expect(cholesky(A.slice(), m, 0, scale * 1e-10)).toBe(12);
      expect(dense.cholesky(wa, m, 0, scale * 1e-10)).toBe(12);
    } finally {
      dense.release();
    }
  });
});

describe('projectBoxEquality', () => {
  it('lands in the box with yᵀx = r, and no feasible point is nearer', () => {
    const rand = rng(7);
    const m = 40;
    const C = 1;
    for (let trial = 0; trial < 20; trial++) {
      const y = Float64Array.from({ length: m }, (_, i) => (i % 3 === 0 ? -1 : 1));
      const v = Float64Array.from({ length: m }, () => 3 * rand());
      const r = 5 * rand();
      const x = v.slice();
      projectBoxEquality(x, y, C, r);
      let yx = 0;
      x.forEach((xi, i) => {
        expect(xi).toBeGreaterThanOrEqual(0);
        expect(xi).toBeLessThanOrEqual(C);
        yx += y[i] * xi;
      });
      expect(yx).toBeCloseTo(r, 10);
      const dist = (z: Float64Array) => z.reduce((s, zi, i) => s + (zi - v[i]) ** 2, 0);
      // Other feasible points: x moved along pairs that keep yᵀx, clipped moves skipped.
      for (let k = 0; k < 50; k++) {
        const i = Math.floor((rand() + 0.5) * m);
        const j = (i + 1 + Math.floor((rand() + 0.5) * (m - 1))) % m;
        const t = 0.2 * rand();
        const z = x.slice();
        z[i] += t * y[i];
        z[j] -= t * y[j];
        if (z[i] < 0 || z[i] > C || z[j] < 0 || z[j] > C) continue;
        expect(dist(z)).toBeGreaterThanOrEqual(dist(x) - 1e-12);
      }
    }
  });
});

describe('faceSolve', () => {
  it('reaches the face minimiser when it lies inside the box: −y·G equal over the face', () => {
    const m = 25;
    const Q = gram(m, 40, 5, 3); // diagonally dominant: the minimiser is near (1 ± μ)/5, inside
    const y = Float64Array.from({ length: m }, (_, i) => (i % 2 ? 1 : -1));
    const x = new Float64Array(m).fill(0.5);
    // G = Qx − 1 at x.
    const g = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let s = -1;
      for (let j = 0; j < m; j++) s += Q[i * m + j] * x[j];
      g[i] = s;
    }
    const C = 1e6; // no bound in reach
    const dense = new Dense(linearWasm());
    try {
      const r = faceSolve(dense, Q, g, y, x, C, 10, 3, 1e-14);
      expect(r.decrease).toBeGreaterThan(0);
      expect(r.rank).toBe(m);
    } finally {
      dense.release();
    }
    let yx = 0;
    const v: number[] = [];
    for (let i = 0; i < m; i++) {
      yx += y[i] * x[i];
      let s = -1;
      for (let j = 0; j < m; j++) s += Q[i * m + j] * x[j];
      v.push(-y[i] * s);
    }
    expect(yx).toBeCloseTo(-0.5, 12); // yᵀx kept: 13 labels −1 and 12 +1, all at 0.5
    for (const vi of v) expect(vi).toBeCloseTo(v[0], 6);
  });

  it('sends variables to their bounds and never raises the objective', () => {
    const m = 30;
    const Q = gram(m, 50, 0, 11);
    const y = Float64Array.from({ length: m }, (_, i) => (i % 2 ? 1 : -1));
    const C = 0.05;
    const x = new Float64Array(m).fill(C / 2);
    const f = (z: Float64Array) => {
      let s = 0;
      for (let i = 0; i < m; i++) {
        s -= z[i];
        for (let j = 0; j < m; j++) s += 0.5 * z[i] * Q[i * m + j] * z[j];
      }
      return s;
    };
    const g = Float64Array.from({ length: m }, (_, i) => {
      let s = -1;
      for (let j = 0; j < m; j++) s += Q[i * m + j] * x[j];
      return s;
    });
    const f0 = f(x);
    const dense = new Dense(null);
    const r = faceSolve(dense, Q, g, y, x, C, 20, 5, 0);
    expect(f(x)).toBeLessThan(f0);
    expect(f0 - f(x)).toBeCloseTo(r.decrease, 9);
    expect(x.filter((v) => v === 0 || v === C).length).toBeGreaterThan(0);
    let yx = 0;
    x.forEach((v, i) => (yx += y[i] * v));
    expect(yx).toBeCloseTo(0, 12);
  });
});
