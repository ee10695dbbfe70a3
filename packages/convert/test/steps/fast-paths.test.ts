// The speed-ups must not change a single pixel: the row-wise trim, the unrolled 3×3 sharpen,
// convertRaw's fused steps 5–7 and the WASM kernel of steps 2–7 are checked against the plain
// per-pixel definitions (written out here, as the steps were first written) on seeded pictures,
// noisy ones included.
import { Random } from '@fmnist/ml';
import { describe, expect, it, onTestFinished } from 'vitest';
import { convertRaw, type PipelineOptions } from '../../src/pipeline.js';
import { filledImage, pixelAt, roundHalfUp, type RawImage } from '../../src/raw-image.js';
import { extent } from '../../src/steps/extent.js';
import { grayscale } from '../../src/steps/grayscale.js';
import { negate } from '../../src/steps/negate.js';
import { sampleToFit } from '../../src/steps/sample.js';
import { sharpen, sharpenKernel } from '../../src/steps/sharpen.js';
import { crop, trimBox, type Box } from '../../src/steps/trim.js';
import { useWasmKernels } from '../../src/kernels.js';
import { generateImages } from '../helpers/shapes.js';

/** ImageMagick's GetImageBoundingBox, pixel by pixel, as trimBox first did it. */
function referenceBox(img: RawImage, fuzz: number): Box | null {
  const { width: w, height: h, channels: ch, data } = img;
  const limit = 3 * (fuzz * 255) ** 2;
  const colour = (i: number) => (ch >= 3 ? [data[i], data[i + 1], data[i + 2]] : [data[i]]);
  const differs = (i: number, t: number[]) => {
    const c = colour(i);
    const d = ch >= 3 ? c.reduce((s, v, k) => s + (v - t[k]) ** 2, 0) : 3 * (c[0] - t[0]) ** 2;
    return d > limit;
  };
  const [tl, tr, bl] = [colour(0), colour((w - 1) * ch), colour((h - 1) * w * ch)];
  let [left, top, right, bottom] = [w, h, 0, 0];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * ch;
      if ((x < left || y < top) && differs(i, tl)) {
        if (x < left) left = x;
        if (y < top) top = y;
      }
      if (x > right && differs(i, tr)) right = x;
      if (y > bottom && differs(i, bl)) bottom = y;
    }
  }
  if (right === 0 || bottom === 0 || right < left || bottom < top) return null;
  return { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

/** The general convolution: every kernel tap, edge pixels repeated, summed row by row. */
function referenceSharpen(img: RawImage, radius: number, sigma: number): RawImage {
  const { width: w, height: h, channels: ch, data } = img;
  const { width: kw, weights } = sharpenKernel(radius, sigma);
  const half = (kw - 1) / 2;
  const out = new Uint8Array(data.length);
  const clamp = (v: number, hi: number) => Math.min(hi, Math.max(0, v));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < ch; c++) {
        let acc = 0;
        let k = 0;
        for (let v = 0; v < kw; v++) {
          for (let u = 0; u < kw; u++) {
            const p = (clamp(y + v - half, h - 1) * w + clamp(x + u - half, w - 1)) * ch + c;
            acc += weights[k++] * data[p];
          }
        }
        out[(y * w + x) * ch + c] = acc <= 0 ? 0 : acc >= 255 ? 255 : Math.round(acc);
      }
    }
  }
  return { width: w, height: h, channels: ch, data: out };
}

/** Each pixel repeated `f × f` times. */
function upscale(img: RawImage, f: number): RawImage {
  const { width: w, height: h, channels: ch } = img;
  const data = new Uint8Array(w * f * h * f * ch);
  for (let y = 0; y < h * f; y++) {
    for (let x = 0; x < w * f; x++) {
      const s = (Math.floor(y / f) * w + Math.floor(x / f)) * ch;
      data.set(img.data.subarray(s, s + ch), (y * w * f + x) * ch);
    }
  }
  return { width: w * f, height: h * f, channels: ch, data };
}

