import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RawImage } from './raw-image.js';
import type { Box } from './steps/trim.js';

/**
 * build/convert.wasm (compiled from assembly/): a PNG's inflate and unfilter, and steps 2–7 of an
 * RGB picture with a 3×3 sharpen, each the same bytes as the TypeScript (and zlib) it replaces
 * (tested). The URL is relative to this file; src/ and dist/ have the same depth.
 */
const WASM_URL = new URL('../build/convert.wasm', import.meta.url);

interface KernelExports {
  memory: WebAssembly.Memory;
  heap_base(): number;
  inflate_zlib(src: number, len: number, dst: number, cap: number): number;
  unfilter(buf: number, height: number, stride: number, bpp: number): number;
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
  batch_record_bytes(size: number): number;
  png_batch(
    table: number,
    n: number,
    size: number,
    limit: number,
    fillLevel: number,
    kernel: number,
    out: number,
    scratch: number,
  ): void;
}

/** What {@link convertLoadedRgb} gives: the `size²` grey pixels, the trim box and the contrast. */
export interface PixelResult {
  pixels: Uint8Array;
  box: Box | null;
  contrast: number;
}

const PAGE = 65536;

/** The instance of this thread, and where its picture lives: results, kernel, then the picture. */
let kernels: { k: KernelExports; result: number; kernel: number; src: number } | undefined;
let enabled = true;

/**
 * The compiled kernels, shared by the threads of a run: the main thread compiles them and hands
 * them to its workers ({@link useKernelModule}), so a worker starts on code that V8 has already
 * optimised (a WebAssembly module's code is shared between the threads that hold it).
 */
let compiled: WebAssembly.Module | undefined;

/** The compiled kernels (compiled on first use, synchronously: the module is small). */
export function kernelModule(): WebAssembly.Module {
  if (compiled) return compiled;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(readFileSync(fileURLToPath(WASM_URL)));
  } catch {
    throw new Error(
      `the conversion kernels ${WASM_URL.pathname} are missing: run \`npm run build\` (it compiles packages/convert/assembly).`,
    );
  }
  compiled = new WebAssembly.Module(bytes);
  return compiled;
}

/** Makes this thread use `module` (another thread's {@link kernelModule}) instead of compiling. */
export function useKernelModule(module: WebAssembly.Module): void {
  compiled ??= module;
}

/** The instance of this thread. */
function instance(): NonNullable<typeof kernels> {
  if (kernels) return kernels;
  const k = new WebAssembly.Instance(kernelModule(), { env: {} })
    .exports as unknown as KernelExports;
  const base = k.heap_base();
  kernels = { k, result: base, kernel: base + 32, src: base + 128 };
  return kernels;
}

/** Views of the kernels' memory, made again when it grows (growing detaches the old buffer). */
let views: { buffer: ArrayBuffer; u8: Uint8Array; i32: Int32Array; f64: Float64Array } | undefined;

/**
 * The most memory the kernels use: addresses are 32-bit, and passed to them as signed i32, so a
 * picture that needs more (a huge header) is left to the TypeScript path or to sharp.
 */
export const KERNEL_MEMORY_LIMIT = 2 ** 31 - PAGE;

/** Grows the kernels' memory to at least `end` bytes; returns views of it. */
function reserve(k: KernelExports, end: number): NonNullable<typeof views> {
  if (end > KERNEL_MEMORY_LIMIT) {
    throw new RangeError(`a picture needing ${end} bytes is too large for the WASM kernels`);
  }
  const have = k.memory.buffer.byteLength;
  if (end > have) k.memory.grow(Math.ceil((end - have) / PAGE));
  const buffer = k.memory.buffer;
  if (views?.buffer !== buffer) {
    views = {
      buffer,
      u8: new Uint8Array(buffer),
      i32: new Int32Array(buffer),
      f64: new Float64Array(buffer),
    };
  }
  return views;
}

/**
 * Results' pixels are cut from slabs of 256 pictures: one allocation (and one buffer for the
 * garbage collector to track) per 256 instead of one each.
 */
let slab = new Uint8Array(0);
let slabUsed = 0;

function takePixels(n: number): Uint8Array {
  if (slabUsed + n > slab.length) {
    slab = new Uint8Array(Math.max(n * 256, 1 << 16));
    slabUsed = 0;
  }
  slabUsed += n;
  return slab.subarray(slabUsed - n, slabUsed);
}

/** Tests turn the kernels off to check the TypeScript and zlib paths they replace; on by default. */
export function useWasmKernels(on: boolean): void {
  enabled = on;
}

/** True when the WASM kernels are used. */
export function wasmKernelsEnabled(): boolean {
  return enabled;
}

/** `n` rounded up to a multiple of 16 (in doubles: sizes from a header may pass 2³¹). */
const align = (n: number) => Math.ceil(n / 16) * 16;

