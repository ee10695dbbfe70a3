// Goldens: scripts/golden/sgd.py (sklearn PassiveAggressiveClassifier, 0.19 semantics, on the
// golden subset). With sklearn's seeds the PA steps are sklearn's, so predictions match.
import { describe, expect, it } from 'vitest';
import { PassiveAggressiveClassifier } from '../../src/linear-model/passive-aggressive-classifier.js';
import { checkEstimator } from '../helpers/check-estimator.js';
import { agreement } from '../helpers/golden-data.js';
import { sgdCases, sgdData } from './sgd-golden.js';

describe('PassiveAggressiveClassifier', () => {
  checkEstimator((o) => new PassiveAggressiveClassifier(o), {
    badOption: { C: 0 },
    fromJSON: (j) => PassiveAggressiveClassifier.fromJSON(j),
  });

  for (const c of sgdCases('PassiveAggressiveClassifier')) {
    it(`matches sklearn ${JSON.stringify(c.params)}`, async () => {
      const { X, y, Xt, yt } = await sgdData(c.train_rows);
      const m = new PassiveAggressiveClassifier({ ...c.params, randomState: 0 }).fit(X, y);
      expect(agreement(m.predict(Xt), c.predict)).toBeGreaterThanOrEqual(0.99);
      expect(Math.abs(m.score(Xt, yt) - c.accuracy)).toBeLessThanOrEqual(0.01);
    });
  }

  it('PA-I moves just enough to reach margin 1, capped by C; PA-II shrinks the step by 1/(2C)', () => {
    // Orthogonal rows, so each step leaves the other row's score alone.
    const X = { data: new Float32Array([1, 0, 0, 2]), shape: [2, 2] as const };
    const y = [1, 0];
    const opts = { fitIntercept: false, shuffle: false, maxIter: 1, tol: null };
    // Row 0 is the positive class (classes_[1] = 1), row 1 the negative one.
    const pa1 = new PassiveAggressiveClassifier({ ...opts, C: 100 }).fit(X, y);
    expect(Array.from(pa1.coef_)).toEqual([1, -0.5]);
    expect(Array.from(pa1.decisionFunction(X).data)).toEqual([1, -1]);
    const capped = new PassiveAggressiveClassifier({ ...opts, C: 0.1 }).fit(X, y);
    expect(Array.from(capped.coef_)).toEqual([0.1, -0.2]);
    const pa2 = new PassiveAggressiveClassifier({ ...opts, C: 1, loss: 'squared_hinge' }).fit(X, y);
    expect(pa2.coef_[0]).toBeCloseTo(1 / (1 + 0.5), 12);
    expect(pa2.coef_[1]).toBeCloseTo((-1 / (4 + 0.5)) * 2, 12);
  });
});
