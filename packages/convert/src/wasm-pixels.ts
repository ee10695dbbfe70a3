import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RawImage } from './raw-image.js';
import type { Box } from './steps/trim.js';

/**
 * build/pixels.wasm (compiled from assembly/pixels.ts): steps 2–7 of an RGB picture with a 3×3
 * sharpen in one call, the same bytes as the TypeScript steps (tested). The URL is relative to
 * this file; src/ and dist/ have the same depth.
 */
const WASM_URL = new URL('../build/pixels.wasm', import.meta.url);

interface PixelExports {
  memory: WebAssembly.Memory;
  convert_rgb(
    src: number,
    w: number,
    h: number,
    size: number,
    limit: number,
    fillLevel: number,
    kernel: number,
    work: number,
    out: number,
    result: number,
  ): void;
  work_bytes(size: number): number;
}

/** What one call gives: the `size²` grey pixels, the trim box and the contrast. */
export interface PixelResult {
  pixels: Uint8Array;
  box: Box | null;
  contrast: number;
}

// Memory layout: the result (6 i32) at 0, the kernel (9 f64) at 64, 16 bytes of the kernel's own
// at 256, the picture from 1024, then the scratch and the output (see assembly/pixels.ts).
const RESULT = 0;
const KERNEL = 64;
const SRC = 1024;
const PAGE = 65536;

let exports: PixelExports | undefined;
let enabled = true;

/** The instance of this thread (compiled on first use, synchronously: the module is ~2 KB). */
function instance(): PixelExports {
  if (exports) return exports;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(readFileSync(fileURLToPath(WASM_URL)));
  } catch {
    throw new Error(
      `the pixel kernel ${WASM_URL.pathname} is missing: run \`npm run build\` (it compiles packages/convert/assembly).`,
    );
  }
  const module = new WebAssembly.Module(bytes);
  exports = new WebAssembly.Instance(module, { env: {} }).exports as unknown as PixelExports;
  return exports;
}

/** Tests turn the kernel off to check the TypeScript path it replaces; on by default. */
export function useWasmPixels(on: boolean): void {
  enabled = on;
}

/** True when {@link convertRgb} is used for RGB pictures with a 3×3 sharpen. */
export function wasmPixelsEnabled(): boolean {
  return enabled;
}

/**
 * Steps 2–7 of an RGB picture: trim with `limit` (the squared RGB distance), subsample to fit
 * `size`, sharpen with the 3×3 `kernel`, centre on `fillLevel` (the fill's negated grey), negate,
 * grey; and the 98th-percentile contrast against `fillLevel`.
 */
export function convertRgb(
  img: RawImage,
  size: number,
  limit: number,
  fillLevel: number,
  kernel: Float64Array,
): PixelResult {
  const k = instance();
  const { width: w, height: h, data } = img;
  const n = size * size;
  const work = align(SRC + w * h * 3 + 16); // the trim reads up to 16 bytes past the picture
  const out = align(work + k.work_bytes(size));
  const end = out + n;
  const have = k.memory.buffer.byteLength;
  if (end > have) k.memory.grow(Math.ceil((end - have) / PAGE));
  const buffer = k.memory.buffer;
  new Uint8Array(buffer, SRC, w * h * 3).set(data);
  new Float64Array(buffer, KERNEL, 9).set(kernel);
  k.convert_rgb(SRC, w, h, size, limit, fillLevel, KERNEL, work, out, RESULT);
  const r = new Int32Array(buffer, RESULT, 6);
  const pixels = new Uint8Array(buffer.slice(out, end));
  const box = r[0] === 1 ? { x: r[1], y: r[2], width: r[3], height: r[4] } : null;
  return { pixels, box, contrast: r[5] };
}

const align = (n: number) => (n + 7) & ~7;
