// encodeNpy: header invariants checked here, and the real reader (Debian's numpy via
// /usr/bin/python3) loads what it writes. The numpy checks are skipped where numpy is missing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNpy, npyHeader } from '../../src/index.js';

const PYTHON = '/usr/bin/python3';
const hasNumpy = (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const dir = mkdtempSync(join(tmpdir(), 'fmnist-npy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** numpy's view of a file: shape, dtype string and the float sum of the values. */
function numpyLoad(path: string): { shape: number[]; dtype: string; sum: number; first: number[] } {
  const code =
    'import json,sys,numpy as np\n' +
    'a=np.load(sys.argv[1])\n' +
    'print(json.dumps({"shape":list(a.shape),"dtype":str(a.dtype),' +
    '"sum":float(a.astype(np.float64).sum()),"first":a.reshape(-1)[:3].tolist()}))';
  return JSON.parse(execFileSync(PYTHON, ['-c', code, path], { encoding: 'utf8' }));
}

describe('npyHeader', () => {
  it('writes magic, version 1.0 and a header padded to 64 bytes ending in a newline', () => {
    for (const shape of [[], [3], [10000, 28, 28], [1, 2, 3, 4, 5, 6, 7, 8]]) {
      const h = npyHeader('|u1', shape);
      expect(h.length % 64).toBe(0);
      expect(Array.from(h.subarray(0, 8))).toEqual([0x93, 78, 85, 77, 80, 89, 1, 0]);
      expect(h[8] + 256 * h[9]).toBe(h.length - 10);
      expect(h[h.length - 1]).toBe(0x0a);
    }
    const text = new TextDecoder().decode(npyHeader('<f4', [5]).subarray(10)).trim();
    expect(text).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }");
  });

  it('rejects a shape that does not match the data', () => {
    expect(() => encodeNpy({ data: new Uint8Array(5), shape: [2, 3] })).toThrow(/holds 6 values/);
    expect(() => npyHeader('|u1', [-1])).toThrow(RangeError);
  });
});

describe.skipIf(!hasNumpy)('encodeNpy read back by numpy', () => {
  const cases = [
    {
      name: 'u8',
      data: Uint8Array.from({ length: 2 * 28 * 28 }, (_, i) => (i * 7) % 256),
      shape: [2, 28, 28],
      dtype: 'uint8',
    },
    { name: 'labels', data: Uint8Array.from([9, 0, 0, 3, 0]), shape: [5], dtype: 'uint8' },
    {
      name: 'f32',
      data: Float32Array.from([0.5, -1.25, 3, 1e-3, 2, 7]),
      shape: [2, 3],
      dtype: 'float32',
    },
    { name: 'i32', data: Int32Array.from([-70000, 1, 2, 3]), shape: [4], dtype: 'int32' },
    { name: 'f64', data: Float64Array.from([Math.PI]), shape: [], dtype: 'float64' },
    { name: 'empty', data: new Uint8Array(0), shape: [0, 28, 28], dtype: 'uint8' },
  ];
  for (const c of cases) {
    it(`loads ${c.name}: shape, dtype and values`, () => {
      const path = join(dir, `${c.name}.npy`);
      writeFileSync(path, encodeNpy({ data: c.data, shape: c.shape }));
      const got = numpyLoad(path);
      expect(got.shape).toEqual(c.shape);
      expect(got.dtype).toBe(c.dtype);
      const sum = Array.from(c.data as ArrayLike<number>).reduce((a, b) => a + b, 0);
      expect(got.sum).toBeCloseTo(sum, 5);
      expect(got.first).toEqual(Array.from(c.data.subarray(0, 3) as ArrayLike<number>));
    });
  }
});
