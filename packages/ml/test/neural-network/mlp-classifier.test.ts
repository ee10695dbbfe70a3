// Goldens: scripts/golden/mlp.py (sklearn's MLPClassifier with 0.19's stopping rule on the golden
// subset, accuracy over 3 seeds: initial weights come from each library's own random stream).
import { describe, expect, it } from 'vitest';
import { MLPClassifier } from '../../src/neural-network/mlp-classifier.js';
import { fromSklearnParams } from '../../src/sklearn/from-sklearn-params.js';
import { blobs, checkEstimator } from '../helpers/check-estimator.js';
import { goldenCases, goldenData } from '../helpers/golden-data.js';

describe('MLPClassifier', () => {
  checkEstimator(
    (o) => new MLPClassifier({ hiddenLayerSizes: [8], learningRateInit: 0.01, maxIter: 300, ...o }),
    {
      badOption: { activation: 'softplus' },
      fromJSON: (j) => MLPClassifier.fromJSON(j),
    },
  );

  for (const c of goldenCases('mlp')) {
    it(`matches sklearn's mean accuracy over 3 seeds: ${JSON.stringify(c.params)}`, async () => {
      const { X, y, Xt, yt } = await goldenData();
      let sum = 0;
      const epochs: number[] = [];
      for (let s = 0; s < 3; s++) {
        const m = fromSklearnParams('MLPClassifier', {
          hidden_layer_sizes: c.params.hiddenLayerSizes,
          activation: c.params.activation,
          random_state: s,
        }) as MLPClassifier;
        sum += m.fit(X, y).score(Xt, yt);
        epochs.push(m.nIter_);
      }
      // Networks from different initial weights spread ±0.005–0.01 in accuracy here.
      expect(Math.abs(sum / 3 - (c.accuracy_mean as number))).toBeLessThanOrEqual(0.02);
      // The stopping rule ends training in the same range of epochs as sklearn's.
      const mean = (a: number[]) => a.reduce((x, v) => x + v, 0) / a.length;
      const theirs = mean(c.epochs as number[]);
      expect(mean(epochs)).toBeGreaterThan(theirs / 2);
      expect(mean(epochs)).toBeLessThan(theirs * 2);
    });
  }

  it('one Adam step on a tiny net equals the textbook update', () => {
    // 2 inputs → 2 logistic units → softmax over 3 classes, one batch, one epoch.
    const X = { data: Float32Array.of(1, 0, 0, 1, 1, 1), shape: [3, 2] as [number, number] };
    const y = [0, 1, 2];
    const tiny = {
      hiddenLayerSizes: [2],
      activation: 'logistic' as const,
      maxIter: 1,
      shuffle: false,
      alpha: 0,
      randomState: 4,
    };
    // The same start, moved by a negligible step: the initial weights.
    const before = new MLPClassifier({ ...tiny, learningRateInit: 1e-12 }).fit(X, y);
    const m = new MLPClassifier(tiny).fit(X, y);
    // After one Adam step with bias-corrected rate lr·√(1−β2)/(1−β1), every weight moves by
    // lr·g/(|g| + ε·…) ≈ ±lr: the sign of its gradient.
    for (let l = 0; l < 2; l++) {
      const a = before.coefs_[l];
      const b = m.coefs_[l];
      for (let i = 0; i < a.length; i++) {
        const step = Math.abs(b[i] - a[i]);
        expect(step).toBeGreaterThan(0.99e-3);
        expect(step).toBeLessThan(1.01e-3);
      }
    }
  });

  it('stops after more than nIterNoChange epochs without improving by tol', () => {
    const { X, y } = blobs(120, 6, 5);
    const m = new MLPClassifier({
      hiddenLayerSizes: [5],
      tol: 10,
      nIterNoChange: 2,
      maxIter: 50,
    }).fit(X, y);
    // With tol 10 only the first epoch improves (on an infinite best); epochs 2, 3, 4 do not,
    // and the third of them (more than 2) stops training.
    expect(m.nIter_).toBe(4);
    expect(m.lossCurve_).toHaveLength(4);
    const n = new MLPClassifier({ hiddenLayerSizes: [5], tol: 0, maxIter: 7 }).fit(X, y);
    expect(n.nIter_).toBe(7);
  });

  it('two classes use one logistic output; probabilities sum to 1', () => {
    const { X, y } = blobs(90, 6, 3);
    const two = Int32Array.from(y, (l) => (l === 0 ? 0 : 1));
    const m = new MLPClassifier({
      hiddenLayerSizes: [6],
      learningRateInit: 0.01,
      maxIter: 300,
    }).fit(X, two);
    expect(m.layerSizes_).toEqual([6, 6, 1]);
    const p = m.predictProba(X);
    expect(p.shape).toEqual([90, 2]);
    for (let i = 0; i < 90; i++) expect(p.data[2 * i] + p.data[2 * i + 1]).toBeCloseTo(1, 12);
    expect(m.score(X, two)).toBeGreaterThan(0.95);
  });

  it('reads baselines.json layer tuples and applies 0.19’s two-epoch patience', () => {
    const m = fromSklearnParams('MLPClassifier', {
      hidden_layer_sizes: '(100,10,)',
      activation: 'tanh',
    });
    expect(m.getParams()).toMatchObject({
      hiddenLayerSizes: [100, 10],
      activation: 'tanh',
      nIterNoChange: 2,
      solver: 'adam',
    });
    expect(() =>
      new MLPClassifier({ solver: 'lbfgs' as never }).fit(blobs().X, blobs().y),
    ).toThrowError(/solver must be one of "adam"/);
  });
});
