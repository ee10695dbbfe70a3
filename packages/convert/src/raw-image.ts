/**
 * An 8-bit image in memory: `channels` interleaved samples per pixel (3 = RGB, 1 = grey), rows
 * top to bottom, no padding. Every pipeline step takes and returns this shape.
 */
export interface RawImage {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array;
}

/** An RGB colour, 0–255 per channel. */
export type Rgb = readonly [number, number, number];

/** A new image of `width × height` filled with `colour` (grey images take its first channel). */
export function filledImage(
  width: number,
  height: number,
  channels: number,
  colour: Rgb,
): RawImage {
  const data = new Uint8Array(width * height * channels);
  if (channels === 1) data.fill(colour[0]);
  else {
    for (let i = 0; i < data.length; i += channels) {
      for (let c = 0; c < channels; c++) data[i + c] = colour[c] ?? 0;
    }
  }
  return { width, height, channels, data };
}

/** The colour of the pixel at (x, y); a grey pixel repeats its value. */
export function pixelAt(img: RawImage, x: number, y: number): Rgb {
  const i = (y * img.width + x) * img.channels;
  const d = img.data;
  return img.channels >= 3 ? [d[i], d[i + 1], d[i + 2]] : [d[i], d[i], d[i]];
}

/** Parses `#rgb`, `#rrggbb` or `r,g,b` (0–255) into a colour; throws on anything else. */
export function parseColour(text: string): Rgb {
  const s = text.trim().toLowerCase();
  let m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(s);
  if (m) return [0x11 * parseInt(m[1], 16), 0x11 * parseInt(m[2], 16), 0x11 * parseInt(m[3], 16)];
  m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(s);
  if (m) return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
  m = /^(\d{1,3}),(\d{1,3}),(\d{1,3})$/.exec(s.replace(/\s+/g, ''));
  if (m) {
    const c = [Number(m[1]), Number(m[2]), Number(m[3])] as const;
    if (c.every((v) => v <= 255)) return c;
  }
  throw new RangeError(`not a colour: "${text}" (use #rrggbb or r,g,b)`);
}

/** `#rrggbb` of a colour. */
export function formatColour(c: Rgb): string {
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * `Math.round(x)` for `0 ≤ x < 2³¹ − 1`, the same value always, and faster on pixel data (V8's
 * `Math.round` is a float floor plus a data-dependent branch). `x + 0.5` is exact there, or rounds
 * without crossing an integer, except for 0.49999999999999994 (the double just below ½), whose
 * sum rounds up to 1: that one value is tested for.
 */
export function roundHalfUp(x: number): number {
  return x === 0.49999999999999994 ? 0 : (x + 0.5) | 0;
}
