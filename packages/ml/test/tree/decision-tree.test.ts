// Goldens: scripts/golden/trees.py (sklearn's DecisionTreeClassifier and ExtraTreeClassifier on
// the golden subset). Trees grown with every feature and the best splitter are compared
// prediction by prediction; random ones by their accuracy over 5 seeds.
import { afterEach, describe, expect, it } from 'vitest';
import { linearWasm } from '../../src/linear-model/linear-wasm.js';
import { fromSklearnParams } from '../../src/sklearn/from-sklearn-params.js';
import { binMatrix } from '../../src/tree/binning.js';
import { buildTree, useTreeWasm, type TreeConfig } from '../../src/tree/classification-grower.js';
import {
  DecisionTreeClassifier,
  ExtraTreeClassifier,
} from '../../src/tree/decision-tree-classifier.js';
import type { Tree } from '../../src/tree/tree.js';
import { blobs, checkEstimator } from '../helpers/check-estimator.js';
import { agreement, goldenCases, goldenData } from '../helpers/golden-data.js';
import { expectWasmEqualsTs } from './same-tree.js';

const snake = (o: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()), v]),
  );

/** A seeded integer-valued problem with many ties (n×d, k classes). */
function ties(n: number, d: number, k: number, seed: number) {
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const y = Int32Array.from({ length: n }, () => Math.floor(rand() * k));
  const X = Float32Array.from({ length: n * d }, (_, i) =>
    Math.floor(rand() * 6 + (y[Math.floor(i / d)] * (i % d)) / d),
  );
  return { X: { data: X, shape: [n, d] as [number, number] }, y };
}

function impurityOf(counts: number[], criterion: 'gini' | 'entropy'): number {
  const w = counts.reduce((a, b) => a + b, 0);
  let s = 0;
  for (const c of counts) {
    if (c === 0) continue;
    const p = c / w;
    s += criterion === 'gini' ? p * p : -p * Math.log2(p);
  }
  return criterion === 'gini' ? 1 - s : s;
}

/** The best weighted impurity decrease of a root split, by trying every midpoint of every feature. */
function bruteForceRoot(
  X: Float32Array,
  y: Int32Array,
  n: number,
  d: number,
  k: number,
  criterion: 'gini' | 'entropy',
  minLeaf: number,
): number {
  const all = new Array(k).fill(0);
  for (const c of y) all[c]++;
  let best = -Infinity;
  for (let f = 0; f < d; f++) {
    const vals = [...new Set(Array.from({ length: n }, (_, i) => X[i * d + f]))].sort(
      (a, b) => a - b,
    );
    for (let v = 0; v + 1 < vals.length; v++) {
      const left = new Array(k).fill(0);
      let nl = 0;
      for (let i = 0; i < n; i++) {
        if (X[i * d + f] <= vals[v]) {
          left[y[i]]++;
          nl++;
        }
      }
      if (nl < minLeaf || n - nl < minLeaf) continue;
      const right = all.map((c, j) => c - left[j]);
      const dec =
        n * impurityOf(all, criterion) -
        nl * impurityOf(left, criterion) -
        (n - nl) * impurityOf(right, criterion);
      best = Math.max(best, dec);
    }
  }
  return best;
}

/** The weighted impurity decrease the tree's root achieves. */
function rootDecrease(t: Tree): number {
  const w = (node: number) =>
    t.value.subarray(node * t.nClasses, (node + 1) * t.nClasses).reduce((a, b) => a + b, 0);
  const l = t.left[0];
  const r = t.right[0];
  return w(0) * t.impurity[0] - w(l) * t.impurity[l] - w(r) * t.impurity[r];
}

