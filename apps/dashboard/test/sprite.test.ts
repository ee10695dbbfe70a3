// The TensorBoard-projector sprite: geometry and placement on small synthetic images, and the
// whole Fashion-MNIST test split (Debian's copy) written as sprite.png + metadata.tsv.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FASHION_CLASS_NAMES, loadFashionMnist } from '@fmnist/idx';
import { spriteLayout, spriteMetadata, tileSprite, writeSprite } from '../src/index.js';
import { FASHION_DIR } from './helpers.js';

describe('tileSprite', () => {
  it('places image i at row ⌊i/side⌋, column i mod side, leaving the tail black', () => {
    // Five 2×3 images, each filled with its index + 1.
    const images = new Uint8Array(5 * 6).map((_, p) => Math.floor(p / 6) + 1);
    const s = tileSprite(images, 5, 2, 3);
    expect([s.side, s.width, s.height]).toEqual([3, 9, 6]);
    const at = (x: number, y: number) => s.data[y * s.width + x];
    expect([at(0, 0), at(3, 0), at(6, 1), at(0, 2), at(5, 3), at(6, 2)]).toEqual([
      1, 2, 3, 4, 5, 0,
    ]);
    const inverted = tileSprite(images, 5, 2, 3, true);
    expect([inverted.data[0], inverted.data[inverted.data.length - 1]]).toEqual([254, 255]);
  });

  it('is a ⌈√n⌉ square', () => {
    for (const [n, side] of [
      [1, 1],
      [4, 2],
      [5, 3],
      [10_000, 100],
      [60_000, 245],
    ])
      expect(spriteLayout(n, 28, 28)).toEqual({ side, width: side * 28, height: side * 28 });
  });

  it('writes a metadata header and one row per image', () => {
    expect(spriteMetadata([9, 0], FASHION_CLASS_NAMES)).toBe(
      'index\tlabel\tclass\n0\t9\tAnkle boot\n1\t0\tT-shirt/top\n',
    );
  });
});

describe('writeSprite on the real test split', () => {
  it('writes a 2800 px square sprite, 10,000 metadata rows and a projector config', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fmnist-sprite-'));
    const r = await writeSprite({ split: 'test', dataDir: FASHION_DIR, out });
    expect([r.n, r.side, r.size]).toEqual([10_000, 100, 2800]);
    const meta = await sharp(r.sprite).metadata();
    expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['png', 2800, 2800, 1]);
    const { data } = await sharp(r.sprite)
      .extractChannel(0)
      .raw()
      .toBuffer({ resolveWithObject: true });
    // Tile 101 (row 1, column 1) is test image 101, byte for byte.
    const test = await loadFashionMnist({ split: 'test', dataDir: FASHION_DIR });
    const tile = new Uint8Array(784);
    for (let y = 0; y < 28; y++)
      for (let x = 0; x < 28; x++) tile[y * 28 + x] = data[(28 + y) * 2800 + 28 + x];
    expect(tile).toEqual(test.images.subarray(101 * 784, 102 * 784));
    const rows = readFileSync(r.metadata, 'utf8').trimEnd().split('\n');
    expect(rows).toHaveLength(10_001);
    expect(rows.slice(1, 4)).toEqual(['0\t9\tAnkle boot', '1\t2\tPullover', '2\t1\tTrouser']);
    const config = readFileSync(r.config, 'utf8');
    expect(config).toContain('image_path: "sprite.png"');
    expect(config.match(/single_image_dim: 28/g)).toHaveLength(2);
  });
});
