import type { RawImage } from '../raw-image.js';
import type { Box } from './trim.js';

/**
 * The size ImageMagick gives an image of `width × height` fitted into `size × size` with its aspect
 * kept (geometry `28x28`, the same as `x28` for a portrait and `28x` for a landscape): the longest
 * edge becomes `size`, the other `floor(edge × scale + 0.5)`, at least 1.
 */
export function fitSize(
  width: number,
  height: number,
  size: number,
): { width: number; height: number } {
  const scale = Math.min(size / width, size / height);
  return {
    width: Math.max(1, Math.floor(width * scale + 0.5)),
    height: Math.max(1, Math.floor(height * scale + 0.5)),
  };
}

/**
 * ImageMagick's sample offset, `0.5 − MagickEpsilon`: a span centre that falls exactly on a pixel
 * boundary takes the pixel before it.
 */
const OFFSET = 0.5 - 1e-12;

/**
 * Resizes by subsampling (ImageMagick's `-sample`): each output pixel copies one input pixel, no
 * filtering, so rows and columns are skipped (or repeated when enlarging). Output column `x` takes
 * input column `floor((x + 0.5 − 10⁻¹²) × inWidth / outWidth)`, the centre of its span, and rows
 * likewise.
 */
export function sample(img: RawImage, width: number, height: number): RawImage {
  return sampleRegion(img, { x: 0, y: 0, width: img.width, height: img.height }, width, height);
}

/**
 * {@link sample} of the `box` region of `img`, without copying it out first: the same pixels as
 * `sample(crop(img, box), width, height)`.
 */
export function sampleRegion(img: RawImage, box: Box, width: number, height: number): RawImage {
  const ch = img.channels;
  const out = new Uint8Array(width * height * ch);
  const cols = new Int32Array(width);
  for (let x = 0; x < width; x++) {
    cols[x] = (box.x + Math.floor(((x + OFFSET) * box.width) / width)) * ch;
  }
  let o = 0;
  for (let y = 0; y < height; y++) {
    const sy = box.y + Math.floor(((y + OFFSET) * box.height) / height);
    const row = sy * img.width * ch;
    for (let x = 0; x < width; x++) {
      const i = row + cols[x];
      for (let c = 0; c < ch; c++) out[o++] = img.data[i + c];
    }
  }
  return { width, height, channels: ch, data: out };
}

/** Step 3: resizes the longest edge to `size` (default 28) by subsampling; see {@link sample}. */
export function sampleToFit(img: RawImage, size = 28): RawImage {
  const fit = fitSize(img.width, img.height, size);
  return sample(img, fit.width, fit.height);
}
