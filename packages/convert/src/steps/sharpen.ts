import type { RawImage } from '../raw-image.js';

/** Options of {@link sharpen}. */
export interface SharpenOptions {
  /** Kernel radius in pixels; default 1 (a 3×3 kernel: width `2·ceil(radius) + 1`). */
  radius?: number;
  /** Standard deviation of the Gaussian in pixels; default 1. */
  sigma?: number;
}

/**
 * The kernel of ImageMagick 6's `-sharpen RADIUSxSIGMA` (`SharpenImage`): minus a 2-D Gaussian
 * (`exp(-(u²+v²)/2σ²) / 2πσ²`), its centre replaced by −2 × the Gaussian's sum, then scaled to sum
 * to 1 so flat areas keep their value. For 1×1: centre 1.661, edge neighbours −0.103, corners −0.062
 * — a Laplacian-like boost that only acts where the intensity changes, that is near outlines.
 * Row-major, `width × width`.
 */
export function sharpenKernel(radius = 1, sigma = 1): { width: number; weights: Float64Array } {
  const width = radius > 0 ? 2 * Math.ceil(radius) + 1 : 3;
  const half = (width - 1) / 2;
  const weights = new Float64Array(width * width);
  let sum = 0;
  let i = 0;
  for (let v = -half; v <= half; v++) {
    for (let u = -half; u <= half; u++) {
      const k = -Math.exp(-(u * u + v * v) / (2 * sigma * sigma)) / (2 * Math.PI * sigma * sigma);
      weights[i++] = k;
      sum += k;
    }
  }
  weights[(width * width - 1) / 2] = -2 * sum;
  let total = 0;
  for (const k of weights) total += k;
  for (let j = 0; j < weights.length; j++) weights[j] /= total;
  return { width, weights };
}

/**
 * Step 4: sharpens each channel by convolving with {@link sharpenKernel}. Pixels beyond the edge
 * repeat the nearest edge pixel (ImageMagick's default `-virtual-pixel edge`); results are rounded
 * and clamped to 0–255 (ImageMagick rounds to 16 bits, so a value can differ by one level).
 */
export function sharpen(img: RawImage, options: SharpenOptions = {}): RawImage {
  const { width: w, height: h, channels: ch, data } = img;
  const { width: kw, weights } = sharpenKernel(options.radius ?? 1, options.sigma ?? 1);
  const half = (kw - 1) / 2;
  const out = new Uint8Array(data.length);
  // Clamped source indices for every kernel offset, so the inner loop has no branches.
  const colIdx = new Int32Array(w * kw);
  for (let x = 0; x < w; x++) {
    for (let u = 0; u < kw; u++) colIdx[x * kw + u] = Math.min(w - 1, Math.max(0, x + u - half));
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < ch; c++) {
        let acc = 0;
        let k = 0;
        for (let v = 0; v < kw; v++) {
          const row = Math.min(h - 1, Math.max(0, y + v - half)) * w;
          for (let u = 0; u < kw; u++)
            acc += weights[k++] * data[(row + colIdx[x * kw + u]) * ch + c];
        }
        out[(y * w + x) * ch + c] = acc <= 0 ? 0 : acc >= 255 ? 255 : Math.round(acc);
      }
    }
  }
  return { width: w, height: h, channels: ch, data: out };
}
