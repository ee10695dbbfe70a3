// Goldens: scripts/golden/liblinear.py (sklearn 1.2.1 LinearSVC: dual CD squared hinge and hinge,
// primal CD l1 + squared hinge, Crammer–Singer).
import { describe, expect, it } from 'vitest';
import { ParameterError } from '../../src/base/errors.js';
import { LinearSVC } from '../../src/svm/linear-svc.js';
import { blobs, checkEstimator } from '../helpers/check-estimator.js';
import { agreement } from '../helpers/golden-data.js';
import {
  caseData,
  liblinearCases,
  options,
  ovrObjective,
} from '../linear-model/liblinear-golden.js';

describe('LinearSVC', () => {
  checkEstimator((o) => new LinearSVC(o), {
    badOption: { loss: 'log' },
    fromJSON: (j) => LinearSVC.fromJSON(j),
  });
  describe('crammer_singer', () => {
    checkEstimator((o) => new LinearSVC({ multiClass: 'crammer_singer', ...o }), {
      badOption: { maxIter: 0 },
      fromJSON: (j) => LinearSVC.fromJSON(j),
    });
  });

  // l1 + squared hinge at C = 1 stops at max_iter in sklearn far from the optimum, where two
  // random coordinate orders disagree on ~6 % of test rows (kept in the goldens for reference);
  // the C = 0.05 case of the same solver converges and is tested instead.
  const cases = liblinearCases('LinearSVC').filter(
    (c) => !((c.params as { penalty?: string }).penalty === 'l1' && c.params.C === 1),
  );
  for (const c of cases) {
    const p = c.params as {
      C: number;
      loss?: 'hinge' | 'squared_hinge';
      penalty?: 'l1' | 'l2';
      multi_class?: string;
    };
    it(`matches sklearn on ${c.rows as number} rows: ${JSON.stringify(p)}`, async () => {
      const { X, y, Xt, yt } = await caseData(c.rows as number);
      const m = new LinearSVC(options(p)).fit(X, y);
      const pred = m.predict(Xt);
      expect(agreement(pred, c.predict)).toBeGreaterThanOrEqual(0.99);
      expect(Math.abs(m.score(Xt, yt) - c.accuracy)).toBeLessThanOrEqual(0.005);
      // The dual solvers stop at max_iter here as in sklearn (1,000 rows in 785 dimensions are
      // nearly separable); the weights still agree closely, row by row.
      const d = 784;
      (c.coef_norms as number[]).forEach((norm, k) => {
        let s2 = 0;
        for (let j = 0; j < d; j++) s2 += m.coef_[k * d + j] ** 2;
        expect(Math.abs(Math.sqrt(s2) - norm)).toBeLessThanOrEqual(0.01 * norm);
      });
      if (c.objectives && m.converged_) {
        const sk = c.objectives as number[];
        for (let k = 0; k < sk.length; k++) {
          const loss = p.loss ?? 'squared_hinge';
          const ours = ovrObjective(X, y, k, m.coef_, m.intercept_, p.C, loss, p.penalty ?? 'l2');
          expect(ours).toBeLessThanOrEqual(sk[k] * (1 + 1e-3));
        }
      }
      const s = m.decisionFunction(Xt);
      for (let i = 0; i < 50; i++) {
        const row = Array.from(s.data.subarray(i * 10, i * 10 + 10));
        expect(row.indexOf(Math.max(...row))).toBe(pred[i]);
      }
    });
  }

  it('rejects the penalty/loss/dual combinations liblinear has no solver for', () => {
    const { X, y } = blobs();
    const bad = [
      [{ penalty: 'l1', loss: 'hinge' }, /penalty='l1' and loss='hinge' is not supported/],
      [
        { penalty: 'l1', loss: 'squared_hinge', dual: true },
        /penalty='l1' and loss='squared_hinge' is not supported when dual=True/,
      ],
      [
        { penalty: 'l2', loss: 'hinge', dual: false },
        /penalty='l2' and loss='hinge' is not supported when dual=False/,
      ],
    ] as const;
    for (const [o, msg] of bad) {
      expect(() => new LinearSVC(o).fit(X, y)).toThrowError(ParameterError);
      expect(() => new LinearSVC(o).fit(X, y)).toThrowError(msg);
    }
    // crammer_singer ignores penalty and loss.
    const cs = new LinearSVC({ multiClass: 'crammer_singer', penalty: 'l1', loss: 'hinge' });
    expect(cs.fit(X, y).score(X, y)).toBe(1);
  });

  it('every solver separates the blobs; dual CD converges and satisfies the KKT conditions', () => {
    const { X, y } = blobs(120, 8, 4);
    for (const o of [
      { loss: 'hinge' as const },
      { loss: 'squared_hinge' as const },
      { penalty: 'l1' as const, dual: false },
      { multiClass: 'crammer_singer' as const },
    ]) {
      const m = new LinearSVC(o).fit(X, y);
      expect(m.score(X, y)).toBe(1);
      expect(m.converged_).toBe(true);
    }
    // Squared hinge at the optimum: w = C Σ max(0, 1 − yᵢzᵢ)·2·yᵢxᵢ... checked through the
    // gradient of the primal, which must vanish (tolerance from the dual gap at tol 1e-6).
    const C = 0.5;
    const m = new LinearSVC({ C, tol: 1e-8, maxIter: 100000 }).fit(X, y);
    const d = 8;
    for (let k = 0; k < 3; k++) {
      const g = new Float64Array(d + 1);
      for (let j = 0; j < d; j++) g[j] = m.coef_[k * d + j];
      g[d] = m.intercept_[k];
      for (let i = 0; i < 120; i++) {
        let z = m.intercept_[k];
        for (let j = 0; j < d; j++) z += X.data[i * d + j] * m.coef_[k * d + j];
        const yi = y[i] === k ? 1 : -1;
        const slack = Math.max(0, 1 - yi * z);
        for (let j = 0; j < d; j++) g[j] -= 2 * C * slack * yi * X.data[i * d + j];
        g[d] -= 2 * C * slack * yi;
      }
      for (const v of g) expect(Math.abs(v)).toBeLessThan(1e-4);
    }
  });

  it('the same randomState gives the same model; another seed a near-identical one', () => {
    const { X, y } = blobs(150, 10, 2);
    const a = new LinearSVC({ randomState: 1, loss: 'hinge' }).fit(X, y);
    const b = new LinearSVC({ randomState: 1, loss: 'hinge' }).fit(X, y);
    const c = new LinearSVC({ randomState: 2, loss: 'hinge' }).fit(X, y);
    expect(Array.from(b.coef_)).toEqual(Array.from(a.coef_));
    for (let j = 0; j < a.coef_.length; j++) expect(c.coef_[j]).toBeCloseTo(a.coef_[j], 2);
  });
});
