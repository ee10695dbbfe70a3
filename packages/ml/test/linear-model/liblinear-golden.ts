// Shared by the LogisticRegression and LinearSVC golden tests. Goldens: scripts/golden/liblinear.py
// (sklearn 1.2.1's bundled liblinear, run with Debian's /usr/bin/python3): each case fits the first
// `rows` rows of the golden subset and records predictions on the 1,000 test rows, accuracy, and
// liblinear's primal objective of each one-vs-rest problem at sklearn's solution.
import type { Matrix } from '../../src/base/matrix.js';
import { goldenCases, goldenData, type GoldenCase } from '../helpers/golden-data.js';

/** The golden cases of one estimator. */
export function liblinearCases(estimator: string): GoldenCase[] {
  return goldenCases('liblinear').filter((c) => c.estimator === estimator);
}

/** The first `rows` training rows of the golden subset, with the test rows. */
export async function caseData(rows: number) {
  const { X, y, Xt, yt } = await goldenData();
  return {
    X: { data: X.data.subarray(0, rows * 784), shape: [rows, 784] as const } as Matrix,
    y: y.subarray(0, rows),
    Xt,
    yt,
  };
}

/** sklearn options (snake_case) → fmnist options. */
export function options(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { randomState: 0 };
  for (const [k, v] of Object.entries(params))
    out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}

/**
 * liblinear's primal objective of one-vs-rest problem k at (coef row k, intercept k), the bias
 * feature being 1: reg(w) + C Σ loss(yᵢ wᵀxᵢ), computed in float64 as the golden script does.
 */
export function ovrObjective(
  X: Matrix,
  y: Int32Array,
  k: number,
  coef: Float64Array,
  intercept: Float64Array,
  C: number,
  loss: 'log' | 'hinge' | 'squared_hinge',
  penalty: 'l1' | 'l2',
): number {
  const [n, d] = X.shape;
  let reg = penalty === 'l1' ? Math.abs(intercept[k]) : 0.5 * intercept[k] ** 2;
  for (let j = 0; j < d; j++) {
    const w = coef[k * d + j];
    reg += penalty === 'l1' ? Math.abs(w) : 0.5 * w * w;
  }
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let z = intercept[k];
    for (let j = 0; j < d; j++) z += X.data[i * d + j] * coef[k * d + j];
    const m = (y[i] === k ? 1 : -1) * z;
    if (loss === 'log') sum += m >= 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m));
    else if (loss === 'hinge') sum += Math.max(0, 1 - m);
    else sum += Math.max(0, 1 - m) ** 2;
  }
  return reg + C * sum;
}
