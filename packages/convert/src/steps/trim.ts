import type { RawImage } from '../raw-image.js';

/** A rectangle of pixels: top-left corner and size. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Options of {@link trimBox} and {@link trim}. */
export interface TrimOptions {
  /**
   * How close a colour must be to the corner colour to count as background, as a fraction of the
   * largest possible distance; default 0.05 (the paper's 5 %). The distance is Euclidean in RGB and,
   * as in ImageMagick 6's `-fuzz`, compared with `fuzz × 255 × √3` (the cube's diagonal), so 5 %
   * lets each channel of a grey step differ by up to 12 levels, one channel alone by 22.
   */
  fuzz?: number;
}

/**
 * Step 2's test: the bounding box of the pixels that differ from the corner colours, exactly as
 * ImageMagick 6's `GetImageBoundingBox` (the box `-trim` crops to). The left and top edges compare
 * with the top-left pixel, the right edge with the top-right one, the bottom edge with the
 * bottom-left one; column 0 never moves the right edge nor row 0 the bottom edge (ImageMagick's
 * strict `>` from 0). Returns `null` where ImageMagick finds no box ("geometry does not contain
 * image": a plain image, or a product touching only the first row or column).
 */
export function trimBox(img: RawImage, options: TrimOptions = {}): Box | null {
  const { width: w, height: h, channels: ch, data } = img;
  if (w === 0 || h === 0) return null;
  const fuzz = (options.fuzz ?? 0.05) * 255;
  // Squared distance at or below which two colours are "similar" (ImageMagick's IsMagickColorSimilar).
  const limit = 3 * fuzz * fuzz;
  // Per pixel, ImageMagick moves the left/top edges when the pixel is left of `left` or above `top`
  // and differs from the top-left corner, the right edge when it is right of `right` and differs
  // from the top-right corner, the bottom edge when it is below `bottom` and differs from the
  // bottom-left corner. Per row that is: the first differing pixel from the left up to `left`, the
  // first from the right down to `right + 1`, and any differing pixel of a row below `bottom`: the
  // same box with far fewer comparisons.
  const { left, top, right, bottom } =
    ch >= 3 ? edgesRgb(data, w, h, ch, limit) : edgesGrey(data, w, h, ch, limit);
  if (right === 0 || bottom === 0 || right < left || bottom < top) return null;
  return { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

interface Edges {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The edges of {@link trimBox} for 3 or more channels (the first three compared). */
function edgesRgb(data: Uint8Array, w: number, h: number, ch: number, limit: number): Edges {
  const tr = (w - 1) * ch;
  const bl = (h - 1) * w * ch;
  const r0 = data[0];
  const g0 = data[1];
  const b0 = data[2];
  const r1 = data[tr];
  const g1 = data[tr + 1];
  const b1 = data[tr + 2];
  const r2 = data[bl];
  const g2 = data[bl + 1];
  const b2 = data[bl + 2];
  let left = w;
  let top = h;
  let right = 0;
  let bottom = 0;
  for (let y = 0; y < h; y++) {
    const rowStart = y * w * ch;
    for (let x = 0, i = rowStart; x < left; x++, i += ch) {
      const dr = data[i] - r0;
      const dg = data[i + 1] - g0;
      const db = data[i + 2] - b0;
      if (dr * dr + dg * dg + db * db > limit) {
        left = x;
        if (y < top) top = y;
        break;
      }
    }
    for (let x = w - 1, i = rowStart + x * ch; x > right; x--, i -= ch) {
      const dr = data[i] - r1;
      const dg = data[i + 1] - g1;
      const db = data[i + 2] - b1;
      if (dr * dr + dg * dg + db * db > limit) {
        right = x;
        break;
      }
    }
    if (y > bottom) {
      for (let x = 0, i = rowStart; x < w; x++, i += ch) {
        const dr = data[i] - r2;
        const dg = data[i + 1] - g2;
        const db = data[i + 2] - b2;
        if (dr * dr + dg * dg + db * db > limit) {
          bottom = y;
          break;
        }
      }
    }
  }
  return { left, top, right, bottom };
}

/** The edges of {@link trimBox} for 1 or 2 channels (the first compared, its squared difference counted 3 times). */
function edgesGrey(data: Uint8Array, w: number, h: number, ch: number, limit: number): Edges {
  const v0 = data[0];
  const v1 = data[(w - 1) * ch];
  const v2 = data[(h - 1) * w * ch];
  let left = w;
  let top = h;
  let right = 0;
  let bottom = 0;
  for (let y = 0; y < h; y++) {
    const rowStart = y * w * ch;
    for (let x = 0, i = rowStart; x < left; x++, i += ch) {
      if (3 * (data[i] - v0) * (data[i] - v0) > limit) {
        left = x;
        if (y < top) top = y;
        break;
      }
    }
    for (let x = w - 1, i = rowStart + x * ch; x > right; x--, i -= ch) {
      if (3 * (data[i] - v1) * (data[i] - v1) > limit) {
        right = x;
        break;
      }
    }
    if (y > bottom) {
      for (let x = 0, i = rowStart; x < w; x++, i += ch) {
        if (3 * (data[i] - v2) * (data[i] - v2) > limit) {
          bottom = y;
          break;
        }
      }
    }
  }
  return { left, top, right, bottom };
}

/** Copies the pixels of `box` out of `img` (ImageMagick's `-crop` followed by `+repage`). */
export function crop(img: RawImage, box: Box): RawImage {
  const { channels: ch } = img;
  const out = new Uint8Array(box.width * box.height * ch);
  const rowBytes = box.width * ch;
  for (let y = 0; y < box.height; y++) {
    const from = ((box.y + y) * img.width + box.x) * ch;
    out.set(img.data.subarray(from, from + rowBytes), y * rowBytes);
  }
  return { width: box.width, height: box.height, channels: ch, data: out };
}

/**
 * Step 2: trims the edges whose colour is within `fuzz` of the corner colours (ImageMagick's
 * `-fuzz 5% -trim +repage`). `box` is `null`, and `image` the input unchanged, when there is
 * nothing but background; the pipeline then reports an empty product instead of ImageMagick's
 * 1×1 transparent pixel.
 */
export function trim(
  img: RawImage,
  options: TrimOptions = {},
): { image: RawImage; box: Box | null } {
  const box = trimBox(img, options);
  return { image: box ? crop(img, box) : img, box };
}
