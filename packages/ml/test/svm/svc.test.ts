// Goldens: scripts/golden/svc.py (sklearn's SVC = libsvm, gamma 'auto' as in 0.19, on the first
// 2,000 rows of the golden subset). libsvm is deterministic and so is fmnist's port of its solver:
// predictions, support-vector counts, intercepts and decision values agree.
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/base/matrix.js';
import { fromSklearnParams } from '../../src/sklearn/from-sklearn-params.js';
import { useSvmWasm } from '../../src/svm/smo.js';
import { SVC, setSvcGramBudget } from '../../src/svm/svc.js';
import { blobs, checkEstimator } from '../helpers/check-estimator.js';
import { agreement, goldenCases, goldenData } from '../helpers/golden-data.js';

const ROWS = 2000;

describe('SVC', () => {
  checkEstimator((o) => new SVC(o), {
    badOption: { kernel: 'laplacian' },
    fromJSON: (j) => SVC.fromJSON(j),
  });

  // Every solver: libsvm's SMO, SMO with Newton steps on the free face, and for the linear
  // kernel the interior-point solve finished with exact gradients (the same problem and stopping
  // test, so the same tolerances against sklearn).
  for (const solver of ['libsvm', 'smo-newton', 'interior-point'] as const)
    for (const c of goldenCases('svc').filter(
      (g) => solver !== 'interior-point' || g.params.kernel === 'linear',
    )) {
      it(`matches libsvm (solver ${solver}): ${JSON.stringify(c.params)}`, async () => {
        const { X, y, Xt, yt } = await goldenData();
        const train = { data: X.data.subarray(0, ROWS * 784), shape: [ROWS, 784] } as Matrix;
        const m = new SVC({ ...(fromSklearnParams('SVC', c.params) as SVC).getParams(), solver });
        m.fit(train, y.subarray(0, ROWS));
        expect(m.gamma_).toBe(1 / 784);
        expect(agreement(m.predict(Xt), c.predict)).toBeGreaterThanOrEqual(0.998);
        expect(Math.abs(m.score(Xt, yt) - c.accuracy)).toBeLessThanOrEqual(0.002);
        const nsv = c.n_support as number[];
        Array.from(m.nSupport_).forEach((v, i) =>
          expect(Math.abs(v - nsv[i])).toBeLessThanOrEqual(2),
        );
        const b = c.intercept as number[];
        m.intercept_.forEach((v, i) => expect(v).toBeCloseTo(b[i], 2));
        const dec = m.decisionFunctionOvo({ data: Xt.data.subarray(0, 3 * 784), shape: [3, 784] });
        (c.decision_head as number[][])
          .flat()
          .forEach((v, i) => expect(dec.data[i]).toBeCloseTo(v, 2));
      });
    }

  it('kernel rows computed one by one (pairs too large to keep whole) give the same model', async () => {
    const { X, y, Xt } = await goldenData();
    const train = { data: X.data.subarray(0, 600 * 784), shape: [600, 784] } as Matrix;
    for (const kernel of ['rbf', 'linear'] as const) {
      const whole = new SVC({ kernel, gamma: 'auto' }).fit(train, y.subarray(0, 600));
      setSvcGramBudget(0);
      try {
        const rows = new SVC({ kernel, gamma: 'auto' }).fit(train, y.subarray(0, 600));
        expect(Array.from(rows.nSupport_)).toEqual(Array.from(whole.nSupport_));
        expect(Array.from(rows.predict(Xt))).toEqual(Array.from(whole.predict(Xt)));
        rows.intercept_.forEach((v, i) => expect(v).toBeCloseTo(whole.intercept_[i], 4));
      } finally {
        setSvcGramBudget(1.5e9);
      }
    }
  });

  it('WASM kernel values and solver loops give the TypeScript model (every kernel)', async () => {
    const { X, y, Xt } = await goldenData();
    const train = { data: X.data.subarray(0, 600 * 784), shape: [600, 784] } as Matrix;
    const test = { data: Xt.data.subarray(0, 300 * 784), shape: [300, 784] } as Matrix;
    for (const kernel of ['rbf', 'poly', 'sigmoid'] as const) {
      const wasm = new SVC({ kernel, gamma: 'auto', C: 10 }).fit(train, y.subarray(0, 600));
      useSvmWasm(false);
      try {
        const ts = new SVC({ kernel, gamma: 'auto', C: 10 }).fit(train, y.subarray(0, 600));
        expect(Array.from(wasm.nSupport_)).toEqual(Array.from(ts.nSupport_));
        wasm.intercept_.forEach((v, i) => expect(v).toBeCloseTo(ts.intercept_[i], 6));
        const dw = wasm.decisionFunctionOvo(test).data;
        const dt = ts.decisionFunctionOvo(test).data;
        dw.forEach((v, i) => expect(v).toBeCloseTo(dt[i], 5));
      } finally {
        useSvmWasm(true);
      }
    }
  });

  it('the dual solution satisfies the KKT conditions: Σαy = 0 per problem, 0 ≤ α ≤ C', () => {
    const { X, y } = blobs(90, 6, 4);
    const C = 0.5;
    const m = new SVC({ C, kernel: 'rbf', gamma: 0.2 }).fit(X, y);
    const nsv = m.nSupport_.reduce((a, b) => a + b, 0);
    const start = [0, m.nSupport_[0], m.nSupport_[0] + m.nSupport_[1]];
    // Problem (a, b): class a's coefficients are in row b − 1, class b's in row a.
    for (const [a, b] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ]) {
      let sum = 0;
      for (let t = start[a]; t < start[a] + m.nSupport_[a]; t++) {
        const v = m.dualCoef_[(b - 1) * nsv + t];
        expect(Math.abs(v)).toBeLessThanOrEqual(C + 1e-12);
        sum += v;
      }
      for (let t = start[b]; t < start[b] + m.nSupport_[b]; t++) {
        const v = m.dualCoef_[a * nsv + t];
        expect(Math.abs(v)).toBeLessThanOrEqual(C + 1e-12);
        sum += v;
      }
      expect(Math.abs(sum)).toBeLessThan(1e-9);
    }
  });

  it('0.19 defaults: gamma "auto"; today’s "scale" is 1/(d·Var X)', () => {
    expect(fromSklearnParams('SVC', { C: 10, kernel: 'poly' }).getParams()).toMatchObject({
      gamma: 'auto',
      degree: 3,
      coef0: 0,
      tol: 1e-3,
    });
    const { X, y } = blobs(60, 5, 2);
    const m = new SVC().fit(X, y);
    let s = 0;
    let q = 0;
    for (const v of X.data) {
      s += v;
      q += v * v;
    }
    const variance = q / X.data.length - (s / X.data.length) ** 2;
    expect(m.gamma_).toBeCloseTo(1 / (5 * variance), 10);
  });
});
