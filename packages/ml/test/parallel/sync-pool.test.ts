// The synchronous pool: same results as one thread, worker errors rethrown in the caller, and a
// process that uses it still exits by itself.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getWasmBackend } from '../../src/kernels/registry.js';
import type { WasmSimdBackend } from '../../src/kernels/wasm/wasm-backend.js';
import { KernelWorkerError } from '../../src/parallel/kernel-pool.js';
import { SyncKernelPool } from '../../src/parallel/sync-pool.js';
import { jsBackend } from '../../src/kernels/js/js-backend.js';
import { randF32 } from '../kernels/helpers.js';

let be: WasmSimdBackend;
let pool: SyncKernelPool;
beforeAll(async () => {
  be = await getWasmBackend();
  pool = SyncKernelPool.create({ threads: 3, backend: be });
});
afterAll(() => pool.close());

const put = (x: Float32Array) => {
  const v = be.alloc('f32', x.length);
  v.set(x);
  return v;
};

describe('SyncKernelPool', () => {
  it('runs plans synchronously with bit-identical results to one thread', () => {
    expect(pool.threads).toBe(3);
    const [m, n, k] = [203, 77, 130];
    const a = put(randF32(m * k, 1));
    const b = put(randF32(k * n, 2));
    const c1 = be.alloc('f32', m * n);
    const c2 = be.alloc('f32', m * n);
    be.gemm({ transB: true, m, n, k: 77, a, b, c: c1 });
    pool.run(be.planGemm({ transB: true, m, n, k: 77, a, b, c: c2 }));
    expect(c2).toEqual(c1);
    const [q, d, kk] = [97, 33, 4];
    const i1 = new Int32Array(q * kk);
    const v1 = new Float32Array(q * kk);
    const i2 = new Int32Array(q * kk);
    const v2 = new Float32Array(q * kk);
    const p = { a: a.subarray(0, q * d), m: q, b: b.subarray(0, 300 * d), n: 300, d, k: kk };
    be.l1DistTopK({ ...p, outIdx: i1, outVal: v1 });
    pool.run(be.planL1DistTopK({ ...p, outIdx: i2, outVal: v2 }));
    expect(i2).toEqual(i1);
    expect(v2).toEqual(v1);
  });

  it('rethrows a worker error (trap or unknown export) in the caller and stays usable', () => {
    const trap = { fn: 'dot_f32', args: [16, 0xfffffff0, 0xfffffff0] }; // out of bounds
    const ok = { fn: 'dot_f32', args: [0, 0, 0] };
    expect(() => pool.dispatch([ok, trap])).toThrowError(KernelWorkerError);
    expect(() => pool.dispatch([ok, ok, { fn: 'no_such_kernel', args: [] }])).toThrowError(
      /unknown kernel export: no_such_kernel/,
    );
    expect(() => pool.dispatch([trap, ok])).toThrowError(/out of bounds/);
    expect(() => pool.dispatch([ok, ok, ok])).not.toThrow();
  });

  it('falls back to inline execution without the wasm backend or with one thread', () => {
    expect(SyncKernelPool.create({ threads: 4, backend: jsBackend }).threads).toBe(1);
    expect(SyncKernelPool.create({ threads: 1, backend: be }).threads).toBe(1);
  });

  it('an open pool does not keep Node alive (child process on the built package)', () => {
    const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
    expect(existsSync(dist), 'run `npm run build` first').toBe(true);
    const script = `
      const { SyncKernelPool } = await import(${JSON.stringify(pathToFileURL(dist).href)});
      const pool = SyncKernelPool.create({ threads: 2 });
      pool.dispatch([{ fn: 'dot_f32', args: [0, 0, 0] }, { fn: 'dot_f32', args: [0, 0, 0] }]);
      console.log('ran', pool.threads);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('ran 2');
    expect(r.status).toBe(0);
  });
});
