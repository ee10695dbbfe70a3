// LogisticRegression's solver 'liblinear-hessian' (newGLMNET with an explicit Hessian of the
// active features once its coordinate descent needs many passes) against liblinear's own
// newGLMNET on real Fashion-MNIST rows, with the same seed: the decision's measures
// (docs/decisions/0009) — predictions ≥ 99.8 % equal, accuracy within 0.002, and the objective of
// every one-vs-rest problem within 1e-3 relative. liblinear's stopping test is loose on these
// nearly separable problems: the faithful solver's own objectives move by up to 11 % between
// seeds on the same data, so the alternative cannot be closer to it than that in general; it is
// within 1e-3 with the same seed.
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/base/matrix.js';
import { LogisticRegression } from '../../src/linear-model/logistic-regression.js';
import { goldenData } from '../helpers/golden-data.js';

/** ‖w‖₁ + C Σ log(1 + e^{−y(w·x + b)}) of each one-vs-rest problem (bias weight = intercept). */
function objectives(m: LogisticRegression, X: Matrix, y: Int32Array, C: number): number[] {
  const [n, d] = X.shape;
  const out: number[] = [];
  for (let k = 0; k < m.intercept_.length; k++) {
    let o = Math.abs(m.intercept_[k]);
    for (let j = 0; j < d; j++) o += Math.abs(m.coef_[k * d + j]);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      let s = m.intercept_[k];
      for (let j = 0; j < d; j++) s += m.coef_[k * d + j] * X.data[i * d + j];
      const margin = (y[i] === k ? 1 : -1) * s;
      loss += margin > 0 ? Math.log1p(Math.exp(-margin)) : -margin + Math.log1p(Math.exp(margin));
    }
    out.push(o + C * loss);
  }
  return out;
}

describe("LogisticRegression solver 'liblinear-hessian' (l1)", () => {
  for (const C of [10, 100]) {
    it(`reaches liblinear's answer on 2,000 real rows at C=${C}`, async () => {
      const g = await goldenData();
      const n = 2000;
      const X = { data: g.X.data.subarray(0, n * 784), shape: [n, 784] as [number, number] };
      const y = g.y.subarray(0, n);
      const fit = (solver: 'liblinear' | 'liblinear-hessian') =>
        new LogisticRegression({ solver, penalty: 'l1', C, multiClass: 'ovr' }).fit(X, y);
      const faithful = fit('liblinear');
      const hessian = fit('liblinear-hessian');
      // The explicit Hessian really ran: some problem's weights are not liblinear's bits.
      expect(Buffer.from(hessian.coef_.buffer).equals(Buffer.from(faithful.coef_.buffer))).toBe(
        false,
      );
      const a = faithful.predict(g.Xt);
      const b = hessian.predict(g.Xt);
      let same = 0;
      for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
      expect(same / a.length).toBeGreaterThanOrEqual(0.998);
      expect(Math.abs(faithful.score(g.Xt, g.yt) - hessian.score(g.Xt, g.yt))).toBeLessThanOrEqual(
        0.002,
      );
      const of = objectives(faithful, X, y, C);
      const oh = objectives(hessian, X, y, C);
      for (let k = 0; k < 10; k++) expect(Math.abs(oh[k] - of[k]) / of[k]).toBeLessThan(1e-3);
      expect(hessian.converged_).toBe(faithful.converged_);
    });
  }
});