/** Pictures with plain backgrounds (generated shapes) and with noise everywhere. */
function pictures(): RawImage[] {
  const out = generateImages(80, 11).map((g) => g.image);
  // Large ones too (the WASM kernel grows its memory for them).
  out.push(
    ...generateImages(400, 13)
      .filter((_, i) => i % 100 === 0)
      .map((g) => upscale(g.image, 5)),
  );
  const rng = new Random(12);
  for (let n = 0; n < 40; n++) {
    const width = rng.between(1, 40);
    const height = rng.between(1, 40);
    const channels = n % 4 === 0 ? 1 : 3;
    const data = new Uint8Array(width * height * channels);
    const base = rng.between(0, 255);
    // Mostly near the corner colour, so the fuzz threshold is crossed here and there.
    for (let i = 0; i < data.length; i++) data[i] = rng.random() < 0.7 ? base : rng.between(0, 255);
    out.push({ width, height, channels, data });
  }
  return out;
}

/** The 98th percentile of |pixel − level|, by sorting. */
function contrastOf(pixels: Uint8Array, level: number): number {
  const d = Array.from(pixels, (v) => Math.abs(v - level)).sort((a, b) => a - b);
  return d[Math.floor(0.98 * (d.length - 1))];
}

/** The first index where `a` and `b` differ (or their lengths do), −1 when they are equal. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return -1;
}

describe('fast paths equal the plain definitions', () => {
  const images = pictures();

  it('roundHalfUp is Math.round on [0, 2³¹ − 1), halves and the double below ½ included', () => {
    const below = (x: number) => x - Number.EPSILON * Math.max(1, x) * 0.5; // a few ulps under x
    const values = [0, -0, 0.49999999999999994, 0.5, 1.5, 2.5, 254.5, 255, 2 ** 31 - 2, 1e-300];
    const rng = new Random(5);
    for (let i = 0; i < 20000; i++) {
      const n = rng.between(0, 300);
      values.push(
        n + 0.5,
        below(n + 0.5),
        n + rng.random(),
        rng.random() * 2 ** rng.between(0, 30),
      );
    }
    for (let k = 1; k < 60; k++) values.push(0.5 - 2 ** -k, 0.5 + 2 ** -k, 0.25 + 2 ** -k);
    for (const x of values)
      if (roundHalfUp(x) !== Math.round(x)) expect([x, roundHalfUp(x)]).toBe(Math.round(x));
  });

  it('trimBox finds the same box as the per-pixel scan', () => {
    for (const fuzz of [0, 0.05, 0.2]) {
      for (const img of images) expect(trimBox(img, { fuzz })).toEqual(referenceBox(img, fuzz));
    }
  });

  it('sharpen gives the same bytes as the general convolution (3×3 and larger kernels)', () => {
    for (const [radius, sigma] of [
      [1, 1],
      [0.5, 0.7],
      [2, 1.5],
    ]) {
      for (const img of images) {
        expect(
          firstDifference(
            sharpen(img, { radius, sigma }).data,
            referenceSharpen(img, radius, sigma).data,
          ),
        ).toBe(-1);
      }
    }
  });

  it.each([
    ['the WASM kernel', true],
    ['TypeScript', false],
  ])('convertRaw (%s) equals the seven steps composed one by one', (_, wasm) => {
    useWasmKernels(wasm);
    onTestFinished(() => useWasmKernels(true));
    const optionSets: PipelineOptions[] = [
      {},
      { size: 20, fuzz: 0.1 },
      { size: 9, fill: [0, 128, 255], sharpenRadius: 2, sharpenSigma: 1.5 },
      { size: 64, fill: [12.5, 300, -1] as unknown as [number, number, number] },
    ];
    for (const options of optionSets) {
      const size = options.size ?? 28;
      for (const img of images) {
        const got = convertRaw(img, options);
        const box = trimBox(img, { fuzz: options.fuzz ?? 0.05 });
        expect(got.box).toEqual(box);
        const fill = options.fill && options.fill !== 'corner' ? options.fill : pixelAt(img, 0, 0);
        const fillLevel = grayscale(negate(filledImage(1, 1, 3, fill))).data[0];
        expect(got.contrast).toBe(box ? contrastOf(got.pixels, fillLevel) : 0);
        const inner = box
          ? sharpen(sampleToFit(crop(img, box), size), {
              radius: options.sharpenRadius ?? 1,
              sigma: options.sharpenSigma ?? 1,
            })
          : { width: 0, height: 0, channels: img.channels, data: new Uint8Array(0) };
        const want = grayscale(negate(extent(inner, size, fill))).data;
        expect(firstDifference(got.pixels, want)).toBe(-1);
      }
    }
  });
});
