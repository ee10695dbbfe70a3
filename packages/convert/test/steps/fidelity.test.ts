// Each step against ImageMagick 6 (Debian's /usr/bin/convert) running the same step on the same
// input: 60 seeded generated pictures (test/helpers/shapes.ts), one convert process per step.
import { beforeAll, describe, expect, it } from 'vitest';
import { convertRaw } from '../../src/pipeline.js';
import type { RawImage } from '../../src/raw-image.js';
import { extent } from '../../src/steps/extent.js';
import { grayscale } from '../../src/steps/grayscale.js';
import { negate } from '../../src/steps/negate.js';
import { sampleToFit } from '../../src/steps/sample.js';
import { sharpen } from '../../src/steps/sharpen.js';
import { crop, trimBox, type Box } from '../../src/steps/trim.js';
import { IMAGEMAGICK, imColour, magick, magickBatch } from '../helpers/imagemagick.js';
import { generateImages, type Generated } from '../helpers/shapes.js';
import { encodePng } from '../../src/demo.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const N = 60;
const corner = (img: RawImage) => [img.data[0], img.data[1], img.data[2]] as const;

function diffStats(a: RawImage, b: RawImage): { max: number; mad: number } {
  expect([a.width, a.height, a.channels]).toEqual([b.width, b.height, b.channels]);
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(a.data[i] - b.data[i]);
    sum += d;
    if (d > max) max = d;
  }
  return { max, mad: sum / a.data.length };
}

