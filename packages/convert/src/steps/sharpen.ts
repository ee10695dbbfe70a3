import { roundHalfUp, type RawImage } from '../raw-image.js';

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
  const { width: kw, weights } = cachedKernel(options.radius ?? 1, options.sigma ?? 1);
  const half = (kw - 1) / 2;
  const out = new Uint8Array(data.length);
  if (kw === 3 && w > 0 && h > 0) {
    sharpen3(data, out, w, h, ch, weights);
    return { width: w, height: h, channels: ch, data: out };
  }
  // Clamped source indices for every kernel offset, so the inner loop has no branches.
  const colIdx = new Int32Array(w * kw);
  for (let x = 0; x < w; x++) {
    for (let u = 0; u < kw; u++) colIdx[x * kw + u] = Math.min(w - 1, Math.max(0, x + u - half));
  }
  const rowIdx = new Int32Array(h * kw);
  for (let y = 0; y < h; y++) {
    for (let v = 0; v < kw; v++)
      rowIdx[y * kw + v] = Math.min(h - 1, Math.max(0, y + v - half)) * w;
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < ch; c++) {
        let acc = 0;
        let k = 0;
        for (let v = 0; v < kw; v++) {
          const row = rowIdx[y * kw + v];
          for (let u = 0; u < kw; u++)
            acc += weights[k++] * data[(row + colIdx[x * kw + u]) * ch + c];
        }
        out[(y * w + x) * ch + c] = acc <= 0 ? 0 : acc >= 255 ? 255 : roundHalfUp(acc);
      }
    }
  }
  return { width: w, height: h, channels: ch, data: out };
}

/**
 * The 3×3 case (radius ≤ 1, the paper's), unrolled: the same products summed in the same order as
 * the general loop (row by row, left to right), so the results are identical to the last bit.
 */
function sharpen3(
  data: Uint8Array,
  out: Uint8Array,
  w: number,
  h: number,
  ch: number,
  k: Float64Array,
): void {
  const [k0, k1, k2, k3, k4, k5, k6, k7, k8] = k;
  const rowBytes = w * ch;
  for (let y = 0; y < h; y++) {
    const mid = y * rowBytes;
    const up = y > 0 ? mid - rowBytes : mid;
    const down = y < h - 1 ? mid + rowBytes : mid;
    for (let x = 0; x < w; x++) {
      const c0 = x * ch;
      const l = x > 0 ? c0 - ch : c0;
      const r = x < w - 1 ? c0 + ch : c0;
      for (let c = 0; c < ch; c++) {
        const acc =
          k0 * data[up + l + c] +
          k1 * data[up + c0 + c] +
          k2 * data[up + r + c] +
          k3 * data[mid + l + c] +
          k4 * data[mid + c0 + c] +
          k5 * data[mid + r + c] +
          k6 * data[down + l + c] +
          k7 * data[down + c0 + c] +
          k8 * data[down + r + c];
        out[mid + c0 + c] = acc <= 0 ? 0 : acc >= 255 ? 255 : roundHalfUp(acc);
      }
    }
  }
}

let lastKernel: { radius: number; sigma: number; kernel: ReturnType<typeof sharpenKernel> } | null =
  null;

/** {@link sharpenKernel}, remembering the last one (every picture of a run uses the same). */
export function cachedKernel(radius: number, sigma: number): ReturnType<typeof sharpenKernel> {
  if (lastKernel?.radius !== radius || lastKernel.sigma !== sigma) {
    lastKernel = { radius, sigma, kernel: sharpenKernel(radius, sigma) };
  }
  return lastKernel.kernel;
}
