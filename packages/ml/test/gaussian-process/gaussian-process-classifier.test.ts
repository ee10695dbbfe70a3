// Goldens: scripts/golden/gaussian_process.py (sklearn's GaussianProcessClassifier on the golden
// subset: one_vs_one on 5,000 rows, one_vs_rest and a binary problem on 1,500, a dense kernel on
// 600). Plus the parts: the exact distance kernel (WASM = TypeScript bits), erf, the factor by
// components against a dense Cholesky, and the memory limit.
import { describe, expect, it } from 'vitest';
import { MemoryLimitError, ParameterError } from '../../src/base/errors.js';
import type { Matrix } from '../../src/base/matrix.js';
import { cholesky } from '../../src/kernels/dense.js';
import { forEachDistanceBlock } from '../../src/kernels/exact-distance.js';
import { GaussianProcessClassifier } from '../../src/gaussian-process/gaussian-process-classifier.js';
import {
  LaplaceFactor,
  erf,
  kernelStructure,
  laplaceProbability,
} from '../../src/gaussian-process/laplace.js';
import { Dense } from '../../src/kernels/dense.js';
import { linearWasm } from '../../src/linear-model/linear-wasm.js';
import { checkEstimator } from '../helpers/check-estimator.js';
import { agreement, goldenCases, goldenData } from '../helpers/golden-data.js';

/** The first n rows of X (and y), optionally only those of two classes. */
function rowsOf(X: Matrix, y: Int32Array, n: number, classes: number[] | null) {
  const d = X.shape[1];
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (!classes || classes.includes(y[i])) keep.push(i);
  const data = new Float32Array(keep.length * d);
  keep.forEach((r, i) => data.set(X.data.subarray(r * d, r * d + d), i * d));
  return {
    X: { data, shape: [keep.length, d] as [number, number] },
    y: Int32Array.from(keep, (r) => y[r]),
  };
}

