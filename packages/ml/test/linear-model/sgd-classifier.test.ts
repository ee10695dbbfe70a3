// Goldens: scripts/golden/sgd.py (sklearn SGDClassifier, 0.19 semantics, on the golden subset).
// fmnist derives sklearn's shuffle seeds, so the discrete-update losses reproduce sklearn's
// predictions for the same random_state; the smooth losses are compared on mean accuracy over
// seeds (sklearn's own runs diverge under float32 rounding of X: see the script's header).
import { describe, expect, it } from 'vitest';
import { ParameterError } from '../../src/base/errors.js';
import { SGDClassifier } from '../../src/linear-model/sgd-classifier.js';
import { blobs, checkEstimator } from '../helpers/check-estimator.js';
import { agreement } from '../helpers/golden-data.js';
import { isExactCase, sgdCases, sgdData } from './sgd-golden.js';

describe('SGDClassifier', () => {
  checkEstimator((o) => new SGDClassifier({ loss: 'log_loss', ...o }), {
    badOption: { penalty: 'l3' },
    fromJSON: (j) => SGDClassifier.fromJSON(j),
  });

  for (const c of sgdCases('SGDClassifier')) {
    it(`matches sklearn ${JSON.stringify(c.params)}`, async () => {
      const { X, y, Xt, yt } = await sgdData(c.train_rows);
      const m = new SGDClassifier({ ...c.params, randomState: 0 }).fit(X, y);
      expect(m.nIter_).toBe(5);
      const pred = m.predict(Xt);
      if (isExactCase(c)) {
        expect(agreement(pred, c.predict)).toBeGreaterThanOrEqual(0.99);
        expect(Math.abs(m.score(Xt, yt) - c.accuracy)).toBeLessThanOrEqual(0.01);
      } else {
        expect(agreement(pred, c.predict)).toBeGreaterThanOrEqual(0.85);
        const seeds = [0, 1, 2, 3];
        const ours = seeds.map((s) =>
          s === 0
            ? m.score(Xt, yt)
            : new SGDClassifier({ ...c.params, randomState: s }).fit(X, y).score(Xt, yt),
        );
        const mean = (a: number[]) => a.reduce((p, q) => p + q, 0) / a.length;
        expect(
          Math.abs(mean(ours) - mean(seeds.map((s) => c.accuracy_seeds[s]))),
        ).toBeLessThanOrEqual(0.01);
      }
    });
  }

  it("accepts 0.19's loss name 'log' for 'log_loss'", async () => {
    const { X, y, Xt } = await sgdData(500);
    const a = new SGDClassifier({ loss: 'log', maxIter: 2, tol: null }).fit(X, y);
    const b = new SGDClassifier({ loss: 'log_loss', maxIter: 2, tol: null }).fit(X, y);
    expect(Array.from(a.decisionFunction(Xt).data)).toEqual(
      Array.from(b.decisionFunction(Xt).data),
    );
  });

  it('probabilities sum to 1 and their argmax, like the decision function, is the prediction', async () => {
    const { X, y, Xt } = await sgdData(1000);
    for (const loss of ['log_loss', 'modified_huber'] as const) {
      const m = new SGDClassifier({ loss, maxIter: 5, tol: null }).fit(X, y);
      const p = m.predictProba(Xt);
      const s = m.decisionFunction(Xt);
      const pred = m.predict(Xt);
      expect(p.shape).toEqual([1000, 10]);
      for (let i = 0; i < 1000; i++) {
        const row = Array.from(p.data.subarray(i * 10, i * 10 + 10));
        const sc = Array.from(s.data.subarray(i * 10, i * 10 + 10));
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
        expect(m.classes_[sc.indexOf(Math.max(...sc))]).toBe(pred[i]);
        // Saturated logistics can tie at 1: the predicted class then holds one of the maxima.
        if (loss === 'log_loss') expect(row[m.classes_.indexOf(pred[i])]).toBe(Math.max(...row));
      }
    }
    expect(() => new SGDClassifier().fit(X, y).predictProba(Xt)).toThrowError(
      /not available for loss 'hinge'/,
    );
  });

  it('two classes: one hyperplane for classes_[1], probabilities in two columns', () => {
    const { X, y } = blobs(60, 4, 3);
    const keep = Array.from(y.keys()).filter((i) => y[i] !== 2);
    const Xb = {
      data: Float32Array.from(keep.flatMap((i) => Array.from(X.data.subarray(i * 4, i * 4 + 4)))),
      shape: [keep.length, 4] as const,
    };
    const yb = Int32Array.from(keep, (i) => (y[i] === 0 ? 3 : 8));
    const m = new SGDClassifier({ loss: 'log_loss' }).fit(Xb, yb);
    expect(m.coef_.length).toBe(4);
    expect(m.intercept_.length).toBe(1);
    const s = m.decisionFunction(Xb);
    expect(s.shape).toEqual([keep.length, 1]);
    const p = m.predictProba(Xb);
    const pred = m.predict(Xb);
    for (let i = 0; i < keep.length; i++) {
      expect(pred[i]).toBe(s.data[i] > 0 ? 8 : 3);
      expect(p.data[2 * i + 1]).toBeCloseTo(1 / (1 + Math.exp(-s.data[i])), 12);
    }
    expect(m.score(Xb, yb)).toBe(1);
  });

  it('threads change nothing: nJobs 2 gives the weights of nJobs 1', async () => {
    const { X, y } = await sgdData(2000); // 2000·784·10·5 is enough work to start workers
    const a = new SGDClassifier({ maxIter: 5, tol: null, nJobs: 1 }).fit(X, y);
    const b = new SGDClassifier({ maxIter: 5, tol: null, nJobs: 2 }).fit(X, y);
    expect(Array.from(b.coef_)).toEqual(Array.from(a.coef_));
    expect(Array.from(b.intercept_)).toEqual(Array.from(a.intercept_));
  });

  it('tol stops early (sklearn nIterNoChange rule); tol null runs every epoch', () => {
    const { X, y } = blobs();
    expect(new SGDClassifier({ maxIter: 1000 }).fit(X, y).nIter_).toBeLessThan(1000);
    expect(new SGDClassifier({ maxIter: 7, tol: null }).fit(X, y).nIter_).toBe(7);
  });

  it('learning rates and penalties: sklearn errors and a sane fit for each', () => {
    const { X, y } = blobs();
    expect(() => new SGDClassifier({ learningRate: 'constant' }).fit(X, y)).toThrowError(
      /eta0 must be > 0/,
    );
    expect(() => new SGDClassifier({ alpha: 0 }).fit(X, y)).toThrowError(ParameterError);
    for (const learningRate of ['constant', 'invscaling', 'adaptive'] as const) {
      for (const penalty of [null, 'l1', 'elasticnet'] as const) {
        const m = new SGDClassifier({ learningRate, eta0: 0.01, penalty }).fit(X, y);
        expect(m.score(X, y)).toBeGreaterThanOrEqual(0.95);
      }
    }
  });

  it('l1 drives useless weights to exactly zero', () => {
    const { X, y } = blobs(90, 6, 7);
    // Append 6 pure-noise columns: the l1 truncation should zero most of their weights.
    const n = 90;
    const data = new Float32Array(n * 12);
    let s = 1;
    for (let i = 0; i < n; i++) {
      data.set(X.data.subarray(i * 6, i * 6 + 6), i * 12);
      for (let j = 6; j < 12; j++)
        data[i * 12 + j] =
          ((s = (Math.imul(s, 48271) >>> 0) % 2147483647) / 2147483647 - 0.5) * 0.1;
    }
    const m = new SGDClassifier({ penalty: 'l1', alpha: 0.01 }).fit({ data, shape: [n, 12] }, y);
    let zeros = 0;
    for (let c = 0; c < 3; c++) for (let j = 6; j < 12; j++) if (m.coef_[c * 12 + j] === 0) zeros++;
    expect(zeros).toBeGreaterThanOrEqual(12);
    expect(m.score({ data, shape: [n, 12] }, y)).toBeGreaterThanOrEqual(0.95);
  });
});
