// `fmnist data show` on the real test split: the PNG decoded with sharp must hold, at each tile,
// exactly the source image (read here without @fmnist/idx), scaled.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { gridLayout, tileOrigin } from '../../src/images/examples-grid.js';
import { DEBIAN_DIR, readDebianSplit, run } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'fmnist-show-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The first `k` indices of each class, by a plain scan. */
function firstPerClass(labels: Uint8Array, k: number): number[][] {
  const out: number[][] = Array.from({ length: 10 }, () => []);
  labels.forEach((l, i) => {
    if (out[l].length < k) out[l].push(i);
  });
  return out;
}

/** The PNG's pixels (its one gray channel; sharp's raw output would otherwise be RGB). */
async function decodeGray(path: string) {
  const { channels } = await sharp(path).metadata();
  const { data, info } = await sharp(path)
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, info: { ...info, channels: channels ?? 0 } };
}

describe('fmnist data show', () => {
  it('writes a grayscale PNG whose tiles are the first examples of each class', async () => {
    const out = join(dir, 'grid.png');
    const perClass = 4;
    const scale = 3;
    const r = await run([
      'data',
      'show',
      '--dir',
      DEBIAN_DIR,
      '--split',
      'test',
      '--per-class',
      String(perClass),
      '--scale',
      String(scale),
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(out);

    const { data, info } = await decodeGray(out);
    expect(info.channels).toBe(1);
    // The grid (gap = 2·scale) sits right of the class-name column.
    const layout = gridLayout(10, perClass, 28, 28, { scale, gap: 2 * scale });
    expect(info.height).toBe(layout.height);
    const labelWidth = info.width - layout.width;
    expect(labelWidth).toBeGreaterThan(50);
    // The class names are drawn: the label column is not blank.
    let ink = 0;
    for (let y = 0; y < info.height; y++)
      for (let x = 0; x < labelWidth; x++) if (data[y * info.width + x] > 128) ink++;
    expect(ink).toBeGreaterThan(100);

    const test = readDebianSplit('test');
    const picks = firstPerClass(test.labels, perClass);
    let checked = 0;
    picks.forEach((row, c) =>
      row.forEach((index, k) => {
        const { x, y } = tileOrigin(layout, c, k);
        for (let py = 0; py < 28 * scale; py++) {
          for (let px = 0; px < 28 * scale; px++) {
            const want =
              test.images[index * 784 + Math.floor(py / scale) * 28 + Math.floor(px / scale)];
            const got = data[(y + py) * info.width + labelWidth + x + px];
            if (got !== want)
              throw new Error(`class ${c} tile ${k}: pixel (${px},${py}) ${got} ≠ ${want}`);
            checked++;
          }
        }
      }),
    );
    expect(checked).toBe(10 * perClass * 784 * scale * scale);
  });

  it('--seed picks a different, reproducible sample', async () => {
    const a = join(dir, 'a.png');
    const b = join(dir, 'b.png');
    const first = join(dir, 'first.png');
    const common = ['data', 'show', '--dir', DEBIAN_DIR, '--per-class', '2', '--scale', '1'];
    expect((await run([...common, '--seed', '7', '--out', a])).code).toBe(0);
    expect((await run([...common, '--seed', '7', '--out', b])).code).toBe(0);
    expect((await run([...common, '--out', first])).code).toBe(0);
    const [da, db, df] = await Promise.all([a, b, first].map(decodeGray));
    expect(Buffer.compare(da.data, db.data)).toBe(0);
    expect(Buffer.compare(da.data, df.data)).not.toBe(0);
  });
});
