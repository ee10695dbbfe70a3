// Invariants of each step that hold whatever ImageMagick does (the golden comparisons are in
// fidelity.test.ts).
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RawImage } from '../../src/raw-image.js';
import { decodeImage } from '../../src/steps/decode.js';
import { centreOffset, extent } from '../../src/steps/extent.js';
import { grayscale } from '../../src/steps/grayscale.js';
import { negate } from '../../src/steps/negate.js';
import { fitSize, sample } from '../../src/steps/sample.js';
import { sharpen, sharpenKernel } from '../../src/steps/sharpen.js';
import { trimBox } from '../../src/steps/trim.js';

function canvas(w: number, h: number, bg: number[]): RawImage {
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < data.length; i += 3) data.set(bg, i);
  return { width: w, height: h, channels: 3, data };
}

function paint(img: RawImage, x0: number, y0: number, x1: number, y1: number, c: number[]): void {
  for (let y = y0; y <= y1; y++)
    for (let x = x0; x <= x1; x++) img.data.set(c, (y * img.width + x) * 3);
}

describe('trimBox', () => {
  it('finds the box of a product on a plain background', () => {
    const img = canvas(30, 20, [253, 253, 253]);
    paint(img, 4, 3, 10, 15, [20, 40, 200]);
    expect(trimBox(img)).toEqual({ x: 4, y: 3, width: 7, height: 13 });
  });

  it('is null for a plain picture', () => {
    expect(trimBox(canvas(5, 5, [9, 9, 9]))).toBeNull();
  });

  it('a larger fuzz swallows a faint product', () => {
    const img = canvas(10, 10, [200, 200, 200]);
    paint(img, 3, 3, 5, 5, [180, 180, 180]);
    expect(trimBox(img, { fuzz: 0.05 })).not.toBeNull();
    expect(trimBox(img, { fuzz: 0.1 })).toBeNull();
  });
});

describe('sample', () => {
  it('fits the longest edge to the size, the other rounded', () => {
    expect(fitSize(51, 73, 28)).toEqual({ width: 20, height: 28 });
    expect(fitSize(100, 10, 28)).toEqual({ width: 28, height: 3 });
    expect(fitSize(200, 2, 28)).toEqual({ width: 28, height: 1 });
    expect(fitSize(10, 10, 28)).toEqual({ width: 28, height: 28 });
  });

  it('copies pixels, never mixes them', () => {
    const img = canvas(13, 7, [0, 0, 0]);
    for (let i = 0; i < img.data.length; i++) img.data[i] = i % 251;
    const out = sample(img, 5, 3);
    const values = new Set(img.data);
    for (const v of out.data) expect(values.has(v)).toBe(true);
  });

  it('is the identity at the same size', () => {
    const img = canvas(9, 4, [1, 2, 3]);
    img.data[5] = 99;
    expect(sample(img, 9, 4).data).toEqual(img.data);
  });
});

describe('sharpen', () => {
  it("uses ImageMagick's normalised 3×3 kernel for 1×1", () => {
    const { width, weights } = sharpenKernel(1, 1);
    expect(width).toBe(3);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(weights[4]).toBeCloseTo(1.66089, 4);
    expect(weights[1]).toBeCloseTo(-0.10284, 4);
    expect(weights[0]).toBeCloseTo(-0.06238, 4);
  });

  it('leaves flat areas alone and steepens edges', () => {
    const img = canvas(6, 6, [100, 100, 100]);
    expect(sharpen(img).data).toEqual(img.data);
    paint(img, 3, 0, 5, 5, [200, 200, 200]);
    const out = sharpen(img);
    expect(out.data[(2 * 6 + 2) * 3]).toBeLessThan(100);
    expect(out.data[(2 * 6 + 3) * 3]).toBeGreaterThan(200);
  });
});

