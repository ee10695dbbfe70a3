// Goldens: scripts/golden/boosting.py (sklearn's GradientBoostingClassifier on the first 2,000 rows
// of the golden subset). sklearn ≥ 0.21 starts the raw scores at log priors where 0.19 (which
// fmnist follows) started at the priors, so the goldens compare predictions, not raw scores.
import { afterEach, describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/base/matrix.js';
import { GradientBoostingClassifier } from '../../src/ensemble/gradient-boosting-classifier.js';
import { isStagedEnsemble } from '../../src/ensemble/staged.js';
import { linearWasm } from '../../src/linear-model/linear-wasm.js';
import { fromSklearnParams } from '../../src/sklearn/from-sklearn-params.js';
import { binMatrix } from '../../src/tree/binning.js';
import { useTreeWasm, type TreeConfig } from '../../src/tree/grower.js';
import {
  buildRegressionTree,
  setHistogramMinRows,
  type RootHistogramCache,
} from '../../src/tree/regression-grower.js';
import { blobs, checkEstimator } from '../helpers/check-estimator.js';
import { agreement, goldenCases, goldenData } from '../helpers/golden-data.js';
import { expectSameTree, expectWasmEqualsTs } from '../tree/same-tree.js';

const ROWS = 2000;

async function data() {
  const { X, y, Xt, yt } = await goldenData();
  return {
    X: { data: X.data.subarray(0, ROWS * 784), shape: [ROWS, 784] } as Matrix,
    y: y.subarray(0, ROWS),
    Xt,
    yt,
  };
}

function rowsOf(X: Matrix, y: Int32Array, keep: (label: number) => boolean) {
  const idx = Array.from(y.keys()).filter((i) => keep(y[i]));
  const d = X.shape[1];
  const out = new Float32Array(idx.length * d);
  idx.forEach((i, j) => out.set(X.data.subarray(i * d, i * d + d), j * d));
  return {
    X: { data: out, shape: [idx.length, d] } as Matrix,
    y: Int32Array.from(idx, (i) => y[i]),
  };
}

const regressionConfig = (maxFeatures: number, maxDepth: number): TreeConfig => ({
  criterion: 'friedman_mse',
  splitter: 'best',
  maxDepth,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxFeatures,
  minImpurityDecrease: 0,
  seed: 9,
});

describe('GradientBoostingClassifier', () => {
  afterEach(() => {
    useTreeWasm(true);
    setHistogramMinRows(256);
  });

  checkEstimator((o) => new GradientBoostingClassifier({ nEstimators: 8, ...o }), {
    badOption: { learningRate: 0 },
    fromJSON: (j) => GradientBoostingClassifier.fromJSON(j),
  });

  for (const c of goldenCases('boosting').filter((g) => g.predict)) {
    it(`matches sklearn: ${JSON.stringify(c.params)}${c.classes ? ' on two classes' : ''}`, async () => {
      let { X, y, Xt, yt } = await data();
      if (c.classes) {
        ({ X, y } = rowsOf(X, y, (l) => l === 0 || l === 6));
        ({ X: Xt, y: yt } = rowsOf(Xt, yt, (l) => l === 0 || l === 6));
      }
      const m = fromSklearnParams('GradientBoostingClassifier', {
        n_estimators: c.params.nEstimators,
        max_depth: c.params.maxDepth,
        random_state: 0,
      }) as GradientBoostingClassifier;
      m.fit(X, y);
      const deep = (c.params.maxDepth as number) > 3;
      // Deep trees on 2,000 rows meet many exactly tied splits (neighbouring pixels that cut the
      // rows the same way), which sklearn and fmnist break differently.
      expect(agreement(m.predict(Xt), c.predict)).toBeGreaterThanOrEqual(deep ? 0.8 : 0.93);
      expect(Math.abs(m.score(Xt, yt) - c.accuracy)).toBeLessThanOrEqual(deep ? 0.03 : 0.01);
      if (c.staged) {
        const stages = Object.keys(c.staged as object).map(Number);
        const staged = m.stagedPredict(Xt, stages);
        stages.forEach((s, i) => {
          expect(
            agreement(staged[i], (c.staged as Record<string, string>)[s]),
          ).toBeGreaterThanOrEqual(0.88);
        });
      }
    });
  }

  it("matches sklearn's mean accuracy with subsample 0.5 (3 seeds)", async () => {
    const c = goldenCases('boosting').find((g) => g.seeds)!;
    const { X, y, Xt, yt } = await data();
    let sum = 0;
    for (let s = 0; s < 3; s++) {
      sum += new GradientBoostingClassifier({ nEstimators: 10, subsample: 0.5, randomState: s })
        .fit(X, y)
        .score(Xt, yt);
    }
    expect(Math.abs(sum / 3 - (c.accuracy_mean as number))).toBeLessThanOrEqual(0.02);
  });

  it('starts from the priors (log odds for two classes), as sklearn 0.19', () => {
    const { X, y } = blobs(90, 6, 2);
    const m = new GradientBoostingClassifier({ nEstimators: 2 }).fit(X, y);
    expect(Array.from(m.init_)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    const two = rowsOf(X, y, (l) => l < 2);
    const yy = Int32Array.from(two.y, (l, i) => (i < 5 ? 0 : l)); // unequal classes
    const pos = yy.filter((l) => l === 1).length;
    expect(pos).toBeLessThan(yy.length / 2);
    const b = new GradientBoostingClassifier({ nEstimators: 2 }).fit(two.X, yy);
    expect(b.init_).toHaveLength(1);
    expect(b.init_[0]).toBeCloseTo(Math.log(pos / (yy.length - pos)), 12);
    expect(b.estimators_).toHaveLength(2);
  });

  it('a stump’s leaves hold one Newton step: (K−1)/K · Σr / Σ(y−r)(1−y+r)', () => {
    const { X, y } = blobs(60, 4, 8);
    const m = new GradientBoostingClassifier({ nEstimators: 1, maxDepth: 1, learningRate: 1 }).fit(
      X,
      y,
    );
    const t = m.estimators_[0]; // class 0, stage 1
    const p0 = Math.exp(1 / 3) / (3 * Math.exp(1 / 3)); // softmax of equal priors
    const leafOf = (i: number) =>
      X.data[i * 4 + t.feature[0]] <= t.threshold[0] ? t.left[0] : t.right[0];
    for (const leaf of [t.left[0], t.right[0]]) {
      let num = 0;
      let den = 0;
      for (let i = 0; i < 60; i++) {
        if (leafOf(i) !== leaf) continue;
        const yk = y[i] === 0 ? 1 : 0;
        const r = yk - p0;
        num += r;
        den += (yk - r) * (1 - yk + r);
      }
      expect(t.value[leaf]).toBeCloseTo(((2 / 3) * num) / den, 12);
    }
  });

  it('the first s stages of a longer fit are the s-stage model', async () => {
    const { X, y, Xt } = await data();
    const small = { data: X.data.subarray(0, 600 * 784), shape: [600, 784] } as Matrix;
    const long = new GradientBoostingClassifier({
      nEstimators: 6,
      maxDepth: 2,
      randomState: 3,
    });
    const calls: [number, number][] = [];
    long.onStage = (stage, ms) => calls.push([stage, ms]);
    expect(isStagedEnsemble(long)).toBe(true);
    long.fit(small, y.subarray(0, 600));
    // onStage: once per stage, in order, with the time since fit began (never decreasing).
    expect(calls.map(([s]) => s)).toEqual([1, 2, 3, 4, 5, 6]);
    for (let i = 1; i < calls.length; i++)
      expect(calls[i][1]).toBeGreaterThanOrEqual(calls[i - 1][1]);
    const short = new GradientBoostingClassifier({
      nEstimators: 4,
      maxDepth: 2,
      randomState: 3,
    }).fit(small, y.subarray(0, 600));
    expect(Array.from(long.stagedPredict(Xt, [4])[0])).toEqual(Array.from(short.predict(Xt)));
    expect(Array.from(long.decisionFunction(Xt, 4).data)).toEqual(
      Array.from(short.decisionFunction(Xt).data),
    );
    expect(() => long.stagedPredict(Xt, [7])).toThrowError(
      /stages must be whole numbers in \[1, 6\]/,
    );
  });

  it('the WASM regression split search grows the TypeScript tree bit for bit', async () => {
    expect(linearWasm()).not.toBeNull();
    const { X, y } = await data();
    const sub = { data: X.data.subarray(0, 1200 * 784), shape: [1200, 784] } as Matrix;
    const B = binMatrix(sub);
    const target = Float64Array.from(
      { length: 1200 },
      (_, i) => (y[i] === 3 ? 0.9 : -0.1) + ((i * 37) % 11) / 50,
    );
    const weights = Float64Array.from({ length: 1200 }, (_, i) => (i % 3 === 0 ? 0 : 1));
    // Node histograms from 256 rows (the default) and from 16 (most nodes); row scans only.
    for (const minRows of [256, 16, Infinity]) {
      setHistogramMinRows(minRows);
      for (const maxFeatures of [784, 28]) {
        for (const w of [null, weights]) {
          const cfg = regressionConfig(maxFeatures, 8);
          expectWasmEqualsTs(() => buildRegressionTree(B, target, w, cfg), 100);
        }
      }
    }
    // The trees after the first of an unweighted fit take their root's Σw and counts from it.
    setHistogramMinRows(256);
    const cache: RootHistogramCache = { hs: null, hc: null };
    buildRegressionTree(B, target, null, regressionConfig(784, 8), undefined, cache);
    expect(cache.hc).not.toBeNull();
    const next = target.map((v, i) => v * ((i % 5) - 2));
    expectWasmEqualsTs(
      () => buildRegressionTree(B, next, null, regressionConfig(784, 8), undefined, cache),
      100,
    );
  });

  it('node histograms (parent minus the smaller child) grow the tree that row scans grow', async () => {
    // With whole-number targets and weights every sum is exact, so the two searches must agree
    // split for split; with fractions they differ only in rounding.
    const { X, y } = await data();
    const n = 1500;
    const B = binMatrix({ data: X.data.subarray(0, n * 784), shape: [n, 784] } as Matrix);
    const target = Float64Array.from({ length: n }, (_, i) => (y[i] === 6 ? 3 : 0) + (i % 4));
    const weights = Float64Array.from({ length: n }, (_, i) => i % 3);
    for (const w of [null, weights]) {
      const cfg = regressionConfig(784, 12);
      setHistogramMinRows(Infinity);
      const rows = buildRegressionTree(B, target, w, cfg);
      setHistogramMinRows(8);
      const hists = buildRegressionTree(B, target, w, cfg);
      expectSameTree(rows, hists);
      expect(rows.nodeCount).toBeGreaterThan(200);
    }
  });

  it('learns features with more than 256 values (two-byte codes, the TypeScript search)', () => {
    const n = 400;
    let seed = 3;
    const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
    const y = Int32Array.from({ length: n }, () => Math.floor(rand() * 3));
    // Feature 0 separates the classes (each in its own interval); feature 1 is noise.
    const X = Float32Array.from({ length: n * 2 }, (_, i) =>
      i % 2 === 0 ? rand() * 0.8 + y[i >> 1] : rand(),
    );
    const data = { data: X, shape: [n, 2] as [number, number] };
    const m = new GradientBoostingClassifier({ nEstimators: 20 }).fit(data, y);
    expect(m.score(data, y)).toBe(1);
    expect(m.estimators_.slice(0, 3).map((t) => t.feature[0])).toEqual([0, 0, 0]);
  });

  it('rejects what sklearn 0.19 rejects or fmnist does not do, clearly', () => {
    const { X, y } = blobs();
    expect(() =>
      new GradientBoostingClassifier({ loss: 'exponential' as never }).fit(X, y),
    ).toThrowError(/loss must be one of "deviance", "log_loss"/);
    expect(() => new GradientBoostingClassifier({ subsample: 1.5 }).fit(X, y)).toThrowError(
      /subsample must be a number > 0 and ≤ 1/,
    );
    expect(
      fromSklearnParams('GradientBoostingClassifier', { loss: 'deviance' }).getParams(),
    ).toMatchObject({ loss: 'deviance', maxDepth: 3, learningRate: 0.1, nEstimators: 100 });
  });
});
