// `fmnist data export` on the real test split (--limit 20): each format read back by an
// independent reader (numpy for NPY, sharp for PNG, plain parsing for CSV/JSONL) and compared
// with the raw files read here without @fmnist/idx.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { CLASS_NAMES, DEBIAN_DIR, readDebianSplit, run } from '../helpers.js';

const PYTHON = '/usr/bin/python3';
const hasNumpy = (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const root = mkdtempSync(join(tmpdir(), 'fmnist-export-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const LIMIT = 20;
const test = readDebianSplit('test');
const pixelsOf = (i: number) => Array.from(test.images.subarray(i * 784, (i + 1) * 784));

async function exportTo(format: string, ...extra: string[]): Promise<string> {
  const out = join(root, format);
  const r = await run([
    'data',
    'export',
    '--format',
    format,
    '--dir',
    DEBIAN_DIR,
    '--split',
    'test',
    '--limit',
    String(LIMIT),
    '--out',
    out,
    ...extra,
  ]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^test: 20 examples -> /);
  return out;
}

/** No temp file of the atomic writes is left behind anywhere under `dir`. */
function expectNoTempFiles(dir: string) {
  const all = readdirSync(dir, { recursive: true }) as string[];
  expect(all.filter((f) => f.endsWith('.tmp'))).toEqual([]);
}

describe('fmnist data export', () => {
  it.skipIf(!hasNumpy)(
    'npy: numpy loads uint8 (n,28,28) and (n,) with the same values',
    async () => {
      const out = await exportTo('npy');
      const code =
        'import json,sys,numpy as np\n' +
        'x=np.load(sys.argv[1]); y=np.load(sys.argv[2])\n' +
        'w=np.arange(1, x[0].size+1, dtype=np.int64).reshape(28,28)\n' +
        'print(json.dumps({"xs":list(x.shape),"xd":str(x.dtype),"ys":list(y.shape),"yd":str(y.dtype),' +
        '"sum":int(x.astype(np.int64).sum()),"wsum":[int((xi.astype(np.int64)*w).sum()) for xi in x],' +
        '"y":y.tolist()}))';
      const got = JSON.parse(
        execFileSync(PYTHON, ['-c', code, join(out, 'x_test.npy'), join(out, 'y_test.npy')], {
          encoding: 'utf8',
        }),
      );
      expect(got.xs).toEqual([LIMIT, 28, 28]);
      expect(got.xd).toBe('uint8');
      expect(got.ys).toEqual([LIMIT]);
      expect(got.yd).toBe('uint8');
      expect(got.y).toEqual(Array.from(test.labels.subarray(0, LIMIT)));
      // The plain sum and a position-weighted sum per image (catches transposed or shifted pixels).
      let sum = 0;
      const wsum = [];
      for (let i = 0; i < LIMIT; i++) {
        const px = pixelsOf(i);
        sum += px.reduce((a, b) => a + b, 0);
        wsum.push(px.reduce((a, v, j) => a + v * (j + 1), 0));
      }
      expect(got.sum).toBe(sum);
      expect(got.wsum).toEqual(wsum);
      expectNoTempFiles(out);
    },
  );

  it('csv: a label,pixel1..pixel784 header and one row per example', async () => {
    const out = await exportTo('csv');
    const lines = readFileSync(join(out, 'test.csv'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(LIMIT + 1);
    const header = lines[0].split(',');
    expect(header).toHaveLength(785);
    expect(header.slice(0, 3)).toEqual(['label', 'pixel1', 'pixel2']);
    expect(header[784]).toBe('pixel784');
    lines.slice(1).forEach((line, i) => {
      const [label, ...px] = line.split(',').map(Number);
      expect(label).toBe(test.labels[i]);
      expect(px).toEqual(pixelsOf(i));
    });
    expectNoTempFiles(out);
  });

  it('jsonl: one {label, class, pixels} object per line', async () => {
    const out = await exportTo('jsonl');
    const lines = readFileSync(join(out, 'test.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(LIMIT);
    lines.forEach((line, i) => {
      const row = JSON.parse(line);
      expect(Object.keys(row)).toEqual(['label', 'class', 'pixels']);
      expect(row.label).toBe(test.labels[i]);
      expect(row.class).toBe(CLASS_NAMES[test.labels[i]]);
      expect(row.pixels).toEqual(pixelsOf(i));
    });
    expectNoTempFiles(out);
  });

  it('png: ImageFolder layout <split>/<label>_<class>/<index>.png, 28×28 gray, exact pixels', async () => {
    const out = await exportTo('png');
    const folders = readdirSync(join(out, 'test')).sort();
    expect(folders).toEqual([
      '0_t-shirt-top',
      '1_trouser',
      '2_pullover',
      '3_dress',
      '4_coat',
      '5_sandal',
      '6_shirt',
      '7_sneaker',
      '8_bag',
      '9_ankle-boot',
    ]);
    let files = 0;
    for (let i = 0; i < LIMIT; i++) {
      const path = join(out, 'test', folders[test.labels[i]], `${String(i).padStart(4, '0')}.png`);
      const meta = await sharp(path).metadata();
      expect([meta.width, meta.height, meta.channels]).toEqual([28, 28, 1]);
      const px = await sharp(path).extractChannel(0).raw().toBuffer();
      expect(Array.from(px)).toEqual(pixelsOf(i));
      files++;
    }
    const written = folders.flatMap((f) => readdirSync(join(out, 'test', f)));
    expect(written).toHaveLength(files);
    expectNoTempFiles(out);
  });

  it('--split both writes train and test; --limit 0 writes empty files', async () => {
    const out = join(root, 'both');
    const r = await run([
      'data',
      'export',
      '--format',
      'npy',
      '--dir',
      DEBIAN_DIR,
      '--limit',
      '0',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'x_test.npy',
      'x_train.npy',
      'y_test.npy',
      'y_train.npy',
    ]);
  });
});
