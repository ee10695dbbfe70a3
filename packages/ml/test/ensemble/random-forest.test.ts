// Goldens: scripts/golden/trees.py (sklearn's RandomForestClassifier, accuracy over 5 seeds).
import { describe, expect, it } from 'vitest';
import { fromSklearnParams } from '../../src/sklearn/from-sklearn-params.js';
import { RandomForestClassifier } from '../../src/ensemble/random-forest-classifier.js';
import { addTreeProba } from '../../src/tree/tree.js';
import { blobs, checkEstimator } from '../helpers/check-estimator.js';
import { goldenCases, goldenData } from '../helpers/golden-data.js';

const snake = (o: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()), v]),
  );

describe('RandomForestClassifier', () => {
  checkEstimator((o) => new RandomForestClassifier({ nEstimators: 5, ...o }), {
    badOption: { nEstimators: 0 },
    fromJSON: (j) => RandomForestClassifier.fromJSON(j),
  });

  for (const c of goldenCases('trees').filter((g) => g.family === 'RandomForestClassifier')) {
    it(`matches sklearn's mean accuracy over 5 seeds: ${JSON.stringify(c.params)}`, async () => {
      const { X, y, Xt, yt } = await goldenData();
      let sum = 0;
      for (let s = 0; s < 5; s++) {
        sum += fromSklearnParams('RandomForestClassifier', { ...snake(c.params), random_state: s })
          .fit(X, y)
          .score(Xt, yt);
      }
      // Forest accuracies spread less than single trees' (±0.004–0.01 here).
      expect(Math.abs(sum / 5 - (c.accuracy_mean as number))).toBeLessThanOrEqual(0.015);
    });
  }

  it('0.19 grew 10 trees by default; today 100', () => {
    expect(fromSklearnParams('RandomForestClassifier', {}).getParams()).toMatchObject({
      nEstimators: 10,
      maxFeatures: 'sqrt',
      bootstrap: true,
    });
    expect(new RandomForestClassifier().getParams().nEstimators).toBe(100);
  });

  it('predictProba is the mean of the trees’ leaf shares; bootstrap draws rows with replacement', () => {
    const { X, y } = blobs(200, 8, 5);
    const m = new RandomForestClassifier({ nEstimators: 7, randomState: 3 }).fit(X, y);
    expect(m.trees_).toHaveLength(7);
    const mean = new Float64Array(200 * 3);
    for (const t of m.trees_) addTreeProba(t, X, mean, 1 / 7);
    const p = m.predictProba(X).data;
    for (let i = 0; i < p.length; i++) expect(p[i]).toBeCloseTo(mean[i], 12);
    for (const t of m.trees_) {
      // The root holds the distinct drawn rows (~63 % of 200), weighted up to 200 draws.
      expect(t.nodeSamples[0]).toBeLessThan(160);
      expect(t.nodeSamples[0]).toBeGreaterThan(90);
      expect(t.value.subarray(0, 3).reduce((a, b) => a + b, 0)).toBe(200);
    }
    const all = new RandomForestClassifier({ nEstimators: 3, bootstrap: false }).fit(X, y);
    for (const t of all.trees_) expect(t.nodeSamples[0]).toBe(200);
    const seeds = new Set(m.trees_.map((t) => Array.from(t.feature).join()));
    expect(seeds.size).toBe(7); // every tree drew its own rows and features
  });

  it('more trees do not hurt on the golden subset', async () => {
    const { X, y, Xt, yt } = await goldenData();
    const small = new RandomForestClassifier({ nEstimators: 3, randomState: 1, maxDepth: 12 });
    const big = new RandomForestClassifier({ nEstimators: 30, randomState: 1, maxDepth: 12 });
    expect(big.fit(X, y).score(Xt, yt)).toBeGreaterThan(small.fit(X, y).score(Xt, yt));
  });
});
