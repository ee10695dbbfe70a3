import { describe, expect, it } from 'vitest';
import { linearWasm } from '../../src/linear-model/linear-wasm.js';
import { binMatrix } from '../../src/tree/binning.js';

/** Checks that codes are value ranks: values[codes] gives X back, values strictly increase. */
function checkRanks(X: Float32Array, n: number, d: number): ReturnType<typeof binMatrix> {
  const B = binMatrix({ data: X, shape: [n, d] });
  // The WASM distinct-value kernel and the TypeScript path give the same codes.
  const js = binMatrix({ data: X, shape: [n, d] }, false);
  expect(js.codes).toEqual(B.codes);
  expect(js.values).toEqual(B.values);
  for (let f = 0; f < d; f++) {
    const v = B.values.subarray(B.offsets[f], B.offsets[f + 1]);
    for (let r = 1; r < v.length; r++) expect(v[r]).toBeGreaterThan(v[r - 1]);
    const distinct = new Set(Array.from({ length: n }, (_, i) => X[i * d + f] + 0));
    expect(v.length).toBe(distinct.size);
    for (let i = 0; i < n; i++) expect(v[B.codes[f * n + i]]).toBe(X[i * d + f] + 0);
  }
  return B;
}

describe('binMatrix', () => {
  it('codes are exact ranks of the distinct values (one byte up to 256 per feature)', () => {
    expect(linearWasm()).not.toBeNull();
    const n = 700;
    const d = 19; // not a multiple of the copy block
    const X = Float32Array.from({ length: n * d }, (_, i) => ((i * 7919) % 251) / 7 - 11);
    const B = checkRanks(X, n, d);
    expect(B.codes).toBeInstanceOf(Uint8Array);
    expect(B.maxBins).toBe(251);
  });

  it('wider codes for features with more than 256 and more than 65,536 values', () => {
    const n = 70_000;
    const X = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) {
      X[i * 3] = i % 3; // 3 values
      X[i * 3 + 1] = (i * 17) % 300; // 300 values: two-byte codes
      X[i * 3 + 2] = (i * 13) % n; // 70,000 values: four-byte codes
    }
    const B = checkRanks(X, n, 3);
    expect(B.codes).toBeInstanceOf(Uint32Array);
    expect(B.maxBins).toBe(n);
    const two = binMatrix({ data: X.filter((_, i) => i % 3 < 2), shape: [n, 2] });
    expect(two.codes).toBeInstanceOf(Uint16Array);
  });

  it('-0 and +0 are one value; repeated runs and negative values rank correctly', () => {
    const X = Float32Array.of(0, -0, -3, -3, -3, 5, -0, 2.5);
    const B = checkRanks(X, 8, 1);
    expect(Array.from(B.values)).toEqual([-3, 0, 2.5, 5]);
    expect(Array.from(B.codes)).toEqual([1, 1, 0, 0, 0, 3, 1, 2]);
  });
});
