import { createHash } from 'node:crypto';
import { formatColour, pixelAt, roundHalfUp, type Rgb, type RawImage } from './raw-image.js';
import { DEFAULT_BACKGROUND, decodeImage } from './steps/decode.js';
import { centreOffset, extent } from './steps/extent.js';
import { LUMA_709, grayscale } from './steps/grayscale.js';
import { negate } from './steps/negate.js';
import { fitSize, sampleRegion, sampleToFit } from './steps/sample.js';
import { cachedKernel, sharpen } from './steps/sharpen.js';
import { crop, trimBox, type Box } from './steps/trim.js';
import {
  KERNEL_MEMORY_LIMIT,
  convertLoadedRgb,
  convertRgb8Png,
  convertRgb8PngBatch,
  loadRgb,
  wasmKernelsEnabled,
  type BatchResults,
  type PixelResult,
} from './kernels.js';
import { decodeParsedPng, parseOpaquePng } from './steps/decode-png.js';

/** Parameters of the conversion; every field has the paper's value as its default. */
export interface PipelineOptions {
  /** Side of the square output in pixels; default 28. */
  size?: number;
  /** Trim tolerance, a fraction of the largest RGB distance; default 0.05 (see `trimBox`). */
  fuzz?: number;
  /** Colour transparent pixels are flattened onto; default `#fdfdfd`, the paper's background. */
  background?: Rgb;
  /**
   * Colour of the margins added by step 5: `'corner'` (default) takes the top-left pixel, the colour
   * trim treated as background, so the margins match the picture's own background.
   */
  fill?: Rgb | 'corner';
  /** Sharpen radius in pixels; default 1. */
  sharpenRadius?: number;
  /** Sharpen Gaussian σ in pixels; default 1. */
  sharpenSigma?: number;
  /**
   * A result whose product stands out from the background by fewer grey levels than this is
   * flagged low-contrast (the paper left white products out); default 40.
   */
  minContrast?: number;
}

/** Every option filled in. */
export type ResolvedPipelineOptions = Required<PipelineOptions>;

/** The paper's parameters. */
export const DEFAULT_PIPELINE: ResolvedPipelineOptions = {
  size: 28,
  fuzz: 0.05,
  background: DEFAULT_BACKGROUND,
  fill: 'corner',
  sharpenRadius: 1,
  sharpenSigma: 1,
  minContrast: 40,
};

/** Fills in defaults and checks ranges; throws `RangeError` on a bad value. */
export function resolvePipelineOptions(options: PipelineOptions = {}): ResolvedPipelineOptions {
  if (RESOLVED.has(options)) return options as ResolvedPipelineOptions;
  const o = { ...DEFAULT_PIPELINE, ...stripUndefined(options) };
  if (!Number.isInteger(o.size) || o.size < 1 || o.size > 4096) {
    throw new RangeError(`size must be an integer from 1 to 4096, got ${o.size}`);
  }
  if (!(o.fuzz >= 0 && o.fuzz <= 1)) throw new RangeError(`fuzz must be in [0, 1], got ${o.fuzz}`);
  if (!(o.sharpenRadius >= 0 && o.sharpenRadius <= 10)) {
    throw new RangeError(`sharpen radius must be in [0, 10], got ${o.sharpenRadius}`);
  }
  if (!(o.sharpenSigma > 0))
    throw new RangeError(`sharpen sigma must be > 0, got ${o.sharpenSigma}`);
  RESOLVED.add(o);
  return o;
}

/** Objects {@link resolvePipelineOptions} made: passing one back costs nothing per picture. */
const RESOLVED = new WeakSet<object>();