describe('GaussianProcessClassifier', () => {
  checkEstimator((o) => new GaussianProcessClassifier(o), {
    badOption: { multiClass: 'all_vs_all' },
    fromJSON: (j) => GaussianProcessClassifier.fromJSON(j),
  });

  for (const c of goldenCases('gaussian-process')) {
    const binary = c.binary as number[] | null;
    const rows = c.rows as number;
    const name = `${binary ? `binary ${binary.join(' vs ')}` : String(c.params.multi_class ?? 'one_vs_rest')}, ${rows} rows, length scale ${String(c.length_scale)}`;
    it(`matches sklearn: ${name}`, async () => {
      const g = await goldenData();
      const tr = rowsOf(g.X, g.y, rows, binary);
      const te = rowsOf(g.Xt, g.yt, g.yt.length, binary);
      const m = new GaussianProcessClassifier({
        multiClass: (c.params.multi_class as 'one_vs_one' | undefined) ?? 'one_vs_rest',
        lengthScale: c.length_scale as number,
      }).fit(tr.X, tr.y);
      const pred = m.predict(te.X);
      expect(agreement(pred, c.predict)).toBeGreaterThanOrEqual(0.998);
      expect(Math.abs(m.score(te.X, te.y) - c.accuracy)).toBeLessThanOrEqual(0.002);
      const lml = c.log_marginal_likelihood as number;
      expect(Math.abs(m.logMarginalLikelihoodValue_ - lml) / Math.abs(lml)).toBeLessThan(1e-6);
      if (c.proba_head) {
        const head = c.proba_head as number[][];
        const k = head[0].length;
        const p = m.predictProba({
          data: te.X.data.subarray(0, head.length * 784),
          shape: [head.length, 784],
        });
        for (let i = 0; i < head.length; i++)
          for (let j = 0; j < k; j++) expect(p.data[i * k + j]).toBeCloseTo(head[i][j], 6);
      }
    });
  }

  it('one_vs_one has no probabilities, as sklearn', async () => {
    const g = await goldenData();
    const tr = rowsOf(g.X, g.y, 300, null);
    const m = new GaussianProcessClassifier({ multiClass: 'one_vs_one' }).fit(tr.X, tr.y);
    expect(() => m.predictProba(tr.X)).toThrowError(ParameterError);
    expect(() => m.predictProba(tr.X)).toThrowError(/one_vs_rest/);
  });

  it('refuses a fit whose kernel matrix exceeds maxMemoryBytes, saying how much it needs', async () => {
    const g = await goldenData();
    const tr = rowsOf(g.X, g.y, 2000, null);
    const m = new GaussianProcessClassifier({ maxMemoryBytes: 1e6 });
    let err: unknown;
    try {
      m.fit(tr.X, tr.y);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MemoryLimitError);
    expect((err as MemoryLimitError).bytesNeeded).toBe(8 * 2000 * 2000);
    expect((err as Error).message).toMatch(
      /2000 × 2000 kernel matrix needs 32 MB .*more than maxMemoryBytes \(1 MB\)/,
    );
    expect(GaussianProcessClassifier.bytesNeeded(60000)).toBe(28.8e9);
    expect(() => m.predict(tr.X)).toThrowError(/not fitted/);
  });

  it('erf matches Python’s math.erf to a few ulps, through the series and the continued fraction', () => {
    // Values printed by Python 3's math.erf.
    const ref: [number, number][] = [
      [1e-300, 1.1283791670955126e-300],
      [1e-8, 1.1283791670955126e-8],
      [0.1, 0.1124629160182849],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [2, 0.9953222650189527],
      [2.9, 0.9999589021219005],
      [3.1, 0.9999883513426328],
      [3.5, 0.9999992569016276],
      [4.5, 0.9999999998033839],
      [5.9, 0.9999999999999999],
      [-0.7, -0.6778011938374184],
      [-3.3, -0.9999969422902035],
    ];
    for (const [x, v] of ref)
      expect(Math.abs(erf(x) - v)).toBeLessThanOrEqual(4 * Math.abs(v) * 2 ** -52);
    // The probit–logistic approximation: 0.5 at mean 0, monotone, symmetric.
    expect(laplaceProbability(0, 1)).toBeCloseTo(0.5, 6);
    expect(laplaceProbability(1, 1)).toBeGreaterThan(laplaceProbability(0.5, 1));
    expect(laplaceProbability(2, 0.5) + laplaceProbability(-2, 0.5)).toBeCloseTo(1, 6);
  });

  it("the WASM exact distance kernel gives the TypeScript loop's bits (even and odd d, ragged blocks)", async () => {
    const g = await goldenData();
    expect(linearWasm()?.exports.sqdist_exact_f64).toBeTypeOf('function');
    for (const d of [784, 783]) {
      const A = new Float32Array(70 * d);
      const B = new Float32Array(67 * d);
      for (let i = 0; i < 70; i++) A.set(g.X.data.subarray(i * 784, i * 784 + d), i * d);
      for (let i = 0; i < 67; i++) B.set(g.Xt.data.subarray(i * 784, i * 784 + d), i * d);
      for (const other of [B, null]) {
        const n = other ? 67 : 70;
        const runs = [true, false].map((wasm) => {
          const out: number[] = [];
          forEachDistanceBlock(
            A,
            70,
            other,
            n,
            d,
            (_i0, _r, _j0, block) => out.push(...block),
            wasm,
          );
          return Float64Array.from(out);
        });
        expect(Buffer.from(runs[0].buffer).equals(Buffer.from(runs[1].buffer))).toBe(true);
        // Against itself, each block of 64 rows starts at its own first row (the upper part).
        expect(runs[0].length).toBe(other ? 70 * 67 : 64 * 70 + 6 * 6);
      }
    }
  });

  it('the factor by components equals the dense Cholesky of B, and near-duplicates share a component', () => {
    // Six points on a line, two of them a near-duplicate pair far from the rest, one length scale:
    // K has non-negligible entries within {0, 1, 2} and {4, 5} only.
    const xs = [0, 0.7, 1.5, 40, 80, 80.01];
    const m = xs.length;
    const K = new Float64Array(m * m);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) K[i * m + j] = Math.exp(-0.5 * (xs[i] - xs[j]) ** 2);
    const { comps, sparse } = kernelStructure(K, m);
    expect(Array.from(comps.start)).toEqual([0, 3, 4, 6]);
    expect(Array.from(comps.members)).toEqual([0, 1, 2, 3, 4, 5]);
    // The sparse rows: 3 entries in each of rows 0–2 (K_02 = e^−1.125 is not negligible), 1, 2, 2.
    expect(Array.from(sparse.rowStart)).toEqual([0, 3, 6, 9, 10, 12, 14]);
    expect(Array.from(sparse.cols.subarray(9))).toEqual([3, 4, 5, 4, 5]);
    const wsr = Float64Array.from([0.3, 0.5, 0.2, 0.4, 0.45, 0.1]);
    const f = LaplaceFactor.of(K, m, wsr, comps, new Dense(null));
    const B = new Float64Array(m * m);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) B[i * m + j] = (i === j ? 1 : 0) + wsr[i] * K[i * m + j] * wsr[j];
    const L = B.slice();
    expect(cholesky(L, m, 0, 0)).toBe(-1);
    let logDet = 0;
    for (let i = 0; i < m; i++) logDet += Math.log(L[i * m + i]);
    expect(f.logDiagSum(m)).toBeCloseTo(logDet, 14);
    const v = Float64Array.from([1, -2, 0.5, 3, -1, 2]);
    const x = v.slice();
    f.solve(x);
    for (let i = 0; i < m; i++) {
      let r = 0;
      for (let j = 0; j < m; j++) r += B[i * m + j] * x[j];
      expect(r).toBeCloseTo(v[i], 12);
    }
  });
});
