// convertDataset end to end on a small generated catalogue: three class folders of product
// thumbnails, plus a corrupt file, a white product, a faint one and a stray text file.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeIdx } from '@fmnist/idx';
import { encodePng, thumbnailFromGrey } from '../../src/demo.js';
import {
  CACHE_FILE,
  ConversionInterrupted,
  OUTPUT_FILES,
  convertDataset,
  type ConvertDatasetOptions,
} from '../../src/dataset/convert-dataset.js';
import { convertFile } from '../../src/dataset/converter.js';
import { scanInputs } from '../../src/dataset/scan.js';
import { stratifiedSplit } from '../../src/dataset/split.js';
import { resolvePipelineOptions } from '../../src/pipeline.js';
import { Random } from '@fmnist/ml';
import type { Rgb } from '../../src/raw-image.js';

const CLASSES = { boots: 14, hats: 11, shirts: 17 } as const;
let root: string;
let input: string;

/** A 28×28 grey "product": a seeded rectangle with a notch, light on black. */
function product(rng: Random): Uint8Array {
  const g = new Uint8Array(784);
  const [x0, y0] = [rng.between(0, 8), rng.between(0, 8)];
  const [x1, y1] = [rng.between(18, 27), rng.between(18, 27)];
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++)
      if (!(x > 12 && y < 12)) g[y * 28 + x] = 128 + rng.between(0, 127);
  }
  return g;
}

