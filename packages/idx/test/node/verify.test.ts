import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FASHION_MNIST } from '../../src/datasets/registry.js';
import { verifyDataset } from '../../src/node/verify.js';
import { makeFixture, tempDir, type Fixture } from './fixtures.js';

let fx: Fixture;
let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  fx = makeFixture();
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

const writeAll = async (files: Map<string, Buffer>, rename = (n: string) => n) => {
  for (const [name, bytes] of files) await writeFile(join(dir, rename(name)), bytes);
};
const statuses = (r: { files: { status: string }[] }) => r.files.map((f) => f.status);

describe('verifyDataset', () => {
  it('passes the official .gz files and says they are byte-identical', async () => {
    await writeAll(fx.gz);
    const r = await verifyDataset(fx.spec, { dataDir: dir });
    expect(r.ok).toBe(true);
    expect(statuses(r)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(r.files[0]).toMatchObject({
      name: 'train-images-idx3-ubyte.gz',
      path: join(dir, 'train-images-idx3-ubyte.gz'),
      foundBy: 'explicit',
      officialBytes: true,
      actual: { gzip: true, rawSha256: fx.spec.files[0].rawSha256, gzMd5: fx.spec.files[0].gzMd5 },
    });
  });

  it('detects a corrupt file under the final name, and says what differs', async () => {
    await writeAll(fx.gz);
    const flipped = Buffer.from(fx.gz.get('train-images-idx3-ubyte.gz')!);
    flipped[flipped.length >> 1] ^= 0x55; // breaks the deflate stream or its CRC
    await writeFile(join(dir, 'train-images-idx3-ubyte.gz'), flipped);
    const other = makeFixture({ seed: 42 }); // valid gzip and IDX, other content
    await writeFile(
      join(dir, 't10k-labels-idx1-ubyte.gz'),
      other.gz.get('t10k-labels-idx1-ubyte.gz')!,
    );
    const r = await verifyDataset(fx.spec, { dataDir: dir });
    expect(r.ok).toBe(false);
    expect(statuses(r)).toEqual(['mismatch', 'ok', 'ok', 'mismatch']);
    expect(r.files[0].detail).toMatch(/gzip|SHA-256/);
    expect(r.files[3].actual?.rawSha256).toBe(other.spec.files[3].rawSha256);
    expect(r.files[3].detail).toContain(`expected ${fx.spec.files[3].rawSha256}`);
  });

  it('accepts a re-compressed copy by its content (raw SHA-256), the MD5 only informs', async () => {
    await writeAll(new Map([...fx.raw].map(([k, v]) => [k, gzipSync(v, { level: 9 })])));
    const r = await verifyDataset(fx.spec, { dataDir: dir });
    expect(statuses(r)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(r.files[0].officialBytes).toBe(false);
    expect(r.files[0].detail).toContain('re-compressed');
  });

  it('verifies decompressed files and catches a wrong size', async () => {
    await writeAll(fx.raw, (n) => n.replace(/\.gz$/, ''));
    await writeFile(
      join(dir, 't10k-images-idx3-ubyte'),
      fx.raw.get('t10k-images-idx3-ubyte.gz')!.subarray(1),
    );
    const r = await verifyDataset(fx.spec, { dataDir: dir });
    expect(statuses(r)).toEqual(['ok', 'ok', 'mismatch', 'ok']);
    expect(r.files[2].detail).toContain(`expected ${fx.spec.files[2].rawBytes}`);
    expect(r.files[0].actual?.gzip).toBe(false);
  });

  it('reports missing files and where it looked', async () => {
    await writeFile(
      join(dir, 'train-labels-idx1-ubyte.gz'),
      fx.gz.get('train-labels-idx1-ubyte.gz')!,
    );
    const r = await verifyDataset(fx.spec, { dataDir: dir });
    expect(statuses(r)).toEqual(['missing', 'ok', 'missing', 'missing']);
    expect(r.files[0].detail).toContain(join(dir, 'train-images-idx3-ubyte.gz'));
    expect(r.ok).toBe(false);
  });

  it('follows the search path: FMNIST_DATA before the user cache', async () => {
    const data = join(dir, 'data', 'fashion');
    const cache = join(dir, 'cache', 'fmnist', 'fashion');
    await mkdir(data, { recursive: true });
    await mkdir(cache, { recursive: true });
    for (const [name, bytes] of fx.gz) {
      await writeFile(join(cache, name), bytes);
      if (name.startsWith('t10k')) await writeFile(join(data, name), bytes);
    }
    const env = { FMNIST_DATA: join(dir, 'data'), XDG_CACHE_HOME: join(dir, 'cache') };
    const r = await verifyDataset(fx.spec, { env });
    expect(r.files.map((f) => f.foundBy)).toEqual(['cache', 'cache', 'env', 'env']);
    expect(r.ok).toBe(true);
  });

  describe('a dataset without raw SHA-256 (MNIST): the .gz MD5 is the identity', () => {
    it('passes the official .gz, rejects a re-compressed one', async () => {
      const mnist = makeFixture({ withRawSha256: false });
      await writeAll(mnist.gz);
      await writeFile(
        join(dir, 't10k-labels-idx1-ubyte.gz'),
        gzipSync(mnist.raw.get('t10k-labels-idx1-ubyte.gz')!, { level: 1 }),
      );
      const r = await verifyDataset(mnist.spec, { dataDir: dir });
      expect(statuses(r)).toEqual(['ok', 'ok', 'ok', 'mismatch']);
      expect(r.files[3].detail).toContain(`expected ${mnist.spec.files[3].gzMd5}`);
    });

    it('calls decompressed files unverifiable', async () => {
      const mnist = makeFixture({ withRawSha256: false });
      await writeAll(mnist.raw, (n) => n.replace(/\.gz$/, ''));
      const r = await verifyDataset(mnist.spec, { dataDir: dir });
      expect(statuses(r)).toEqual(Array(4).fill('unverifiable'));
      expect(r.ok).toBe(false);
    });
  });

  // The real data, from Debian's package (a re-compressed copy: its MD5s differ from the official).
  const debian = FASHION_MNIST.debianDir!;
  it.runIf(existsSync(debian) || process.env.CI)(
    'passes the Debian copy of Fashion-MNIST, found on the search path',
    async () => {
      const r = await verifyDataset(FASHION_MNIST, { env: { XDG_CACHE_HOME: dir } });
      expect(r.files.map((f) => [f.name, f.status, f.foundBy])).toEqual(
        FASHION_MNIST.files.map((f) => [f.name, 'ok', 'debian']),
      );
      expect(r.files.map((f) => f.actual?.rawSha256)).toEqual(
        FASHION_MNIST.files.map((f) => f.rawSha256),
      );
      expect(r.ok).toBe(true);
    },
  );
});
