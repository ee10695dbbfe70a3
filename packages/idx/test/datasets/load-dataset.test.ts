import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  DataError,
  FASHION_MNIST,
  IdxFormatError,
  encodeIdx,
  loadFashionMnist,
  loadMnist,
} from '../../src/index.js';
import { findSplit, searchPath } from '../../src/node/locate.js';

/** A folder with a tiny dataset in IDX form: `n` images of 28×28 and their labels. */
function tinyDataset(labels: number[], opts: { gz?: boolean; imagesN?: number } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'fmnist-load-'));
  const n = opts.imagesN ?? labels.length;
  const img = encodeIdx({ shape: [n, 28, 28], data: new Uint8Array(n * 784).fill(7) });
  const lbl = encodeIdx({ shape: [labels.length], data: Uint8Array.from(labels) });
  const write = (name: string, bytes: Uint8Array) =>
    opts.gz === false
      ? writeFileSync(join(dir, name), bytes)
      : writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes));
  write('t10k-images-idx3-ubyte', img);
  write('t10k-labels-idx1-ubyte', lbl);
  return dir;
}

describe('loadFashionMnist / loadMnist', () => {
  it('load gzip and decompressed files from an explicit folder', async () => {
    for (const gz of [true, false]) {
      const d = await loadMnist({ split: 'test', dataDir: tinyDataset([1, 2, 3], { gz }) });
      expect([d.dataset, d.n, d.rows, d.cols, d.foundBy]).toEqual(['mnist', 3, 28, 28, 'explicit']);
      expect(Array.from(d.labels)).toEqual([1, 2, 3]);
    }
  });
  it('an explicit folder without the files is a not-found error listing where it looked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fmnist-empty-'));
    const err = await loadFashionMnist({ split: 'train', dataDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('not-found');
    expect((err as DataError).message).toContain(dir);
    expect((err as DataError).message).toContain('fmnist data fetch');
  });
  it('images and labels of different lengths are rejected', async () => {
    const dir = tinyDataset([1, 2, 3], { imagesN: 2 });
    await expect(loadFashionMnist({ split: 'test', dataDir: dir })).rejects.toThrowError(
      /2 images but 3 labels/,
    );
  });
  it('a label outside the classes is rejected', async () => {
    const dir = tinyDataset([1, 12]);
    await expect(loadFashionMnist({ split: 'test', dataDir: dir })).rejects.toBeInstanceOf(
      IdxFormatError,
    );
  });
  it('an unknown split is a clear error', async () => {
    await expect(loadFashionMnist({ split: 'validation' as 'train' })).rejects.toThrowError(
      /unknown split "validation"/,
    );
  });
});

describe('search order', () => {
  it('explicit → FMNIST_DATA → XDG cache → Debian', () => {
    const env = { FMNIST_DATA: '/data/x', XDG_CACHE_HOME: '/cache' };
    const path = searchPath(FASHION_MNIST, { env }).map((c) => `${c.foundBy}:${c.dir}`);
    expect(path).toEqual([
      'env:/data/x/fashion',
      'env:/data/x',
      'cache:/cache/fmnist/fashion',
      'debian:/usr/share/datasets/fashion-mnist',
    ]);
    expect(searchPath(FASHION_MNIST, { env, dataDir: '/mine' }).map((c) => c.foundBy)).toEqual([
      'explicit',
    ]);
  });
  it('FMNIST_DATA wins over the cache and Debian', () => {
    const dir = tinyDataset([0, 1]);
    const found = findSplit(FASHION_MNIST, 'test', {
      env: { FMNIST_DATA: dir, XDG_CACHE_HOME: '/nonexistent' },
    });
    expect(found).toMatchObject({ source: dir, foundBy: 'env' });
  });
  it('without FMNIST_DATA or a cache copy, the Debian copy is found', () => {
    const found = findSplit(FASHION_MNIST, 'train', { env: { XDG_CACHE_HOME: '/nonexistent' } });
    expect(found?.foundBy).toBe('debian');
  });
});