/** A short, stable hash of the options that change the output (part of the resume cache key). */
export function pipelineHash(options: ResolvedPipelineOptions): string {
  const o = options;
  const fill = o.fill === 'corner' ? 'corner' : formatColour(o.fill);
  const text = JSON.stringify([
    'v1',
    o.size,
    o.fuzz,
    formatColour(o.background),
    fill,
    o.sharpenRadius,
    o.sharpenSigma,
  ]);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** What one conversion produced. */
export interface ConvertResult {
  /** `size × size` grey pixels, row-major, product light on dark. */
  pixels: Uint8Array;
  /** The trimmed region of the input, or `null` when the picture was all background. */
  box: Box | null;
  /** The corner colour trim took as background. */
  corner: Rgb;
  /** Grey levels by which the product stands out from the background (98th percentile). */
  contrast: number;
  /** `contrast < minContrast`, or nothing left after trimming. */
  lowContrast: boolean;
}

/**
 * Steps 1–7 for a PNG that step 1's fast path takes (`decodeOpaquePng`), or null for any other
 * picture (the caller decodes it with sharp). A plain 8-bit RGB PNG with a 3×3 sharpen, the
 * thumbnails' kind, never leaves the WASM kernels' memory: its bytes to the result in one call.
 */
export function convertPng(bytes: Uint8Array, options: PipelineOptions = {}): ConvertResult | null {
  const o = resolvePipelineOptions(options);
  const fast = fileKernelSettings(o);
  if (fast) {
    const r = convertRgb8Png(bytes, o.size, fast.limit, fast.fillLevel, fast.weights);
    if (r !== undefined) return r && resultOf(o, r, r.corner);
  }
  const png = parseOpaquePng(bytes);
  const img = png && decodeParsedPng(png);
  return img && convertRaw(img, o);
}

/**
 * {@link convertPng}'s kernel path for a batch of files (`bytes`, file j ending at `ends[j]`) in
 * one call, for a worker thread: per file, status 1 and the result, or another status for a file
 * each of which the caller then gives to {@link convertPng} (see `BatchResults`). Null when these
 * options rule the kernel path out (a larger sharpen, the kernels turned off).
 */
export function convertPngBatch(
  bytes: Uint8Array,
  ends: Uint32Array,
  options: ResolvedPipelineOptions,
): BatchResults | null {
  const fast = fileKernelSettings(options);
  if (!fast) return null;
  return convertRgb8PngBatch(bytes, ends, options.size, fast.limit, fast.fillLevel, fast.weights);
}

/**
 * The arguments of the kernels' file path for `o` (trim limit, fill level, −1 for the corner's,
 * sharpen weights), or null when it does not apply (a sharpen larger than 3×3, kernels off).
 */
function fileKernelSettings(o: ResolvedPipelineOptions) {
  const kernel = cachedKernel(o.sharpenRadius, o.sharpenSigma);
  if (kernel.width !== 3 || !wasmKernelsEnabled()) return null;
  const fillLevel = o.fill === 'corner' ? -1 : fillLevelOf(o.fill);
  return { limit: trimLimit(o), fillLevel, weights: kernel.weights };
}

/**
 * Steps 2–7 on a decoded picture: trim, subsample the longest edge to `size`, sharpen, extend to a
 * centred square, negate, grayscale. Pure and synchronous.
 */
export function convertRaw(img: RawImage, options: PipelineOptions = {}): ConvertResult {
  const o = resolvePipelineOptions(options);
  const corner = pixelAt(img, 0, 0);
  const fill = o.fill === 'corner' ? corner : o.fill;
  const kernel = cachedKernel(o.sharpenRadius, o.sharpenSigma);
  if (
    img.channels === 3 &&
    kernel.width === 3 &&
    img.width * img.height > 0 &&
    img.data.length < KERNEL_MEMORY_LIMIT / 2 &&
    wasmKernelsEnabled()
  ) {
    // The common case in one WASM call (kernels.ts): the same bytes as the steps below.
    loadRgb(img);
    return convertInKernels(o, kernel.weights, corner, img.width, img.height);
  }
  const bgLevel = fillLevelOf(fill);
  const box = trimBox(img, { fuzz: o.fuzz });
  let pixels: Uint8Array;
  if (box && img.channels === 3) {
    const fit = fitSize(box.width, box.height, o.size);
    const small = sampleRegion(img, box, fit.width, fit.height); // = sampleToFit(crop(img, box))
    const sharp = sharpen(small, { radius: o.sharpenRadius, sigma: o.sharpenSigma });
    pixels = extentNegateGrey(sharp, o.size, bgLevel);
  } else {
    let square: RawImage;
    if (box) {
      const small = sampleToFit(crop(img, box), o.size);
      const sharp = sharpen(small, { radius: o.sharpenRadius, sigma: o.sharpenSigma });
      square = extent(sharp, o.size, fill);
    } else {
      square = extent(
        { width: 0, height: 0, channels: img.channels, data: new Uint8Array(0) },
        o.size,
        fill,
      );
    }
    pixels = grayscale(negate(square)).data;
  }
  const contrast = box ? percentileDistance(pixels, bgLevel, 0.98) : 0;
  return resultOf(o, { pixels, box, contrast }, corner);
}

/**
 * Steps 2–7 in the WASM kernels of the `w × h` RGB picture in their memory, whose top-left pixel
 * is `corner`.
 */
function convertInKernels(
  o: ResolvedPipelineOptions,
  kernel: Float64Array,
  corner: Rgb,
  w: number,
  h: number,
): ConvertResult {
  const level = fillLevelOf(o.fill === 'corner' ? corner : o.fill);
  return resultOf(o, convertLoadedRgb(w, h, o.size, trimLimit(o), level, kernel), corner);
}

/** The trim's limit for the kernels: the squared RGB distance of `fuzz` on every channel. */
function trimLimit(o: ResolvedPipelineOptions): number {
  const fuzz = o.fuzz * 255;
  return 3 * fuzz * fuzz;
}

function resultOf(o: ResolvedPipelineOptions, r: PixelResult, corner: Rgb): ConvertResult {
  const { pixels, box, contrast } = r;
  return { pixels, box, corner, contrast, lowContrast: isLowContrast(o, box, contrast) };
}

/** The low-contrast flag: no product found, or one standing out by fewer than `minContrast` levels. */
export function isLowContrast(
  o: ResolvedPipelineOptions,
  box: Box | null,
  contrast: number,
): boolean {
  return !box || contrast < o.minContrast;
}

/** The grey level of the fill colour after steps 6 and 7 (its bytes as a Uint8Array holds them). */
function fillLevelOf(fill: Rgb): number {
  return greyOfNegated(Uint8Array.from(fill), 0);
}

/** Step 7 of step 6 of the RGB sample at `i`: exactly `grayscale(negate(·))` of that pixel. */
function greyOfNegated(data: Uint8Array, i: number): number {
  return roundHalfUp(WR * (255 - data[i]) + WG * (255 - data[i + 1]) + WB * (255 - data[i + 2]));
}
const [WR, WG, WB] = LUMA_709;

/**
 * Steps 5–7 in one pass over an RGB image: `grayscale(negate(extent(img, size, fill)))` where
 * `fillLevel` is the fill colour's grey after negation, without the two intermediate images.
 */
function extentNegateGrey(img: RawImage, size: number, fillLevel: number): Uint8Array {
  const out = new Uint8Array(size * size).fill(fillLevel);
  const ox = centreOffset(size, img.width);
  const oy = centreOffset(size, img.height);
  const x0 = Math.max(0, -ox);
  const x1 = Math.min(img.width, size - ox);
  for (let y = Math.max(0, -oy); y < img.height && y + oy < size; y++) {
    for (let x = x0, s = (y * img.width + x0) * 3, t = (y + oy) * size + x0 + ox; x < x1; x++) {
      out[t] = greyOfNegated(img.data, s);
      s += 3;
      t++;
    }
  }
  return out;
}

/** Step 1 then {@link convertRaw}: a file path or encoded bytes to a `size × size` grey image. */
export async function convertImage(
  input: Uint8Array | string,
  options: PipelineOptions = {},
): Promise<ConvertResult> {
  const o = resolvePipelineOptions(options);
  const img = await decodeImage(input, { background: o.background });
  return convertRaw(img, o);
}

/** The `q` quantile of `|v − ref|` over the pixels (counting sort: 256 bins). */
function percentileDistance(pixels: Uint8Array, ref: number, q: number): number {
  const hist = new Uint32Array(256);
  for (let i = 0; i < pixels.length; i++) hist[Math.abs(pixels[i] - ref)]++;
  const rank = Math.floor(q * (pixels.length - 1));
  let seen = 0;
  for (let d = 0; d < 256; d++) {
    seen += hist[d];
    if (seen > rank) return d;
  }
  return 255;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
