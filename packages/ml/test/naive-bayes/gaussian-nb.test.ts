// Goldens: scripts/golden/naive_bayes.py (sklearn GaussianNB on the golden subset).
import { describe, expect, it } from 'vitest';
import { GaussianNB, gaussianJll } from '../../src/naive-bayes/gaussian-nb.js';
import { linearWasm } from '../../src/linear-model/linear-wasm.js';
import { checkEstimator } from '../helpers/check-estimator.js';
import { agreement, goldenCases, goldenData } from '../helpers/golden-data.js';

describe('GaussianNB', () => {
  checkEstimator((o) => new GaussianNB(o), {
    badOption: { varSmoothing: -1 },
    fromJSON: (j) => GaussianNB.fromJSON(j),
  });

  for (const c of goldenCases('naive-bayes')) {
    it(`matches sklearn ${JSON.stringify(c.params)}`, async () => {
      const { X, y, Xt, yt } = await goldenData();
      const m = new GaussianNB(c.params).fit(X, y);
      const pred = m.predict(Xt);
      expect(agreement(pred, c.predict)).toBeGreaterThanOrEqual(0.999);
      expect(Math.abs(m.score(Xt, yt) - c.accuracy)).toBeLessThanOrEqual(0.001);
      const proba = m.predictProba({ data: Xt.data.subarray(0, 5 * 784), shape: [5, 784] });
      const head = (c.proba_head as number[][]).flat();
      for (let i = 0; i < head.length; i++) expect(proba.data[i]).toBeCloseTo(head[i], 3);
    });
  }

  it('probabilities sum to 1 and the argmax is the prediction', async () => {
    const { X, y, Xt } = await goldenData();
    const m = new GaussianNB().fit(X, y);
    const p = m.predictProba(Xt);
    const pred = m.predict(Xt);
    for (let i = 0; i < 1000; i++) {
      const row = Array.from(p.data.subarray(i * 10, i * 10 + 10));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      expect(row.indexOf(Math.max(...row))).toBe(pred[i]);
    }
  });

  it('rejects priors of the wrong length or sum', () => {
    const X = { data: new Float32Array([0, 1, 2, 3]), shape: [4, 1] as const };
    expect(() => new GaussianNB({ priors: [1] }).fit(X, [0, 0, 1, 1])).toThrowError(
      /priors has 1 values but y has 2 classes/,
    );
    expect(() => new GaussianNB({ priors: [0.3, 0.3] }).fit(X, [0, 0, 1, 1])).toThrowError(
      /sum to 1/,
    );
  });

  it("the WASM log-likelihood kernel gives the TypeScript loop's bits (even and odd d)", async () => {
    const { X, y, Xt } = await goldenData();
    const m = new GaussianNB().fit(X, y);
    expect(linearWasm()?.exports.gnb_jll_f32_f64).toBeTypeOf('function'); // both paths really run
    const inv = m.var_.map((v) => 1 / v);
    const base = Float64Array.from({ length: 10 }, (_, c) => -c);
    const wasm = gaussianJll(Xt, m.theta_, inv, base);
    const js = gaussianJll(Xt, m.theta_, inv, base, false);
    expect(Buffer.from(wasm.data.buffer).equals(Buffer.from(js.data.buffer))).toBe(true);
    // d = 783 (odd): the last feature goes to the even accumulator on both paths.
    const d = 783;
    const rows = 50;
    const x = new Float32Array(rows * d);
    for (let i = 0; i < rows; i++) x.set(Xt.data.subarray(i * 784, i * 784 + d), i * d);
    const th = new Float64Array(10 * d);
    const iv = new Float64Array(10 * d);
    for (let c = 0; c < 10; c++) {
      th.set(m.theta_.subarray(c * 784, c * 784 + d), c * d);
      iv.set(inv.subarray(c * 784, c * 784 + d), c * d);
    }
    const a = gaussianJll({ data: x, shape: [rows, d] }, th, iv, base);
    const b = gaussianJll({ data: x, shape: [rows, d] }, th, iv, base, false);
    expect(Buffer.from(a.data.buffer).equals(Buffer.from(b.data.buffer))).toBe(true);
  });
});
