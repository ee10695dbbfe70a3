// The pruned search must equal brute force over the same exact distance bit for bit: on the real
// data subset, on adversarial ties (integer data, duplicated rows) and across thread counts.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/base/matrix.js';
import { jsBackend } from '../../src/kernels/js/js-backend.js';
import { getWasmBackend } from '../../src/kernels/registry.js';
import type { WasmSimdBackend } from '../../src/kernels/wasm/wasm-backend.js';
import { ExactNeighborSearch, featureGroups } from '../../src/neighbors/exact-search.js';
import { SyncKernelPool } from '../../src/parallel/sync-pool.js';
import { randF32, randInts } from '../kernels/helpers.js';
import { goldenData } from '../helpers/golden-data.js';

let be: WasmSimdBackend;
let pool: SyncKernelPool;
beforeAll(async () => {
  be = await getWasmBackend();
  pool = SyncKernelPool.create({ threads: 2, backend: be });
  return () => pool.close();
});

const mat = (data: Float32Array, n: number, d: number): Matrix => ({ data, shape: [n, d] });

/** Pruned (wasm, 1 and 2 threads) vs brute force (js reference) on the same data. */
function expectSame(X: Matrix, Q: Matrix, p: number, k: number): void {
  const ref = new ExactNeighborSearch(X, p, jsBackend).kneighbors(Q, k);
  const fast = new ExactNeighborSearch(X, p, be);
  const one = fast.kneighbors(Q, k);
  const two = fast.kneighbors(Q, k, pool);
  expect(one.indices).toEqual(ref.indices);
  expect(one.distances).toEqual(ref.distances);
  expect(two.indices).toEqual(ref.indices);
  expect(two.distances).toEqual(ref.distances);
}

describe('ExactNeighborSearch', () => {
  for (const p of [2, 1]) {
    it(`p=${p}: pruned equals brute force on the real subset (150 queries × 5,000 rows)`, async () => {
      const { X, Xt } = await goldenData();
      expectSame(X, mat(Xt.data.subarray(0, 150 * 784), 150, 784), p, 9);
    });

    it(`p=${p}: adversarial ties (small integers, duplicated rows) resolve by index`, () => {
      const [n, d, m] = [700, 784, 37];
      const X = randInts(n * d, 3, 11);
      for (let i = 0; i < 100; i++) X.copyWithin((i + 300) * d, i * d, (i + 1) * d); // duplicates
      const Q = randInts(m * d, 3, 12);
      Q.set(X.subarray(5 * d, 6 * d), 0); // a query equal to rows 5 and 305
      expectSame(mat(X, n, d), mat(Q, m, d), p, 7);
      const r = new ExactNeighborSearch(mat(X, n, d), p, be).kneighbors(mat(Q, m, d), 2);
      expect(Array.from(r.indices.subarray(0, 2))).toEqual([5, 305]);
      expect(Array.from(r.distances.subarray(0, 2))).toEqual([0, 0]);
    });

    it(`p=${p}: odd sizes, k = n, a single row, few features`, () => {
      for (const [n, d, m, k] of [
        [1, 3, 2, 1],
        [13, 5, 9, 13],
        [130, 17, 51, 4],
        [61, 100, 3, 60],
        [9, 1, 4, 3],
      ]) {
        expectSame(mat(randF32(n * d, n + d), n, d), mat(randF32(m * d, m), m, d), p, k);
      }
    });
  }

  it('general p runs the plain loop (p=3) and returns p-th roots', () => {
    const X = mat(new Float32Array([0, 0, 1, 1, 3, 0]), 3, 2);
    const r = new ExactNeighborSearch(X, 3, be).kneighbors(mat(new Float32Array([0, 0]), 1, 2), 3);
    expect(Array.from(r.indices)).toEqual([0, 1, 2]);
    expect(r.distances[1]).toBeCloseTo(Math.cbrt(2), 12);
    expect(r.distances[2]).toBeCloseTo(3, 12);
  });

  it('groups are 4×4 blocks on square images and runs of 16 otherwise', () => {
    const g = featureGroups(784);
    expect(g[0]).toBe(0);
    expect(g[3]).toBe(0);
    expect(g[4]).toBe(1);
    expect(g[28 * 4]).toBe(7);
    expect(Math.max(...g)).toBe(48);
    expect(Array.from(featureGroups(33).subarray(14, 18))).toEqual([0, 0, 1, 1]);
  });
});
