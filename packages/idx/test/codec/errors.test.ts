import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IdxFormatError, decodeIdx, encodeIdx, loadIdx, parseIdx } from '../../src/index.js';

const good = encodeIdx({ shape: [2, 3], data: new Int16Array([1, 2, 3, 4, 5, 6]) });

function faultOf(bytes: Uint8Array): IdxFormatError {
  try {
    parseIdx(bytes, 'sample.idx');
  } catch (e) {
    expect(e).toBeInstanceOf(IdxFormatError);
    return e as IdxFormatError;
  }
  throw new Error('expected an IdxFormatError');
}

describe('IdxFormatError names the file, the fault and the numbers', () => {
  it('bad magic', () => {
    const e = faultOf(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]));
    expect(e.code).toBe('bad-magic');
    expect(e.message).toMatch(/^sample\.idx: bad magic 50 4b 03 04/);
  });
  it('unknown type code', () => {
    const bytes = good.slice();
    bytes[2] = 0x0a;
    const e = faultOf(bytes);
    expect(e.code).toBe('unknown-type');
    expect(e.message).toContain('0x0a');
  });
  it('zero dimensions', () => {
    expect(faultOf(new Uint8Array([0, 0, 8, 0])).code).toBe('bad-dimensions');
  });
  it('header shorter than the magic', () => {
    expect(faultOf(new Uint8Array([0, 0])).code).toBe('truncated');
  });
  it('header shorter than its dimensions', () => {
    const e = faultOf(good.subarray(0, 9));
    expect(e.code).toBe('truncated');
    expect(e.message).toContain('need 12 header bytes, got 9');
  });
  it('truncated data: expected vs actual bytes', () => {
    const e = faultOf(good.subarray(0, good.length - 3));
    expect(e.code).toBe('truncated');
    expect(e.message).toContain(`needs ${good.length} bytes, got ${good.length - 3} (3 missing)`);
  });
  it('trailing bytes', () => {
    const bytes = new Uint8Array(good.length + 2);
    bytes.set(good);
    const e = faultOf(bytes);
    expect(e.code).toBe('trailing-bytes');
    expect(e.message).toContain('2 trailing byte(s)');
  });
  it('dimension product overflow', () => {
    const bytes = new Uint8Array([
      0, 0, 8, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 2,
    ]);
    const e = faultOf(bytes);
    expect(e.code).toBe('overflow');
    expect(e.message).toContain('4294967295×4294967295×2');
  });
  it('corrupt gzip', async () => {
    const gz = gzipSync(good);
    const cut = gz.subarray(0, gz.length - 10);
    await expect(decodeIdx(cut, 'x.gz')).rejects.toMatchObject({
      name: 'IdxFormatError',
      code: 'corrupt-gzip',
    });
    const garbled = gz.slice();
    garbled[12] ^= 0xff;
    await expect(decodeIdx(garbled, 'x.gz')).rejects.toBeInstanceOf(IdxFormatError);
  });
  it('gzip is detected from the bytes, not the name', async () => {
    const t = await decodeIdx(gzipSync(good), 'no-extension');
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('a missing file is a DataError that says what to do', async () => {
    await expect(loadIdx('/nonexistent/train-images-idx3-ubyte.gz')).rejects.toMatchObject({
      name: 'DataError',
      code: 'not-found',
      message: expect.stringContaining('fmnist data fetch'),
    });
  });
});

describe('encodeIdx rejects a bad tensor with a clear error', () => {
  const cases: [string, Parameters<typeof encodeIdx>[0], RegExp][] = [
    [
      'shape/data mismatch',
      { shape: [2, 2], data: new Uint8Array(3) },
      /holds 4 elements but data has 3/,
    ],
    ['no dimensions', { shape: [], data: new Uint8Array(1) }, /1 to 255 dimensions/],
    ['negative size', { shape: [-1], data: new Uint8Array(0) }, /not an integer/],
    ['fractional size', { shape: [1.5], data: new Uint8Array(1) }, /not an integer/],
    [
      'type/array mismatch',
      { type: 'float32', shape: [1], data: new Float64Array(1) },
      /type is "float32" but data is a Float64Array/,
    ],
    [
      'unsupported array',
      { shape: [1], data: new Uint16Array(1) as unknown as Uint8Array },
      /must be a Uint8Array/,
    ],
  ];
  for (const [name, tensor, message] of cases) {
    it(name, () => {
      expect(() => encodeIdx(tensor)).toThrowError(message);
      expect(() => encodeIdx(tensor)).toThrowError(IdxFormatError);
    });
  }
});
