// Goldens: scripts/golden/knn.py (sklearn KNeighborsClassifier, algorithm='brute', on the golden
// subset: k ∈ {1, 5, 9} × weights ∈ {uniform, distance} × p ∈ {1, 2}).
import { describe, expect, it } from 'vitest';
import { KNeighborsClassifier } from '../../src/neighbors/k-neighbors-classifier.js';
import { fromSklearnParams } from '../../src/sklearn/from-sklearn-params.js';
import { checkEstimator } from '../helpers/check-estimator.js';
import { agreement, goldenCases, goldenData } from '../helpers/golden-data.js';

describe('KNeighborsClassifier', () => {
  checkEstimator((o) => new KNeighborsClassifier(o), {
    badOption: { p: 0.5 },
    fromJSON: (j) => KNeighborsClassifier.fromJSON(j),
  });

  for (const c of goldenCases('knn')) {
    it(`matches sklearn ${JSON.stringify(c.params)}`, async () => {
      const { X, y, Xt, yt } = await goldenData();
      const m = new KNeighborsClassifier(c.params).fit(X, y);
      expect(agreement(m.predict(Xt), c.predict)).toBeGreaterThanOrEqual(0.999);
      expect(Math.abs(m.score(Xt, yt) - c.accuracy)).toBeLessThanOrEqual(0.001);
      const head = { data: Xt.data.subarray(0, 5 * 784), shape: [5, 784] as const };
      const nb = m.kneighbors(head);
      // float32 vs sklearn's float64: neighbour lists agree; distances to 1e-4 relative
      expect(Array.from(nb.indices)).toEqual((c.kneighbors_head as number[][]).flat());
      const dist = (c.distances_head as number[][]).flat();
      dist.forEach((v, i) => expect(Math.abs(nb.distances[i] - v)).toBeLessThan(1e-4 * v + 1e-3));
      const proba = m.predictProba(head);
      (c.proba_head as number[][])
        .flat()
        .forEach((v, i) => expect(proba.data[i]).toBeCloseTo(v, 4));
    });
  }

  it('1-NN is perfect on distinct training rows, and each row is its own neighbour', async () => {
    const { X, y } = await goldenData();
    const sub = { data: X.data.subarray(0, 2000 * 784), shape: [2000, 784] as const };
    const m = new KNeighborsClassifier({ nNeighbors: 1 }).fit(sub, y.subarray(0, 2000));
    expect(m.score(sub, y.subarray(0, 2000))).toBe(1);
    const nb = m.kneighbors(sub);
    expect(Array.from(nb.indices)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    expect(nb.distances.every((v) => v === 0)).toBe(true);
  });

  it('predictProba rows sum to 1 and argmax (first max) is the prediction', async () => {
    const { X, y } = await goldenData();
    const Xt = {
      data: (await goldenData()).Xt.data.subarray(0, 300 * 784),
      shape: [300, 784] as const,
    };
    for (const weights of ['uniform', 'distance'] as const) {
      const m = new KNeighborsClassifier({ nNeighbors: 6, weights }).fit(X, y);
      const p = m.predictProba(Xt);
      const pred = m.predict(Xt);
      for (let i = 0; i < 300; i++) {
        const row = Array.from(p.data.subarray(i * 10, i * 10 + 10));
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        expect(row.indexOf(Math.max(...row))).toBe(pred[i]);
      }
    }
  });

  it('one search at k = 9 gives the predictions of every smaller k and weighting', async () => {
    const { X, y } = await goldenData();
    const Xt = {
      data: (await goldenData()).Xt.data.subarray(0, 300 * 784),
      shape: [300, 784] as const,
    };
    const big = new KNeighborsClassifier({ nNeighbors: 9 }).fit(X, y);
    const nb = big.kneighbors(Xt);
    for (const k of [1, 5, 9]) {
      for (const weights of ['uniform', 'distance'] as const) {
        const direct = new KNeighborsClassifier({ nNeighbors: k, weights }).fit(X, y).predict(Xt);
        expect(big.predictFromNeighbors(nb, k, weights)).toEqual(direct);
      }
    }
  });

  it('votes: ties go to the smallest class; an exact match takes the whole distance vote', () => {
    const X = { data: new Float32Array([0, 1, 3, 4]), shape: [4, 1] as const };
    const y = [7, 3, 7, 3];
    // uniform k=2 at 2: neighbours 1 (class 3) and 3 (class 7): tie → class 3 (the smaller)
    const u = new KNeighborsClassifier({ nNeighbors: 2 }).fit(X, y);
    expect(Array.from(u.predict({ data: new Float32Array([2]), shape: [1, 1] }))).toEqual([3]);
    // distance k=3 at 3: the exact match (class 7) wins although class 3 has two neighbours
    const d = new KNeighborsClassifier({ nNeighbors: 3, weights: 'distance' }).fit(X, y);
    const q = { data: new Float32Array([3]), shape: [1, 1] as const };
    expect(Array.from(d.predictProba(q).data)).toEqual([0, 1]);
    expect(Array.from(d.predict(q))).toEqual([7]);
  });

  it('general Minkowski p and thread counts give the same neighbours as p = 2 / one thread', async () => {
    const { X, y, Xt } = await goldenData();
    const q = { data: Xt.data.subarray(0, 40 * 784), shape: [40, 784] as const };
    const sub = { data: X.data.subarray(0, 1000 * 784), shape: [1000, 784] as const };
    const ys = y.subarray(0, 1000);
    const p3 = new KNeighborsClassifier({ p: 3 }).fit(sub, ys).kneighbors(q);
    const p2 = new KNeighborsClassifier({ p: 2 }).fit(sub, ys).kneighbors(q);
    // ‖v‖₃ ≤ ‖v‖₂ for every v, so rank by rank the p=3 neighbour distances are not larger
    expect(p3.distances.every((v, i) => v <= p2.distances[i] * (1 + 1e-9))).toBe(true);
    let best = Infinity;
    for (let j = 0; j < 1000; j++) {
      let s = 0;
      for (let t = 0; t < 784; t++) s += Math.abs(q.data[t] - sub.data[j * 784 + t]) ** 3;
      best = Math.min(best, Math.cbrt(s));
    }
    expect(p3.distances[0]).toBeCloseTo(best, 9);
    const one = new KNeighborsClassifier({ nJobs: 1 }).fit(X, y).kneighbors(q);
    const two = new KNeighborsClassifier({ nJobs: 2 }).fit(X, y).kneighbors(q);
    expect(two.indices).toEqual(one.indices);
    expect(two.distances).toEqual(one.distances);
  });

  it('rejects k above the training size, unknown metrics, and maps from sklearn params', () => {
    const X = { data: new Float32Array([0, 1, 2]), shape: [3, 1] as const };
    expect(() => new KNeighborsClassifier().fit(X, [0, 1, 0]).predict(X)).toThrowError(
      /nNeighbors <= nSamplesFit/,
    );
    expect(() =>
      new KNeighborsClassifier({ metric: 'cosine' as 'minkowski' }).fit(X, [0, 1, 0]),
    ).toThrowError(/metric/);
    const m = fromSklearnParams('KNeighborsClassifier', {
      n_neighbors: 9,
      weights: 'distance',
      p: 1,
    });
    expect(m).toBeInstanceOf(KNeighborsClassifier);
    expect(m.getParams()).toMatchObject({ nNeighbors: 9, weights: 'distance', p: 1 });
  });
});
