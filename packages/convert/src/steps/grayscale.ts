import { roundHalfUp, type RawImage } from '../raw-image.js';

/**
 * Rec. 709 luma weights, as ImageMagick 6's `-colorspace Gray` applies them: straight to the
 * gamma-encoded sRGB values (no linearisation), so `(255, 0, 0)` becomes 54.
 */
export const LUMA_709 = [0.212656, 0.715158, 0.072186] as const;

/** Step 7: 8-bit grayscale, one channel (`-colorspace Gray`); a grey image is returned as is. */
export function grayscale(img: RawImage): RawImage {
  if (img.channels === 1) return img;
  const n = img.width * img.height;
  const out = new Uint8Array(n);
  const ch = img.channels;
  const [wr, wg, wb] = LUMA_709;
  for (let p = 0, i = 0; p < n; p++, i += ch) {
    out[p] = roundHalfUp(wr * img.data[i] + wg * img.data[i + 1] + wb * img.data[i + 2]);
  }
  return { width: img.width, height: img.height, channels: 1, data: out };
}
