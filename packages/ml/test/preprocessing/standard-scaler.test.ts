// Goldens: scripts/golden/preprocessing_metrics.py (sklearn StandardScaler on the golden subset).
import { loadFashionMnist } from '@fmnist/idx';
import { describe, expect, it } from 'vitest';
import { StandardScaler } from '../../src/preprocessing/standard-scaler.js';
import { goldenCases, N_TRAIN } from '../helpers/golden-data.js';

describe('StandardScaler', () => {
  it('matches sklearn mean_ and scale_ on the real pixels', async () => {
    const g = goldenCases('preprocessing-metrics')[0];
    const tr = await loadFashionMnist({
      split: 'train',
      dataDir: '/usr/share/datasets/fashion-mnist',
    });
    const s = new StandardScaler().fit({
      data: tr.images.subarray(0, N_TRAIN * 784),
      shape: [N_TRAIN, 784],
    });
    const mean = g.scaler_mean as number[];
    const scale = g.scaler_scale as number[];
    for (let j = 0; j < 784; j++) {
      expect(s.mean_[j]).toBeCloseTo(mean[j], 6);
      expect(s.scale_[j]).toBeCloseTo(scale[j], 6);
    }
  });

  it('gives columns of mean 0 and std 1; inverseTransform restores X', () => {
    const X = {
      data: new Float32Array([1, 10, 5, 2, 10, 5, 3, 10, 8, 4, 10, 6]),
      shape: [4, 3] as const,
    };
    const s = new StandardScaler();
    const Z = s.fitTransform(X);
    for (let j = 0; j < 3; j++) {
      const col = [0, 1, 2, 3].map((i) => Z.data[i * 3 + j]);
      const m = col.reduce((a, b) => a + b, 0) / 4;
      const v = col.reduce((a, b) => a + (b - m) ** 2, 0) / 4;
      expect(m).toBeCloseTo(0, 6);
      expect(v).toBeCloseTo(j === 1 ? 0 : 1, 5); // column 1 is constant: scale 1, values 0
    }
    expect(Array.from(s.inverseTransform(Z).data)).toEqual(
      Array.from(X.data).map((v) => expect.closeTo(v, 5)),
    );
  });

  it('withMean/withStd false leave the data unshifted / unscaled', () => {
    const X = { data: new Float32Array([1, 3]), shape: [2, 1] as const };
    expect(Array.from(new StandardScaler({ withMean: false }).fitTransform(X).data)).toEqual([
      1, 3,
    ]);
    expect(Array.from(new StandardScaler({ withStd: false }).fitTransform(X).data)).toEqual([
      -1, 1,
    ]);
  });

  it('round-trips through JSON and rejects bad input', () => {
    const X = { data: new Float32Array([1, 2, 3, 4]), shape: [2, 2] as const };
    const s = new StandardScaler().fit(X);
    const back = StandardScaler.fromJSON(JSON.stringify(s));
    expect(Array.from(back.transform(X).data)).toEqual(Array.from(s.transform(X).data));
    expect(() => new StandardScaler().transform(X)).toThrowError(/not fitted/);
    expect(() => s.transform({ data: new Float32Array(3), shape: [1, 3] })).toThrowError(
      /3 features/,
    );
    expect(() => new StandardScaler({ withMean: 'yes' as unknown as boolean }).fit(X)).toThrowError(
      /withMean must be true or false/,
    );
  });
});