async function thumb(file: string, rng: Random, colour: Rgb): Promise<void> {
  await writeFile(file, await encodePng(thumbnailFromGrey(product(rng), 28, { colour })));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fmnist-convert-'));
  input = join(root, 'input');
  const rng = new Random(3);
  for (const [cls, n] of Object.entries(CLASSES)) {
    await mkdir(join(input, cls), { recursive: true });
    for (let i = 0; i < n; i++) {
      await thumb(join(input, cls, `${i}.png`), rng, [
        rng.between(0, 120),
        rng.between(0, 120),
        rng.between(0, 120),
      ]);
    }
  }
  await writeFile(join(input, 'shirts', 'broken.png'), Buffer.from('this is not a PNG'));
  await thumb(join(input, 'hats', 'white.png'), rng, [255, 255, 255]);
  await thumb(join(input, 'hats', 'faint.png'), rng, [216, 216, 216]);
  await writeFile(join(input, 'boots', 'notes.txt'), 'not a picture');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function run(out: string, extra: Partial<ConvertDatasetOptions> = {}) {
  return convertDataset({ input, out: join(root, out), workers: 0, ...extra });
}

async function readIdx(dir: string, name: string) {
  return decodeIdx(await readFile(join(root, dir, name)), name);
}

describe('convertDataset', () => {
  it('writes IDX files that @fmnist/idx decodes, with exact per-class counts', async () => {
    const { card } = await run('a', { split: { trainPerClass: 8 }, seed: 5 });
    expect(card.classes.map((c) => [c.name, c.train, c.test])).toEqual([
      ['boots', 8, 6],
      ['hats', 8, 4], // 11 + the faint one; the white one is skipped
      ['shirts', 8, 9],
    ]);
    const trainImg = await readIdx('a', OUTPUT_FILES.trainImages);
    const trainLbl = await readIdx('a', OUTPUT_FILES.trainLabels);
    const testLbl = await readIdx('a', OUTPUT_FILES.testLabels);
    expect(trainImg.type).toBe('uint8');
    expect(trainImg.shape).toEqual([24, 28, 28]);
    expect(trainLbl.shape).toEqual([24]);
    expect(testLbl.shape).toEqual([19]);
    for (const c of [0, 1, 2])
      expect(Array.from(trainLbl.data).filter((l) => l === c)).toHaveLength(8);
    // Backgrounds come out dark, products light: the paper's convention.
    const px = trainImg.data as Uint8Array;
    expect(px[0]).toBeLessThan(10);
    expect(Math.max(...px.subarray(0, 784))).toBeGreaterThan(100);
  });

  it('lists the corrupt and the white picture as skipped, flags the faint one', async () => {
    const { card } = await run('a', { split: { trainPerClass: 8 }, seed: 5 });
    const reasons = Object.fromEntries(card.skipped.map((s) => [s.name, s.reason]));
    expect(reasons['shirts/broken.png']).toMatch(/cannot decode/);
    expect(reasons['hats/white.png']).toMatch(/nothing but background/);
    expect(card.lowContrast.map((l) => l.name)).toEqual(['hats/faint.png']);
    expect(card.lowContrast[0].excluded).toBe(false);
    const md = await readFile(join(root, 'a', 'dataset-card.md'), 'utf8');
    expect(md).toContain('`shirts/broken.png`: cannot decode');
    expect(md).toContain('`hats/faint.png`');
    const json = JSON.parse(await readFile(join(root, 'a', 'dataset-card.json'), 'utf8'));
    expect(json.files.map((f: { name: string }) => f.name)).toEqual(Object.values(OUTPUT_FILES));
    expect(json.files[0].rawSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('puts each usable picture at its split position, with or without pictures left out', async () => {
    // A catalogue where every picture is usable (its split is planned before converting), and the
    // full one (a corrupt and a white picture are left out, so the split is made afterwards).
    const clean = join(root, 'clean');
    for (const [cls, n] of Object.entries(CLASSES)) {
      await mkdir(join(clean, cls), { recursive: true });
      for (let i = 0; i < n; i++)
        await copyFile(join(input, cls, `${i}.png`), join(clean, cls, `${i}.png`));
    }
    const rule = { testFraction: 0.3 };
    for (const [dir, from, left] of [
      ['p-clean', clean, []],
      ['p-full', input, ['hats/white.png', 'shirts/broken.png']],
    ] as const) {
      const { card } = await convertDataset({
        input: from,
        out: join(root, dir),
        seed: 4,
        split: rule,
      });
      const pictures = card.skipped.map((k) => k.name).filter((name) => name.endsWith('.png'));
      expect(pictures.sort()).toEqual(left);
      // The same, made independently: each picture converted alone, the usable ones split.
      const pipeline = resolvePipelineOptions({});
      const usable: { pixels: Uint8Array; label: number }[] = [];
      for (const item of (await scanInputs(from)).items) {
        const outcome = await convertFile(item.path, pipeline);
        if (outcome.ok && outcome.result.box) usable.push({ ...outcome.result, label: item.label });
      }
      const split = stratifiedSplit(
        usable.map((u) => u.label),
        rule,
        4,
      );
      for (const [which, indices] of [
        ['train', split.train],
        ['test', split.test],
      ] as const) {
        const images = await readIdx(dir, OUTPUT_FILES[`${which}Images`]);
        const labels = await readIdx(dir, OUTPUT_FILES[`${which}Labels`]);
        const want = new Uint8Array(indices.length * 784);
        indices.forEach((u, j) => want.set(usable[u].pixels, j * 784));
        expect(Buffer.from(images.data as Uint8Array).equals(want)).toBe(true);
        expect(Array.from(labels.data)).toEqual(indices.map((u) => usable[u].label));
      }
    }
  });

  it('resumes: a second run converts nothing and writes the same data', async () => {
    const first = await run('b', { seed: 9 });
    expect(first.card.conversions.converted).toBe(first.card.conversions.pictures);
    const second = await run('b', { seed: 9 });
    expect(second.card.conversions.converted).toBe(0);
    expect(second.card.conversions.fromCache).toBe(first.card.conversions.pictures);
    expect(second.card.files.map((f) => f.rawSha256)).toEqual(
      first.card.files.map((f) => f.rawSha256),
    );
    // Other options: another cache key, so everything is converted again.
    const third = await run('b', { seed: 9, pipeline: { size: 20 } });
    expect(third.card.conversions.converted).toBe(first.card.conversions.pictures);
  });

  it('an interrupted run keeps its work; the next one does only the rest', async () => {
    const controller = new AbortController();
    await expect(
      run('c', {
        signal: controller.signal,
        onProgress: (done) => done === 10 && controller.abort(),
      }),
    ).rejects.toBeInstanceOf(ConversionInterrupted);
    const rest = await run('c');
    const { pictures, converted, fromCache } = rest.card.conversions;
    expect(fromCache).toBeGreaterThanOrEqual(10);
    expect(converted + fromCache).toBe(pictures);
    expect(converted).toBeLessThan(pictures - 5);
  });

  it('a test fraction splits every class exactly; same seed, same files', async () => {
    const a = await run('d', { split: { testFraction: 0.25 }, seed: 1 });
    expect(a.card.classes.map((c) => c.test)).toEqual([4, 3, 4]); // round(14/4), round(12/4), round(17/4)
    const b = await run('d2', { split: { testFraction: 0.25 }, seed: 1 });
    expect(b.card.files.map((f) => f.rawSha256)).toEqual(a.card.files.map((f) => f.rawSha256));
    const c = await run('d3', { split: { testFraction: 0.25 }, seed: 2 });
    expect(c.card.files[0].rawSha256).not.toBe(a.card.files[0].rawSha256);
  });

  it('sorts by label on request and leaves low-contrast products out on request', async () => {
    const { card } = await run('e', {
      sortByLabel: true,
      excludeLowContrast: true,
      split: { testFraction: 0 },
    });
    const labels = Array.from((await readIdx('e', OUTPUT_FILES.trainLabels)).data);
    expect(labels).toEqual([...labels].sort((x, y) => x - y));
    expect(card.lowContrast[0].excluded).toBe(true);
    expect(card.splits.train).toBe(14 + 11 + 17);
  });

  it('reads labels from a CSV (names numbered in sorted order); a missing file is skipped', async () => {
    const csv = join(root, 'labels.csv');
    await writeFile(
      csv,
      [
        'path,label',
        'shirts/0.png,top',
        'boots/0.png,shoe',
        'boots/1.png,shoe',
        'hats/0.png,top',
        'gone.png,top',
      ].join('\n'),
    );
    const { card } = await run('f', { labels: csv, split: { trainPerClass: 1 } });
    expect(card.labelSource).toBe('labels-csv');
    expect(card.classes.map((c) => [c.name, c.train, c.test])).toEqual([
      ['shoe', 1, 1],
      ['top', 1, 1],
    ]);
    expect(card.skipped).toContainEqual({ name: 'gone.png', reason: 'no such file' });
  });

  it('fails clearly when a class is too small for --train-per-class', async () => {
    await expect(run('g', { split: { trainPerClass: 13 } })).rejects.toThrow(
      /too few usable examples in class 1 \(12\)/,
    );
  });

  it.skipIf(!existsSync('/usr/bin/python3'))('numpy reads the files too', async () => {
    await run('h', { split: { trainPerClass: 8 }, seed: 5 });
    const script = `
import gzip, sys, numpy as np
d = sys.argv[1]
def load(name, offset):
    with gzip.open(d + '/' + name) as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)
img = load('train-images-idx3-ubyte.gz', 16).reshape(-1, 28, 28)
lbl = load('train-labels-idx1-ubyte.gz', 8)
print(img.shape[0], int(img.sum()), np.bincount(lbl).tolist())
`;
    const out = execFileSync('/usr/bin/python3', ['-c', script, join(root, 'h')], {
      encoding: 'utf8',
    });
    const img = await readIdx('h', OUTPUT_FILES.trainImages);
    const sum = (img.data as Uint8Array).reduce((a, b) => a + b, 0);
    expect(out.trim()).toBe(`24 ${sum} [8, 8, 8]`);
  });

  it('a log line cut short by a crash costs only that picture', async () => {
    const first = await run('k', { seed: 2 });
    const log = join(root, 'k', CACHE_FILE);
    const lines = (await readFile(log, 'utf8')).split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(first.card.conversions.pictures);
    // As if the process died in the middle of appending the last line.
    const last = lines.pop()!;
    await writeFile(log, lines.join('\n') + '\n' + last.slice(0, last.length >> 1));
    const second = await run('k', { seed: 2 });
    expect(second.card.conversions.converted).toBe(1);
    expect(second.card.conversions.fromCache).toBe(first.card.conversions.pictures - 1);
    expect(second.card.files.map((f) => f.sha256)).toEqual(first.card.files.map((f) => f.sha256));
    // The next append starts on a line of its own: a third run reads every picture back.
    const third = await run('k', { seed: 2 });
    expect(third.card.conversions.converted).toBe(0);
  });

  it('pictures sharp decodes (JPEG, a transparent PNG) go through with the PNG fast path', async () => {
    const mixed = join(root, 'mixed');
    const rng = new Random(8);
    for (const cls of ['a', 'b']) {
      await mkdir(join(mixed, cls), { recursive: true });
      for (let i = 0; i < 6; i++) {
        const png = await encodePng(thumbnailFromGrey(product(rng), 28, { colour: [30, 60, 90] }));
        const file = join(mixed, cls, `${i}`);
        if (i % 3 === 0) await writeFile(`${file}.jpg`, await sharp(png).jpeg().toBuffer());
        else if (i % 3 === 1)
          await writeFile(`${file}.png`, await sharp(png).ensureAlpha(0.99).png().toBuffer());
        else await writeFile(`${file}.png`, png);
      }
    }
    const { card } = await convertDataset({ input: mixed, out: join(root, 'mixed-out'), seed: 1 });
    expect(card.conversions).toEqual({ pictures: 12, converted: 12, fromCache: 0, failed: 0 });
    expect(card.splits.train + card.splits.test).toBe(12);
  });

  it.skipIf(!existsSync(new URL('../../dist/dataset/convert-worker.js', import.meta.url)))(
    'worker threads give the same dataset, resume, and stop when asked',
    async () => {
      const a = await run('w0', { seed: 4 });
      const b = await run('w2', { seed: 4, workers: 2 });
      expect(b.card.files.map((f) => f.rawSha256)).toEqual(a.card.files.map((f) => f.rawSha256));
      expect(b.card.files.map((f) => f.sha256)).toEqual(a.card.files.map((f) => f.sha256));
      expect(b.card.skipped).toEqual(a.card.skipped);
      expect(b.card.lowContrast).toEqual(a.card.lowContrast);
      // The workers' results are logged too: one whole line per picture.
      const log = join(root, 'w2', CACHE_FILE);
      const lines = (await readFile(log, 'utf8')).split('\n');
      expect(lines.pop()).toBe('');
      const keys = lines.map((l) => (JSON.parse(l) as { k: string }).k);
      expect(new Set(keys).size).toBe(b.card.conversions.pictures);
      expect(keys).toHaveLength(b.card.conversions.pictures);
      // What the log holds is not sent to the workers again.
      const again = await run('w2', { seed: 4, workers: 2 });
      expect(again.card.conversions.converted).toBe(0);
      expect(again.card.files.map((f) => f.sha256)).toEqual(b.card.files.map((f) => f.sha256));
      // A line cut short by a crash: the next appends start on a line of their own.
      const last = lines.pop()!;
      await writeFile(log, lines.join('\n') + '\n' + last.slice(0, last.length >> 1));
      const torn = await run('w2', { seed: 4, workers: 2 });
      expect(torn.card.conversions.converted).toBe(1);
      const after = await run('w2', { seed: 4, workers: 2 });
      expect(after.card.conversions.converted).toBe(0);
      // Interrupted after the first batches: what was done is kept, the rest is done next time.
      const controller = new AbortController();
      await expect(
        run('w2i', {
          workers: 2,
          batchSize: 2,
          signal: controller.signal,
          onProgress: (done) => done === 4 && controller.abort(),
        }),
      ).rejects.toBeInstanceOf(ConversionInterrupted);
      const rest = await run('w2i', { workers: 2, seed: 4 });
      const { pictures, converted, fromCache } = rest.card.conversions;
      expect(fromCache).toBeGreaterThanOrEqual(4);
      expect(converted).toBeLessThan(pictures - 4);
      expect(converted + fromCache).toBe(pictures);
      expect(rest.card.files.map((f) => f.sha256)).toEqual(a.card.files.map((f) => f.sha256));
    },
  );
});
