import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeIdx, isGzip } from '../../src/codec/decode-idx.js';
import { DataError } from '../../src/datasets/data-error.js';
import { saveIdx } from '../../src/node/save-idx.js';
import { tempDir } from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

const tensor = { shape: [2, 3], data: new Float32Array([1, -2, 3.5, 0, 1e-3, 7]) };

describe('saveIdx', () => {
  it('writes gzip for .gz and raw otherwise, both decoding back to the tensor', async () => {
    await saveIdx(join(dir, 'sub', 'x-idx2-float.gz'), tensor);
    await saveIdx(join(dir, 'x-idx2-float'), tensor);
    const gz = await readFile(join(dir, 'sub', 'x-idx2-float.gz'));
    const raw = await readFile(join(dir, 'x-idx2-float'));
    expect(isGzip(gz)).toBe(true);
    expect(isGzip(raw)).toBe(false);
    for (const bytes of [gz, raw])
      expect(await decodeIdx(bytes)).toEqual({ type: 'float32', ...tensor });
    expect((await readdir(dir)).sort()).toEqual(['sub', 'x-idx2-float']); // no temp file left
  });

  it('replaces an existing file atomically and cleans up after a failure', async () => {
    const path = join(dir, 'y.idx');
    await saveIdx(path, tensor);
    await saveIdx(path, { shape: [1], data: new Uint8Array([9]) });
    expect([...(await decodeIdx(await readFile(path))).data]).toEqual([9]);
    const err = await saveIdx(join(path, 'under-a-file.idx'), tensor).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('io');
    expect(await readdir(dir)).toEqual(['y.idx']);
  });
});