describe('DecisionTreeClassifier', () => {
  afterEach(() => useTreeWasm(true));

  checkEstimator((o) => new DecisionTreeClassifier(o), {
    badOption: { criterion: 'mse' },
    fromJSON: (j) => DecisionTreeClassifier.fromJSON(j),
  });

  for (const c of goldenCases('trees').filter((g) => g.predict)) {
    it(`matches sklearn prediction by prediction: ${JSON.stringify(c.params)}`, async () => {
      const { X, y, Xt, yt } = await goldenData();
      const m = fromSklearnParams('DecisionTreeClassifier', {
        ...snake(c.params),
        random_state: 0,
      });
      m.fit(X, y);
      const t = (m as DecisionTreeClassifier).tree_;
      const root = c.root as { feature: number; threshold: number; impurity: number };
      // The root split is unique here: same feature, same midpoint, same impurity as sklearn's.
      expect(t.feature[0]).toBe(root.feature);
      expect(t.threshold[0]).toBeCloseTo(root.threshold, 5);
      expect(t.impurity[0]).toBeCloseTo(root.impurity, 12);
      expect(agreement(m.predict(Xt), c.predict)).toBeGreaterThanOrEqual(0.85);
      expect(Math.abs(m.score(Xt, yt) - c.accuracy)).toBeLessThanOrEqual(0.012);
      expect(m.score(X, y)).toBeCloseTo(c.train_accuracy as number, 2);
      // Depth 10 is reached either way; a fully grown tree's depth depends on how ties fell.
      const depth = (m as DecisionTreeClassifier).getDepth();
      expect(Math.abs(depth - (c.depth as number))).toBeLessThanOrEqual(c.depth === 10 ? 0 : 3);
    });
  }

  for (const c of goldenCases('trees').filter(
    (g) => !g.predict && g.family !== 'RandomForestClassifier',
  )) {
    it(`matches sklearn's mean accuracy over 5 seeds: ${c.family} ${JSON.stringify(c.params)}`, async () => {
      const { X, y, Xt, yt } = await goldenData();
      let sum = 0;
      for (let s = 0; s < 5; s++) {
        sum += fromSklearnParams(c.family as string, { ...snake(c.params), random_state: s })
          .fit(X, y)
          .score(Xt, yt);
      }
      // Two means of 5 trees, each tree's accuracy spread ±0.012 here: 0.03 is about 4σ.
      expect(Math.abs(sum / 5 - (c.accuracy_mean as number))).toBeLessThanOrEqual(0.03);
    });
  }

  for (const criterion of ['gini', 'entropy'] as const) {
    for (const minLeaf of [1, 7]) {
      it(`the root split is the best of every midpoint (${criterion}, minSamplesLeaf ${minLeaf})`, () => {
        for (const seed of [1, 2, 3]) {
          const { X, y } = ties(120, 5, 3, seed);
          const m = new DecisionTreeClassifier({
            criterion,
            minSamplesLeaf: minLeaf,
            maxDepth: 1,
          }).fit(X, y);
          const best = bruteForceRoot(X.data, y, 120, 5, 3, criterion, minLeaf);
          expect(rootDecrease(m.tree_)).toBeCloseTo(best, 10);
          // The threshold is the midpoint of two adjacent values of the root's feature.
          const f = m.tree_.feature[0];
          const thr = m.tree_.threshold[0];
          const vals = [...new Set(Array.from({ length: 120 }, (_, i) => X.data[i * 5 + f]))].sort(
            (a, b) => a - b,
          );
          const below = vals.filter((v) => v <= thr);
          expect(thr).toBe((below[below.length - 1] + vals[below.length]) / 2);
        }
      });
    }
  }

  it('features with more than 256 values (two-byte codes, the TypeScript search) split exactly too', () => {
    const n = 400;
    const d = 3;
    let seed = 11;
    const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
    const y = Int32Array.from({ length: n }, () => Math.floor(rand() * 3));
    const X = Float32Array.from({ length: n * d }, (_, i) => rand() + y[Math.floor(i / d)] * 0.3);
    for (const criterion of ['gini', 'entropy'] as const) {
      const m = new DecisionTreeClassifier({ criterion, maxDepth: 1 }).fit(
        { data: X, shape: [n, d] },
        y,
      );
      expect(rootDecrease(m.tree_)).toBeCloseTo(bruteForceRoot(X, y, n, d, 3, criterion, 1), 9);
    }
    const full = new DecisionTreeClassifier().fit({ data: X, shape: [n, d] }, y);
    expect(full.score({ data: X, shape: [n, d] }, y)).toBe(1);
  });

  it('structure: counts add up, limits hold, a fully grown tree fits distinct rows exactly', () => {
    const { X, y } = ties(400, 6, 4, 9);
    for (const o of [
      {},
      { maxDepth: 3 },
      { minSamplesLeaf: 5 },
      { minSamplesSplit: 40 },
      { splitter: 'random' as const },
    ]) {
      const m = new DecisionTreeClassifier(o).fit(X, y);
      const t = m.tree_;
      for (let i = 0; i < t.nodeCount; i++) {
        if (t.left[i] < 0) {
          expect(t.nodeSamples[i]).toBeGreaterThanOrEqual(o.minSamplesLeaf ?? 1);
          continue;
        }
        expect(t.nodeSamples[t.left[i]] + t.nodeSamples[t.right[i]]).toBe(t.nodeSamples[i]);
        expect(t.nodeSamples[i]).toBeGreaterThanOrEqual(o.minSamplesSplit ?? 2);
        for (let c = 0; c < 4; c++) {
          expect(t.value[t.left[i] * 4 + c] + t.value[t.right[i] * 4 + c]).toBe(t.value[i * 4 + c]);
        }
      }
      expect(m.getDepth()).toBeLessThanOrEqual(o.maxDepth ?? Infinity);
      const p = m.predictProba(X);
      for (let i = 0; i < 400; i++) {
        expect(p.data.subarray(i * 4, i * 4 + 4).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      }
    }
    // Rows with distinct feature vectors: an unlimited tree separates every one.
    const { X: bx, y: by } = blobs(150, 6, 3);
    expect(new DecisionTreeClassifier().fit(bx, by).score(bx, by)).toBe(1);
  });

  it('the WASM split search grows the TypeScript tree bit for bit', async () => {
    expect(linearWasm()).not.toBeNull();
    const { X, y } = await goldenData();
    const sub = { data: X.data.subarray(0, 1500 * 784), shape: [1500, 784] as [number, number] };
    const ys = y.subarray(0, 1500);
    const B = binMatrix(sub);
    const weights = Float64Array.from({ length: 1500 }, (_, i) => (i * 7) % 3); // zeros included
    for (const criterion of ['gini', 'entropy'] as const) {
      for (const splitter of ['best', 'random'] as const) {
        for (const maxFeatures of [784, 28]) {
          for (const w of [null, weights]) {
            const cfg: TreeConfig = {
              criterion,
              splitter,
              maxDepth: 12,
              minSamplesSplit: 2,
              minSamplesLeaf: 2,
              maxFeatures,
              minImpurityDecrease: 0,
              seed: 5,
            };
            expectWasmEqualsTs(() => buildTree(B, ys, 10, w, cfg), 50);
          }
        }
      }
    }
  });

  it('minImpurityDecrease stops splits that gain too little', () => {
    const { X, y } = ties(300, 5, 3, 4);
    const full = new DecisionTreeClassifier().fit(X, y).tree_.nodeCount;
    const pruned = new DecisionTreeClassifier({ minImpurityDecrease: 0.01 }).fit(X, y).tree_
      .nodeCount;
    expect(pruned).toBeLessThan(full);
    expect(pruned).toBeGreaterThan(1);
  });

  it('rejects non-finite X, too many features and bad options with clear errors', () => {
    const X = { data: Float32Array.of(0, 1, NaN, 3), shape: [4, 1] as [number, number] };
    expect(() => new DecisionTreeClassifier().fit(X, [0, 1, 0, 1])).toThrowError(
      /NaN at row 2, column 0/,
    );
    const ok = { data: Float32Array.of(0, 1, 2, 3), shape: [4, 1] as [number, number] };
    expect(() => new DecisionTreeClassifier({ maxFeatures: 2 }).fit(ok, [0, 1, 0, 1])).toThrowError(
      /maxFeatures is 2 but X has only 1/,
    );
    expect(() => new DecisionTreeClassifier({ maxDepth: 0 }).fit(ok, [0, 1, 0, 1])).toThrowError(
      /maxDepth must be null or an integer ≥ 1/,
    );
    expect(() =>
      new DecisionTreeClassifier({ minSamplesLeaf: 0.7 }).fit(ok, [0, 1, 0, 1]),
    ).toThrowError(/minSamplesLeaf/);
  });
});

describe('ExtraTreeClassifier', () => {
  checkEstimator((o) => new ExtraTreeClassifier(o), {
    badOption: { splitter: 'worst' },
    fromJSON: (j) => ExtraTreeClassifier.fromJSON(j),
    minTrainAccuracy: 0.9,
  });

  it("defaults to sklearn's: a random threshold per feature, √d features per split", () => {
    expect(new ExtraTreeClassifier().getParams()).toMatchObject({
      splitter: 'random',
      maxFeatures: 'sqrt',
    });
    const { X, y } = ties(200, 16, 3, 2);
    const a = new ExtraTreeClassifier({ randomState: 1 }).fit(X, y).tree_;
    const b = new ExtraTreeClassifier({ randomState: 2 }).fit(X, y).tree_;
    expect(Array.from(a.threshold)).not.toEqual(Array.from(b.threshold));
  });
});