describe('extent, negate, grayscale', () => {
  it("centres as ImageMagick's gravity center", () => {
    expect(centreOffset(28, 20)).toBe(4);
    expect(centreOffset(28, 13)).toBe(8);
    expect(centreOffset(28, 27)).toBe(1);
    const out = extent(canvas(2, 1, [255, 0, 0]), 4, [0, 0, 255]);
    expect(Array.from(out.data.subarray(0, 12))).toEqual([
      0, 0, 255, 0, 0, 255, 0, 0, 255, 0, 0, 255,
    ]);
    expect(Array.from(out.data.subarray(24, 36))).toEqual([
      0, 0, 255, 255, 0, 0, 255, 0, 0, 0, 0, 255,
    ]);
  });

  it('negate twice is the identity; grey takes Rec. 709 weights', () => {
    const img = canvas(3, 1, [0, 0, 0]);
    img.data.set([255, 0, 0, 0, 255, 0, 0, 0, 255]);
    expect(negate(negate(img)).data).toEqual(img.data);
    expect(Array.from(grayscale(img).data)).toEqual([54, 182, 18]);
    expect(grayscale(canvas(2, 2, [77, 77, 77])).data.every((v) => v === 77)).toBe(true);
  });
});

describe('decodeImage', () => {
  const rgba = Buffer.alloc(4 * 4 * 4);
  for (let p = 0; p < 16; p++) rgba.set(p < 8 ? [200, 10, 10, 255] : [0, 0, 0, 0], p * 4);
  const raw = { raw: { width: 4, height: 4, channels: 4 as const } };

  it('flattens alpha onto the background colour', async () => {
    const png = await sharp(rgba, raw).png().toBuffer();
    const img = await decodeImage(png, { background: [1, 2, 3] });
    expect(img.channels).toBe(3);
    expect(Array.from(img.data.subarray(0, 3))).toEqual([200, 10, 10]);
    expect(Array.from(img.data.subarray(45, 48))).toEqual([1, 2, 3]);
  });

  it('reads JPEG, WebP, the first frame of a GIF, and grey PNG', async () => {
    const opaque = await sharp(rgba, raw).flatten({ background: '#ffffff' }).toBuffer();
    const rgb = { raw: { width: 4, height: 4, channels: 3 as const } };
    for (const bytes of [
      await sharp(opaque, rgb).jpeg({ quality: 95 }).toBuffer(),
      await sharp(opaque, rgb).webp({ lossless: true }).toBuffer(),
      await sharp(opaque, rgb).gif().toBuffer(),
    ]) {
      const img = await decodeImage(bytes);
      expect([img.width, img.height, img.channels]).toEqual([4, 4, 3]);
      expect(img.data[0]).toBeGreaterThan(150);
      expect(img.data[47]).toBeGreaterThan(200);
    }
    // Two frames stacked: only the first (red) is read.
    const frames = Buffer.concat([
      Buffer.alloc(4 * 4 * 3, 0).map((_, i) => (i % 3 === 0 ? 255 : 0)),
      Buffer.alloc(4 * 4 * 3, 0).map((_, i) => (i % 3 === 1 ? 255 : 0)),
    ]);
    const gif = await sharp(frames, { raw: { width: 4, height: 8, channels: 3, pageHeight: 4 } })
      .gif()
      .toBuffer();
    const first = await decodeImage(gif);
    expect([first.width, first.height]).toEqual([4, 4]);
    expect(Array.from(first.data.subarray(0, 3))).toEqual([255, 0, 0]);
    const grey = await sharp(Buffer.alloc(4, 77), { raw: { width: 2, height: 2, channels: 1 } })
      .png()
      .toBuffer();
    expect(Array.from((await decodeImage(grey)).data.subarray(0, 3))).toEqual([77, 77, 77]);
  });

  it('throws on bytes that are not a picture, or a cut-off one', async () => {
    await expect(decodeImage(Buffer.from('not a picture'))).rejects.toThrow();
    const png = await sharp(rgba, raw).png().toBuffer();
    await expect(decodeImage(png.subarray(0, png.length - 20))).rejects.toThrow();
  });
});