describe.skipIf(!IMAGEMAGICK)('each step matches ImageMagick 6', () => {
  let gen: Generated[];
  let boxes: (Box | null)[];
  let trimmed: RawImage[];

  beforeAll(() => {
    gen = generateImages(N, 20240607);
    boxes = gen.map((g) => trimBox(g.image, { fuzz: 0.05 }));
    trimmed = gen.map((g, k) => (boxes[k] ? crop(g.image, boxes[k]) : g.image));
  });

  it('trim: the same box as -fuzz 5% -trim on every picture', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fmnist-trim-'));
    try {
      const files = [];
      for (let k = 0; k < N; k++) {
        files.push(join(dir, `${k}.png`));
        await writeFile(files[k], await encodePng(gen[k].image));
      }
      const out = await magick([
        ...files,
        '-fuzz',
        '5%',
        '-trim',
        '-format',
        '%w %h %X %Y\\n',
        'info:',
      ]);
      const theirs = out
        .trim()
        .split('\n')
        .map((line) => {
          const [w, h, x, y] = line.split(' ').map(Number);
          return x < 0 ? null : { x, y, width: w, height: h };
        });
      expect(theirs).toEqual(boxes);
      // The set exercises real trimming, not only whole pictures.
      expect(boxes.filter((b, k) => b && b.width < gen[k].image.width).length).toBeGreaterThan(
        N / 2,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('trim: colours just inside and outside the 5 % fuzz', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'fmnist-fuzz-'));
    // One channel may differ by 22 (22² ≤ 3·12.75²), not 23; all three by 12, not 13.
    const cases: [number[], boolean][] = [
      [[222, 200, 200], false],
      [[223, 200, 200], true],
      [[212, 212, 212], false],
      [[213, 213, 213], true],
    ];
    for (const [colour, found] of cases) {
      const data = new Uint8Array(10 * 8 * 3).fill(200);
      data.set(colour, (4 * 10 + 5) * 3);
      const box = trimBox({ width: 10, height: 8, channels: 3, data });
      expect(box !== null).toBe(found);
      const file = join(tmp, 'fuzz.png');
      await writeFile(file, await encodePng({ width: 10, height: 8, channels: 3, data }));
      const im = await magick([file, '-fuzz', '5%', '-trim', '-format', '%X', 'info:']);
      expect(Number(im) >= 0).toBe(found);
    }
    await rm(tmp, { recursive: true, force: true });
  });

  it('sample: the same pixels as -sample 28x28 (longest edge to 28)', async () => {
    const ours = trimmed.map((t) => sampleToFit(t, 28));
    const theirs = await magickBatch(trimmed, () => ['-sample', '28x28']);
    for (let k = 0; k < N; k++) expect(diffStats(ours[k], theirs[k]).max).toBe(0);
  });

  it('sample: pixel choice on arbitrary sizes, up and down', async () => {
    const sizes = gen.slice(0, 20).map((_, k) => [3 + ((k * 7) % 40), 2 + ((k * 11) % 50)]);
    const ours = gen.slice(0, 20).map((g, k) => sampleExact(g.image, sizes[k]));
    const theirs = await magickBatch(
      gen.slice(0, 20).map((g) => g.image),
      (k) => ['-sample', `${sizes[k][0]}x${sizes[k][1]}!`],
    );
    for (let k = 0; k < 20; k++) expect(diffStats(ours[k], theirs[k]).max).toBe(0);
  });

  it('sharpen: -sharpen 1x1 within one grey level (ImageMagick rounds at 16 bits)', async () => {
    const inputs = trimmed.map((t) => sampleToFit(t, 28));
    const ours = inputs.map((img) => sharpen(img));
    const theirs = await magickBatch(inputs, () => ['-sharpen', '1x1']);
    let equal = 0;
    let total = 0;
    for (let k = 0; k < N; k++) {
      expect(diffStats(ours[k], theirs[k]).max).toBeLessThanOrEqual(1);
      for (let i = 0; i < ours[k].data.length; i++)
        equal += ours[k].data[i] === theirs[k].data[i] ? 1 : 0;
      total += ours[k].data.length;
    }
    expect(equal / total).toBeGreaterThan(0.99);
  });

  it('extent: the same placement as -gravity center -extent 28x28', async () => {
    const inputs = trimmed.map((t) => sharpen(sampleToFit(t, 28)));
    const ours = inputs.map((img, k) => extent(img, 28, corner(gen[k].image)));
    const theirs = await magickBatch(inputs, (k) => [
      '-background',
      imColour(corner(gen[k].image)),
      '-gravity',
      'center',
      '-extent',
      '28x28',
    ]);
    for (let k = 0; k < N; k++) expect(diffStats(ours[k], theirs[k]).max).toBe(0);
  });

  it('negate and grayscale: as -negate -colorspace Gray', async () => {
    const inputs = gen.slice(0, 20).map((g) => g.image);
    const ours = inputs.map((img) => grayscale(negate(img)));
    const theirs = await magickBatch(inputs, () => ['-negate', '-colorspace', 'Gray'], 'pgm');
    for (let k = 0; k < inputs.length; k++)
      expect(diffStats(ours[k], theirs[k]).max).toBeLessThanOrEqual(1);
  });

  it('the whole pipeline: mean absolute difference ≤ 8 grey levels on every picture', async () => {
    const usable = gen.filter((_, k) => boxes[k] !== null);
    expect(usable.length).toBeGreaterThanOrEqual(50);
    const ours = usable.map((g) => convertRaw(g.image).pixels);
    const theirs = await magickBatch(
      usable.map((g) => g.image),
      (k) => [
        '-fuzz',
        '5%',
        '-trim',
        '+repage',
        '-sample',
        '28x28',
        '-sharpen',
        '1x1',
        '-background',
        imColour(corner(usable[k].image)),
        '-gravity',
        'center',
        '-extent',
        '28x28',
        '-negate',
        '-colorspace',
        'Gray',
      ],
      'pgm',
    );
    let worst = 0;
    let total = 0;
    for (let k = 0; k < usable.length; k++) {
      const { mad } = diffStats({ width: 28, height: 28, channels: 1, data: ours[k] }, theirs[k]);
      worst = Math.max(worst, mad);
      total += mad;
      expect(mad).toBeLessThanOrEqual(8);
    }
    console.log(
      `pipeline vs ImageMagick on ${usable.length} pictures: mean MAD ${(total / usable.length).toFixed(4)}, worst ${worst.toFixed(4)}`,
    );
  });
});

/** -sample to an exact size (geometry with `!`). */
function sampleExact(img: RawImage, [w, h]: number[]): RawImage {
  return sampleImport(img, w, h);
}
import { sample as sampleImport } from '../../src/steps/sample.js';
