// Shared by the SGD-family tests: the goldens of scripts/golden/sgd.py (sklearn 1.2.1 with 0.19
// semantics, max_iter=5 and tol=None, on the first `train_rows` rows of the golden subset).
import type { Matrix } from '../../src/base/matrix.js';
import { goldenCases, goldenData, type GoldenCase } from '../helpers/golden-data.js';

export interface SgdCase extends GoldenCase {
  estimator: string;
  train_rows: number;
  accuracy_seeds: number[];
}

/** The cases of one estimator class. */
export function sgdCases(estimator: string): SgdCase[] {
  return (goldenCases('sgd') as SgdCase[]).filter((c) => c.estimator === estimator);
}

/** The golden subset cut to the rows the goldens were fitted on. */
export async function sgdData(
  rows: number,
): Promise<{ X: Matrix; y: Int32Array; Xt: Matrix; yt: Int32Array }> {
  const { X, y, Xt, yt } = await goldenData();
  const d = X.shape[1];
  return {
    X: { data: X.data.subarray(0, rows * d), shape: [rows, d] },
    y: y.subarray(0, rows),
    Xt,
    yt,
  };
}

/**
 * Losses whose updates are discrete (±eta or a PA step) reproduce sklearn's run exactly for the
 * same seed; the smooth ones are chaotic under float32 rounding of X even in sklearn.
 */
export function isExactCase(c: SgdCase): boolean {
  const loss = c.params.loss as string | undefined;
  return (
    c.estimator !== 'SGDClassifier' ||
    !['squared_hinge', 'log_loss', 'modified_huber'].includes(loss ?? 'hinge')
  );
}