/**
 * Inflates a PNG's image data (the zlib stream split over `idat`) and reverses its filters in the
 * kernels' memory, leaving `height` rows of `stride` bytes where {@link convertLoadedRgb} reads
 * its picture. False when the stream is malformed or does not inflate to exactly
 * `height · (stride + 1)` bytes.
 */
export function loadPngRows(
  idat: readonly Uint8Array[],
  height: number,
  stride: number,
  bpp: number,
): boolean {
  const { k, src } = instance();
  const expected = height * (stride + 1);
  let len = 0;
  for (const c of idat) len += c.length;
  const input = align(src + expected + 16);
  const mem = reserve(k, input + len).u8;
  let at = input;
  for (const c of idat) {
    mem.set(c, at);
    at += c.length;
  }
  // One byte more than expected: a longer stream fails (−2) instead of being cut short.
  if (k.inflate_zlib(input, len, src, expected + 1) !== expected) return false;
  return k.unfilter(src, height, stride, bpp) === 0;
}

/**
 * A whole zlib stream inflated by the kernel: its bytes, or null where zlib would fail (a
 * malformed or truncated stream, a wrong Adler-32) or the output would exceed `cap` bytes.
 */
export function inflateZlib(stream: Uint8Array, cap: number): Uint8Array | null {
  const { k, src } = instance();
  const input = align(src + cap + 16);
  reserve(k, input + stream.length).u8.set(stream, input);
  const n = k.inflate_zlib(input, stream.length, src, cap);
  return n < 0 ? null : new Uint8Array(k.memory.buffer.slice(src, src + n));
}

/** The rows {@link loadPngRows} left, copied out. */
export function loadedRows(height: number, stride: number): Uint8Array {
  const { k, src } = instance();
  return new Uint8Array(k.memory.buffer.slice(src, src + height * stride));
}

/** Puts the RGB picture `img` where {@link convertLoadedRgb} reads it. */
export function loadRgb(img: RawImage): void {
  const { k, src } = instance();
  reserve(k, src + img.data.length).u8.set(img.data, src);
}

/**
 * Steps 2–7 of the `w × h` RGB picture in the kernels' memory (`loadRgb`, `loadPngRows`): trim
 * with `limit` (the squared RGB distance), subsample to fit `size`, sharpen with the 3×3 `kernel`,
 * centre on `fillLevel` (the fill's negated grey), negate, grey; and the 98th-percentile contrast
 * against `fillLevel`.
 */
export function convertLoadedRgb(
  w: number,
  h: number,
  size: number,
  limit: number,
  fillLevel: number,
  kernel: Float64Array,
): PixelResult {
  const { k, src, result, kernel: kernelAt } = instance();
  const n = size * size;
  const work = align(src + w * h * 3 + 16); // the trim reads up to 16 bytes past the picture
  const out = align(work + k.work_bytes(size));
  const { f64 } = reserve(k, out + n);
  f64.set(kernel, kernelAt >> 3);
  k.convert_rgb(src, w, h, size, limit, fillLevel, kernelAt, work, out, result);
  return resultAt(reserve(k, out + n), out, n, result); // the same views: no growth since
}

/** The pixels (`n` bytes at `out`), box and contrast a kernel call left (`result`) in `views`. */
function resultAt(
  { u8, i32 }: NonNullable<typeof views>,
  out: number,
  n: number,
  result: number,
): PixelResult {
  const pixels = takePixels(n);
  pixels.set(u8.subarray(out, out + n));
  return { pixels, box: boxOf(i32, result >> 2), contrast: i32[(result >> 2) + 5] };
}

/** The single file of {@link convertRgb8Png}: its end, reused. */
const ONE_FILE = new Uint32Array(1);

/**
 * Steps 1–7 of a plain 8-bit RGB PNG file (assembly/png-file.ts says which) in one kernel call
 * (`png_batch` of one file): its chunks checked, its image data inflated and unfiltered, then
 * {@link convertLoadedRgb}'s steps, with the fill level of the top-left pixel when `fillLevel` < 0.
 * Gives `undefined` for a file of another kind (the caller's general path decides), null when the
 * image data is bad or the picture too large for the kernels, else the result and the top-left
 * pixel's colour.
 */
export function convertRgb8Png(
  bytes: Uint8Array,
  size: number,
  limit: number,
  fillLevel: number,
  kernel: Float64Array,
): (PixelResult & { corner: [number, number, number] }) | null | undefined {
  ONE_FILE[0] = bytes.length;
  const done = runPngBatch(bytes, ONE_FILE, size, limit, fillLevel, kernel);
  const status = done ? done.views.i32[done.out >> 2] : 0;
  if (status !== 1) return status === 0 ? undefined : null;
  const { out } = done!;
  const { u8, i32 } = done!.views;
  const n = size * size;
  const pixels = takePixels(n);
  pixels.set(u8.subarray(out + RECORD_HEAD, out + RECORD_HEAD + n));
  return {
    pixels,
    box: boxOf(i32, (out >> 2) + 1),
    contrast: i32[(out >> 2) + 6],
    corner: [u8[out + 28], u8[out + 29], u8[out + 30]],
  };
}

