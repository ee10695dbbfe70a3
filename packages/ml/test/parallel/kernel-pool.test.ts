// The pool must give bit-identical results to the single-thread backend (same kernels, split by
// rows), surface worker errors as rejections, and never keep the process alive.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getWasmBackend } from '../../src/kernels/registry.js';
import type { WasmSimdBackend } from '../../src/kernels/wasm/wasm-backend.js';
import {
  createKernelPool,
  KernelWorkerError,
  type KernelPool,
} from '../../src/parallel/kernel-pool.js';
import {
  coreCount,
  defaultThreads,
  setDefaultThreads,
  threadsFor,
} from '../../src/parallel/thread-count.js';
import { randF32, randInts, rng } from '../kernels/helpers.js';

let be: WasmSimdBackend;
let pool: KernelPool;
beforeAll(async () => {
  be = await getWasmBackend();
  pool = await createKernelPool({ threads: 3, backend: be });
});
afterAll(async () => {
  await pool.close();
});

const put = (x: Float32Array) => {
  const v = be.alloc('f32', x.length);
  v.set(x);
  return v;
};

describe('KernelPool', () => {
  it('gemm (all transposes) equals the single-thread result bit for bit', async () => {
    const [m, n, k] = [203, 77, 130];
    for (const [transA, transB] of [
      [false, false],
      [false, true],
      [true, false],
    ]) {
      const a = put(randF32(m * k, 1));
      const b = put(randF32(k * n, 2));
      const c1 = be.alloc('f32', m * n);
      const c2 = be.alloc('f32', m * n);
      be.gemm({ transA, transB, m, n, k, a, b, c: c1, alpha: 0.5 });
      await pool.gemm({ transA, transB, m, n, k, a, b, c: c2, alpha: 0.5 });
      expect(c2).toEqual(c1);
    }
  });

  it('distances, fused top-k and topK equal the single-thread results', async () => {
    const [m, n, d, k] = [250, 1500, 24, 5];
    const a = put(randInts(m * d, 5, 3));
    const b = put(randInts(n * d, 5, 4));
    const d1 = be.alloc('f32', m * n);
    const d2 = be.alloc('f32', m * n);
    be.sqDist({ a, m, b, n, d, out: d1 });
    await pool.sqDist({ a, m, b, n, d, out: d2 });
    expect(d2).toEqual(d1);
    be.l1Dist({ a, m, b, n, d, out: d1 });
    await pool.l1Dist({ a, m, b, n, d, out: d2 });
    expect(d2).toEqual(d1);
    const i1 = new Int32Array(m * k);
    const v1 = new Float32Array(m * k);
    const i2 = be.alloc('i32', m * k);
    const v2 = be.alloc('f32', m * k);
    be.topK({ values: d1, m, n, k, outIdx: i1, outVal: v1 });
    await pool.topK({ values: d1, m, n, k, outIdx: i2, outVal: v2 });
    expect(i2).toEqual(i1);
    await pool.l1DistTopK({ a, m, b, n, d, k, outIdx: i2, outVal: v2 });
    expect(i2).toEqual(i1);
    expect(v2).toEqual(v1);
    be.sqDistTopK({ a, m, b, n, d, k, outIdx: i1, outVal: v1 });
    // foreign output arrays take the copy path and still come back filled
    const i3 = new Int32Array(m * k);
    const v3 = new Float32Array(m * k);
    await pool.sqDistTopK({ a, m, b, n, d, k, outIdx: i3, outVal: v3 });
    expect(i3).toEqual(i1);
    expect(v3).toEqual(v1);
  });

  it('histogram split by features equals the single-thread result', async () => {
    const r = rng(5);
    const [nAll, nF, nB] = [400, 50, 256];
    const binned = Uint8Array.from({ length: nAll * nF }, () => Math.floor(r() * nB));
    const grad = Float32Array.from({ length: nAll }, () => r() - 0.5);
    const rows = Int32Array.from({ length: 300 }, (_, i) => (i * 7) % nAll);
    const h1 = new Float64Array(nF * nB * 3);
    const h2 = new Float64Array(nF * nB * 3);
    be.histogram({ binned, nFeatures: nF, rows, grad, hess: null, nBins: nB, out: h1 });
    await pool.histogram({ binned, nFeatures: nF, rows, grad, hess: null, nBins: nB, out: h2 });
    expect(h2).toEqual(h1);
  });

  it('a trap or an unknown export in a worker rejects the caller, and the pool survives', async () => {
    const c = be.alloc('f32', 4);
    const badAddress = 0xfffffff0;
    await expect(
      pool.dispatch([
        {
          fn: 'gemm_f32_nn',
          args: [64, 64, 64, 1, badAddress, 64, badAddress, 64, 0, c.byteOffset, 64, 0],
        },
      ]),
    ).rejects.toThrow(KernelWorkerError);
    await expect(pool.dispatch([{ fn: 'no_such_kernel', args: [] }])).rejects.toThrow(
      /unknown kernel export/,
    );
    const out = be.alloc('f32', 4);
    await pool.gemm({
      m: 2,
      n: 2,
      k: 1,
      a: put(Float32Array.of(1, 2)),
      b: put(Float32Array.of(3, 4)),
      c: out,
    });
    expect(Array.from(out)).toEqual([3, 4, 6, 8]);
  });

  it('an open, idle pool does not keep Node alive (child process on the built package)', () => {
    // Needs dist/ (npm test builds first); a hanging pool would make the child time out.
    const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
    expect(existsSync(dist), 'run `npm run build` first').toBe(true);
    const script = `
      const m = await import(${JSON.stringify(pathToFileURL(dist).href)});
      const be = await m.getWasmBackend();
      const p = await m.createKernelPool({ threads: 2, backend: be });
      const a = be.alloc('f32', 64 * 64);
      const c = be.alloc('f32', 64 * 64);
      await p.gemm({ m: 64, n: 64, k: 64, a, b: a, c });
      console.log('done');`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('done');
    expect(r.status).toBe(0);
  });

  it('close() frees the workspaces, is idempotent and final', async () => {
    const p = await createKernelPool({ threads: 2, backend: be });
    await p.gemm({
      m: 64,
      n: 64,
      k: 64,
      a: put(randF32(4096, 1)),
      b: put(randF32(4096, 2)),
      c: be.alloc('f32', 4096),
    });
    const inUse = be.arena.bytesInUse;
    await p.close();
    await p.close();
    expect(be.arena.bytesInUse).toBeLessThan(inUse);
    await expect(p.dispatch([])).rejects.toThrow(/closed/);
  });

  it('threads: 1 and the js backend run inline', async () => {
    const p = await createKernelPool({ threads: 1 });
    expect(p.threads).toBe(1);
    const c = new Float32Array(1);
    await p.gemm({ m: 1, n: 1, k: 2, a: Float32Array.of(1, 2), b: Float32Array.of(3, 4), c });
    expect(c[0]).toBe(11);
    await p.close();
  });

  it("the application's default thread count overrides the core count; n_jobs maps onto it", async () => {
    const old = process.env.FMNIST_THREADS;
    try {
      process.env.FMNIST_THREADS = '5'; // library code reads no environment variable
      expect(defaultThreads()).toBe(coreCount());
      setDefaultThreads(5);
      expect(defaultThreads()).toBe(5);
      expect(threadsFor(null)).toBe(5);
      expect(threadsFor(-1)).toBe(5);
      expect(threadsFor(3)).toBe(3);
      expect(threadsFor(-2)).toBe(Math.max(1, coreCount() - 1));
      const p = await createKernelPool();
      expect(p.threads).toBe(5);
      await p.close();
      expect(() => setDefaultThreads(0)).toThrow(/whole number ≥ 1/);
      setDefaultThreads(undefined);
      expect(defaultThreads()).toBe(coreCount());
    } finally {
      setDefaultThreads(undefined);
      if (old === undefined) delete process.env.FMNIST_THREADS;
      else process.env.FMNIST_THREADS = old;
    }
  });
});
