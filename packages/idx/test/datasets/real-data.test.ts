// Integration: the real Fashion-MNIST files from Debian's dataset-fashion-mnist package
// (installed by .ci/run). Expected facts come from ../shared/reference/dataset.md.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FASHION_MNIST, loadFashionMnist } from '../../src/index.js';

const DEBIAN = FASHION_MNIST.debianDir!;

function perClass(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const l of labels) counts[l]++;
  return counts;
}

describe('the real Fashion-MNIST (Debian copy)', () => {
  it('is installed (apt-get install dataset-fashion-mnist)', () => {
    expect(existsSync(DEBIAN), `${DEBIAN} is missing: apt-get install dataset-fashion-mnist`).toBe(
      true,
    );
  });

  it('train: 60,000 28×28 images, 6,000 per class, first labels as published', async () => {
    const d = await loadFashionMnist({ split: 'train', dataDir: DEBIAN });
    expect([d.n, d.rows, d.cols]).toEqual([60_000, 28, 28]);
    expect(d.images.length).toBe(60_000 * 784);
    expect(perClass(d.labels)).toEqual(new Array(10).fill(6_000));
    expect(Array.from(d.labels.subarray(0, 20)).join(' ')).toBe(
      '9 0 0 3 0 2 7 2 5 5 0 9 5 5 7 9 1 0 6 4',
    );
    expect(d.foundBy).toBe('explicit');
  });

  it('test: 10,000 images, 1,000 per class, first labels as published', async () => {
    const d = await loadFashionMnist({ split: 'test', dataDir: DEBIAN });
    expect(d.n).toBe(10_000);
    expect(perClass(d.labels)).toEqual(new Array(10).fill(1_000));
    expect(Array.from(d.labels.subarray(0, 20)).join(' ')).toBe(
      '9 2 1 1 6 1 4 6 5 7 4 5 7 3 4 1 2 4 8 0',
    );
    // Pixels span the full 8-bit range and the background (0) dominates.
    let zeros = 0;
    let max = 0;
    for (const p of d.images) {
      if (p === 0) zeros++;
      if (p > max) max = p;
    }
    expect(max).toBe(255);
    expect(zeros / d.images.length).toBeGreaterThan(0.4);
  });
});
