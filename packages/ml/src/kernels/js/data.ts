import type { HistogramParams, StandardizeParams } from '../api.js';
import { dim, fail, noAlias, size } from '../validate.js';

/** Reference uint8 → f32 standardisation (computed as f32 operations, like the SIMD kernel). */
export function standardizeU8Js(p: StandardizeParams): void {
  const K = 'standardizeU8';
  const { src, m, n, mean, scale, out } = p;
  dim(K, 'm', m);
  dim(K, 'n', n);
  size(K, 'src', src, m * n);
  size(K, 'mean', mean, n);
  size(K, 'scale', scale, n);
  size(K, 'out', out, m * n);
  noAlias(K, out, src, mean, scale);
  const f = Math.fround;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) out[i * n + j] = f(src[i * n + j] - mean[j]) / scale[j];
  }
}

/** Checks a histogram call and returns its feature range. */
export function checkHistogram(p: HistogramParams): [number, number] {
  const K = 'histogram';
  const { binned, nFeatures, rows, grad, hess, nBins, out } = p;
  dim(K, 'nFeatures', nFeatures);
  dim(K, 'nBins', nBins);
  if (nBins > 256) fail(K, 'nBins must be ≤ 256 (uint8 bins)');
  const f0 = p.featureStart ?? 0;
  const f1 = p.featureEnd ?? nFeatures;
  if (!(0 <= f0 && f0 <= f1 && f1 <= nFeatures)) fail(K, `bad feature range [${f0}, ${f1})`);
  size(K, 'out', out, nFeatures * nBins * 3);
  const nTotal = nFeatures > 0 ? Math.floor(binned.length / nFeatures) : 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!(row >= 0 && row < nTotal)) fail(K, `row ${row} out of range`);
    if (row >= grad.length || (hess && row >= hess.length)) fail(K, `row ${row} has no gradient`);
  }
  noAlias(K, out, binned, rows, grad);
  if (hess) noAlias(K, out, hess);
  return [f0, f1];
}

/** Reference histogram (f64 sums, rows in the given order). */
export function histogramJs(p: HistogramParams): void {
  const [f0, f1] = checkHistogram(p);
  const { binned, nFeatures, rows, grad, hess, nBins, out } = p;
  out.fill(0, f0 * nBins * 3, f1 * nBins * 3);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const g = grad[row];
    const h = hess ? hess[row] : 1;
    for (let f = f0; f < f1; f++) {
      const q = (f * nBins + binned[row * nFeatures + f]) * 3;
      out[q] += g;
      out[q + 1] += h;
      out[q + 2] += 1;
    }
  }
}

/** out ← parent − child; out may alias either input. */
export function histSubtractJs(parent: Float64Array, child: Float64Array, out: Float64Array): void {
  const n = parent.length;
  if (child.length !== n || out.length !== n)
    fail('histSubtract', 'arrays must have equal lengths');
  for (let i = 0; i < n; i++) out[i] = parent[i] - child[i];
}
