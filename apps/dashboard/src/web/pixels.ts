import { h } from './dom.js';

/** Decodes the API's base64 pixels. */
export function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * A canvas holding a grayscale image at one canvas pixel per image pixel; CSS scales it up with
 * `image-rendering: pixelated`, so the browser, not the server, does the enlarging.
 */
export function grayCanvas(
  pixels: ArrayLike<number>,
  rows: number,
  cols: number,
  props: Record<string, unknown> = {},
): HTMLCanvasElement {
  const canvas = h('canvas', { width: cols, height: rows, ...props });
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  const img = ctx.createImageData(cols, rows);
  for (let i = 0; i < rows * cols; i++) {
    const v = pixels[i];
    img.data[4 * i] = v;
    img.data[4 * i + 1] = v;
    img.data[4 * i + 2] = v;
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return canvas;
}
