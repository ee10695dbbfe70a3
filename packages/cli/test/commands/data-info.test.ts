// `fmnist data info` on the real data (Debian's copy), checked against counts and statistics
// computed here independently from the raw files.
import { describe, expect, it } from 'vitest';
import { CLASS_NAMES, DEBIAN_DIR, readDebianSplit, run } from '../helpers.js';

/** Counts per label and pixel mean/std with plain loops over the raw bytes. */
function independentStats(split: 'train' | 'test') {
  const { images, labels, n } = readDebianSplit(split);
  const counts = new Array(10).fill(0);
  for (const l of labels) counts[l]++;
  let sum = 0;
  for (const v of images) sum += v;
  const mean = sum / images.length;
  let sq = 0;
  for (const v of images) sq += (v - mean) ** 2;
  return { n, counts, mean, std: Math.sqrt(sq / images.length) };
}

describe('fmnist data info', () => {
  it('--json reports counts, per-class counts, source, checksum and pixel stats of both splits', async () => {
    const r = await run(['data', 'info', '--dir', DEBIAN_DIR, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.dataset).toBe('fashion');
    expect(info.splits.map((s: { split: string }) => s.split)).toEqual(['train', 'test']);
    for (const s of info.splits) {
      const want = independentStats(s.split);
      expect(s.count).toBe(want.n);
      expect([s.rows, s.cols]).toEqual([28, 28]);
      expect(s.classes.map((c: { count: number }) => c.count)).toEqual(want.counts);
      expect(s.classes.map((c: { name: string }) => c.name)).toEqual(CLASS_NAMES);
      // 1e-6: the plain running sums here carry ~1e-9 rounding over 47 M pixels.
      expect(s.pixelMean).toBeCloseTo(want.mean, 6);
      expect(s.pixelStd).toBeCloseTo(want.std, 6);
      expect(s.source).toBe(DEBIAN_DIR);
      expect(s.foundBy).toBe('explicit');
      expect(s.checksum).toBe('ok');
    }
    // The published facts, as a second anchor.
    expect(info.splits[0].count).toBe(60_000);
    expect(info.splits[1].count).toBe(10_000);
    expect(new Set(info.splits[0].classes.map((c: { count: number }) => c.count))).toEqual(
      new Set([6_000]),
    );
    expect(new Set(info.splits[1].classes.map((c: { count: number }) => c.count))).toEqual(
      new Set([1_000]),
    );
  });

  it('prints a readable report for one split', async () => {
    const r = await run(['data', 'info', '--dir', DEBIAN_DIR, '--split', 'test']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Fashion-MNIST (fashion)');
    expect(r.stdout).toContain('test: 10,000 images of 28×28');
    expect(r.stdout).toContain(`source    ${DEBIAN_DIR} (explicit)`);
    expect(r.stdout).toContain('checksum  ok');
    expect(r.stdout).toMatch(/9 {2}Ankle boot +1,000/);
    expect(r.stdout).not.toContain('train:');
  });
});
