// Goldens: scripts/golden/preprocessing_metrics.py (sklearn metrics on GaussianNB's predictions).
import { describe, expect, it } from 'vitest';
import {
  accuracyScore,
  classificationReport,
  confusionMatrix,
  formatClassificationReport,
} from '../../src/metrics/classification.js';
import { goldenCases, goldenData } from '../helpers/golden-data.js';

describe('classification metrics', () => {
  it('match sklearn on real predictions', async () => {
    const g = goldenCases('preprocessing-metrics')[0];
    const { yt } = await goldenData();
    const pred = Int32Array.from(g.predict, Number);
    expect(accuracyScore(yt, pred)).toBeCloseTo(g.accuracy, 12);
    expect(confusionMatrix(yt, pred)).toEqual(g.confusion);
    const r = classificationReport(yt, pred);
    r.classes.forEach((c, i) => {
      expect(c.precision).toBeCloseTo((g.precision as number[])[i], 12);
      expect(c.recall).toBeCloseTo((g.recall as number[])[i], 12);
      expect(c.f1).toBeCloseTo((g.f1 as number[])[i], 12);
      expect(c.support).toBe((g.support as number[])[i]);
    });
  });

  it('invariants: the confusion matrix sums to n and its trace / n is the accuracy', () => {
    const t = [0, 1, 2, 2, 1, 0, 3];
    const p = [0, 2, 2, 2, 1, 1, 3];
    const cm = confusionMatrix(t, p);
    expect(cm.flat().reduce((a, b) => a + b, 0)).toBe(7);
    expect(cm.reduce((a, row, i) => a + row[i], 0) / 7).toBeCloseTo(accuracyScore(t, p), 12);
    const text = formatClassificationReport(classificationReport(t, p, ['a', 'b', 'c', 'd']));
    expect(text).toContain('weighted avg');
    expect(() => accuracyScore([1], [1, 2])).toThrowError(/1 labels but yPred has 2/);
  });
});
