// Invariants that survive any change of algorithm: self-distance 0, symmetry, softmax rows sum
// to 1, 1-NN of a training row is itself. Checked on every backend.
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_LABELS, randF32, subjects, type Subject } from './helpers.js';

let all: Subject[] = [];
beforeAll(async () => {
  all = await subjects();
});

describe.each(ALL_LABELS)('%s invariants', (label) => {
  const S = () => all.find((s) => s.label === label)!;

  it('sqDist(X, X): exact 0 diagonal, symmetric, non-negative', () => {
    const s = S();
    const [m, d] = [37, 29];
    const x = s.put(randF32(m * d, 1));
    const out = s.put(new Float32Array(m * m));
    s.backend.sqDist({ a: x, m, b: x, n: m, d, out });
    for (let i = 0; i < m; i++) {
      expect(out[i * m + i]).toBe(0);
      for (let j = 0; j < m; j++) {
        expect(out[i * m + j]).toBeGreaterThanOrEqual(0);
        expect(Math.abs(out[i * m + j] - out[j * m + i])).toBeLessThanOrEqual(
          1e-5 * (1 + out[i * m + j]),
        );
      }
    }
    const l1 = s.put(new Float32Array(m * m));
    s.backend.l1Dist({ a: x, m, b: x, n: m, d, out: l1 });
    for (let i = 0; i < m; i++) expect(l1[i * m + i]).toBe(0);
  });

  it('the nearest training row of a training row is itself (distinct rows)', () => {
    const s = S();
    const [n, d, k] = [300, 40, 3];
    const x = s.put(randF32(n * d, 2));
    for (const sq of [true, false]) {
      const idx = s.put(new Int32Array(n * k));
      const val = s.put(new Float32Array(n * k));
      const p = { a: x, m: n, b: x, n, d, k, outIdx: idx, outVal: val };
      if (sq) s.backend.sqDistTopK(p);
      else s.backend.l1DistTopK(p);
      for (let i = 0; i < n; i++) {
        expect(idx[i * k]).toBe(i);
        expect(val[i * k]).toBeLessThanOrEqual(val[i * k + 1]);
        expect(val[i * k + 1]).toBeLessThanOrEqual(val[i * k + 2]);
      }
    }
  });

  it('softmax rows sum to 1 and match exp(x − logSumExp(x))', () => {
    const s = S();
    const [m, n] = [20, 10];
    const x = s.put(randF32(m * n, 3).map((v) => v * 80));
    const p = s.put(new Float32Array(m * n));
    const lse = s.put(new Float32Array(m));
    s.backend.softmax(x, m, n, p);
    s.backend.logSumExp(x, m, n, lse);
    for (let i = 0; i < m; i++) {
      let sum = 0;
      for (let j = 0; j < n; j++) {
        sum += p[i * n + j];
        expect(Math.abs(p[i * n + j] - Math.exp(x[i * n + j] - lse[i]))).toBeLessThan(1e-5);
      }
      expect(Math.abs(sum - 1)).toBeLessThan(1e-5);
    }
  });

  it('gemm: (A·Bᵀ)ᵀ = B·Aᵀ and A·B = (Bᵀ·Aᵀ)ᵀ', () => {
    const s = S();
    const [m, n, k] = [19, 23, 31];
    const a = s.put(randF32(m * k, 4));
    const b = s.put(randF32(n * k, 5));
    const c1 = s.put(new Float32Array(m * n));
    const c2 = s.put(new Float32Array(n * m));
    s.backend.gemm({ transB: true, m, n, k, a, b, c: c1 });
    s.backend.gemm({ transB: true, m: n, n: m, k, a: b, b: a, c: c2 });
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++)
        expect(Math.abs(c1[i * n + j] - c2[j * m + i])).toBeLessThan(1e-5);
  });
});