/** The box at `i32[at]` (found, x, y, width, height), as the kernels leave it; null if not found. */
export function boxOf(i32: Int32Array, at: number): PixelResult['box'] {
  if (i32[at] !== 1) return null;
  return { x: i32[at + 1], y: i32[at + 2], width: i32[at + 3], height: i32[at + 4] };
}

/** Bytes before a `png_batch` record's pixels (assembly/png-file.ts's RECORD_HEAD). */
const RECORD_HEAD = 32;

/** True when `bytes` hold PNG's 8-byte signature at `at`. */
export function startsAsPng(bytes: Uint8Array, at: number): boolean {
  return (
    bytes[at] === 0x89 &&
    bytes[at + 1] === 0x50 &&
    bytes[at + 2] === 0x4e &&
    bytes[at + 3] === 0x47 &&
    bytes[at + 4] === 0x0d &&
    bytes[at + 5] === 0x0a &&
    bytes[at + 6] === 0x1a &&
    bytes[at + 7] === 0x0a
  );
}

/** What {@link convertRgb8PngBatch} gives for a batch of n files. */
export interface BatchResults {
  /**
   * Per file: 1 converted; 0 not a plain 8-bit RGB PNG, −1 bad image data, −2 too large for the
   * kernels (for these three the caller takes its general path, which decides).
   */
  status: Int32Array<ArrayBuffer>;
  /** Per file 6 numbers: found (0/1), the box's x, y, width and height, the contrast. */
  facts: Int32Array<ArrayBuffer>;
  /** `size²` pixels per file (zero for a file not converted). */
  pixels: Uint8Array<ArrayBuffer>;
}

/**
 * {@link convertRgb8Png} for a batch of files in one kernel call (assembly/png-file.ts's
 * `png_batch`), so that a worker thread runs no JavaScript per picture: the files are `bytes`,
 * file j ending at `ends[j]`.
 */
export function convertRgb8PngBatch(
  bytes: Uint8Array,
  ends: Uint32Array,
  size: number,
  limit: number,
  fillLevel: number,
  kernel: Float64Array,
): BatchResults {
  const n = ends.length;
  const area = size * size;
  const results: BatchResults = {
    status: new Int32Array(n),
    facts: new Int32Array(6 * n),
    pixels: new Uint8Array(n * area),
  };
  const done = runPngBatch(bytes, ends, size, limit, fillLevel, kernel);
  if (!done) return results; // all left to the general path
  const { out, rec } = done;
  const { u8, i32 } = done.views;
  for (let j = 0; j < n; j++) {
    const r = out + j * rec;
    results.status[j] = i32[r >> 2];
    if (results.status[j] !== 1) continue;
    results.facts.set(i32.subarray((r >> 2) + 1, (r >> 2) + 7), 6 * j);
    results.pixels.set(u8.subarray(r + RECORD_HEAD, r + RECORD_HEAD + area), j * area);
  }
  return results;
}

/**
 * Lays out the files of `bytes` (file j ending at `ends[j]`) in kernel memory and runs
 * `png_batch`; gives the memory's views after the call and where the records are (`out`, `rec`
 * bytes each), or null when the batch cannot fit (every file is then left to the general path).
 */
function runPngBatch(
  bytes: Uint8Array,
  ends: Uint32Array,
  size: number,
  limit: number,
  fillLevel: number,
  kernel: Float64Array,
): { views: NonNullable<typeof views>; out: number; rec: number } | null {
  const { k, src, kernel: kernelAt } = instance();
  const n = ends.length;
  const rec = k.batch_record_bytes(size);
  // Only files that start as PNGs go into kernel memory: another kind would only take room.
  const isPng = (from: number, to: number) => to - from >= 8 && startsAsPng(bytes, from);
  let pngBytes = 0;
  for (let j = 0, from = 0; j < n; from = ends[j++]) {
    if (isPng(from, ends[j])) pngBytes += ends[j] - from;
  }
  const files = align(src + 8 * n);
  const out = align(files + pngBytes);
  const scratch = align(out + n * rec);
  if (scratch + 64 > KERNEL_MEMORY_LIMIT) return null;
  const before = reserve(k, scratch + 64);
  before.f64.set(kernel, kernelAt >> 3);
  let at = files;
  for (let j = 0, from = 0; j < n; from = ends[j++]) {
    const length = isPng(from, ends[j]) ? ends[j] - from : 0; // 0: png_batch leaves it
    before.u8.set(bytes.subarray(from, from + length), at);
    before.i32[(src >> 2) + 2 * j] = at;
    before.i32[(src >> 2) + 2 * j + 1] = length;
    at += length;
  }
  k.png_batch(src, n, size, limit, fillLevel, kernelAt, out, scratch);
  // Views of the memory as the call left it (it grows the memory when a picture needs more).
  return { views: reserve(k, scratch + 64), out, rec };
}
