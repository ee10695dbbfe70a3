import type { Rgb, RawImage } from '../raw-image.js';
import { decodeOpaquePng } from './decode-png.js';

/** Options of {@link decodeImage}. */
export interface DecodeOptions {
  /** Colour that transparent and half-transparent pixels are laid over; default `#fdfdfd`. */
  background?: Rgb;
}

/**
 * Step 1 ("convert the input to PNG"): decodes any format sharp reads (JPEG, PNG, WebP, GIF, TIFF,
 * AVIF…) to 8-bit sRGB, 3 channels. Only the first frame of an animation is read; alpha is
 * flattened onto `background` (ImageMagick would keep it, but the paper's thumbnails are opaque and
 * the later steps compare colours, so a transparent pixel must have one). Grey inputs become RGB
 * and 16-bit inputs 8-bit. Throws on unreadable or truncated data (sharp's `failOn: 'warning'`).
 * Opaque 8-bit PNG bytes take an in-process fast path with the same result (./decode-png.ts).
 */
export async function decodeImage(
  input: Uint8Array | string,
  options: DecodeOptions = {},
): Promise<RawImage> {
  if (typeof input !== 'string') {
    const fast = decodeOpaquePng(input);
    if (fast) return fast;
  }
  return decodeWithSharp(input, options);
}

/** {@link decodeImage} by sharp alone, for inputs the PNG fast path has already declined. */
export async function decodeWithSharp(
  input: Uint8Array | string,
  options: DecodeOptions = {},
): Promise<RawImage> {
  const [r, g, b] = options.background ?? DEFAULT_BACKGROUND;
  const src =
    typeof input === 'string'
      ? input
      : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const { default: sharp } = await import('sharp'); // loaded on first use: a PNG fast path never needs it
  const { data, info } = await sharp(src, { pages: 1, page: 0, failOn: 'warning' })
    .flatten({ background: { r, g, b } })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const image = {
    width: info.width,
    height: info.height,
    channels: info.channels,
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
  return image.channels === 3 ? image : toRgb(image);
}

/** The paper's thumbnail background, light grey. */
export const DEFAULT_BACKGROUND: Rgb = [0xfd, 0xfd, 0xfd];

/** Keeps the first three channels, or repeats a single grey one (defensive: sharp gives 3). */
function toRgb(img: RawImage): RawImage {
  const n = img.width * img.height;
  const out = new Uint8Array(n * 3);
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < 3; c++) {
      out[p * 3 + c] = img.data[p * img.channels + (img.channels >= 3 ? c : 0)];
    }
  }
  return { width: img.width, height: img.height, channels: 3, data: out };
}
