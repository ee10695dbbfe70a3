// Goldens: scripts/golden/sgd.py (sklearn Perceptron, 0.19 semantics, on the golden subset).
// With sklearn's seeds the updates are sklearn's, so predictions match for the same random_state.
import { describe, expect, it } from 'vitest';
import { Perceptron } from '../../src/linear-model/perceptron.js';
import { blobs, checkEstimator } from '../helpers/check-estimator.js';
import { agreement } from '../helpers/golden-data.js';
import { sgdCases, sgdData } from './sgd-golden.js';

describe('Perceptron', () => {
  checkEstimator((o) => new Perceptron(o), {
    badOption: { eta0: -1 },
    fromJSON: (j) => Perceptron.fromJSON(j),
  });

  for (const c of sgdCases('Perceptron')) {
    it(`matches sklearn ${JSON.stringify(c.params)}`, async () => {
      const { X, y, Xt, yt } = await sgdData(c.train_rows);
      const m = new Perceptron({ ...c.params, randomState: 0 }).fit(X, y);
      expect(agreement(m.predict(Xt), c.predict)).toBeGreaterThanOrEqual(0.99);
      expect(Math.abs(m.score(Xt, yt) - c.accuracy)).toBeLessThanOrEqual(0.01);
    });
  }

  it('separates linearly separable data perfectly (the perceptron convergence theorem)', () => {
    for (const seed of [1, 2, 3]) {
      const { X, y } = blobs(150, 8, seed);
      const m = new Perceptron({ tol: null, maxIter: 50, randomState: seed }).fit(X, y);
      expect(m.score(X, y)).toBe(1);
    }
  });

  it('the decision function argmax is the prediction', () => {
    const { X, y } = blobs();
    const m = new Perceptron({ penalty: 'l2' }).fit(X, y);
    const s = m.decisionFunction(X);
    const pred = m.predict(X);
    for (let i = 0; i < 90; i++) {
      const row = Array.from(s.data.subarray(i * 3, i * 3 + 3));
      expect(m.classes_[row.indexOf(Math.max(...row))]).toBe(pred[i]);
    }
  });
});
