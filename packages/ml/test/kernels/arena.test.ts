import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Arena } from '../../src/kernels/wasm/arena.js';
import { getWasmBackend, supportedBackends } from '../../src/kernels/registry.js';

describe('Arena', () => {
  it('aligns, reuses freed blocks, coalesces and grows the memory', () => {
    const mem = new WebAssembly.Memory({ initial: 1, maximum: 64, shared: true });
    const arena = new Arena(mem, 100, 64 * 65536);
    const a = arena.alloc(10);
    const b = arena.alloc(100);
    expect(a % 64).toBe(0);
    expect(b).toBe(a + 64);
    arena.release(a);
    expect(arena.alloc(64)).toBe(a);
    arena.release(a);
    arena.release(b);
    expect(arena.bytesInUse).toBe(0);
    const big = arena.alloc(3 * 65536);
    expect(mem.buffer.byteLength).toBeGreaterThanOrEqual(big + 3 * 65536);
    expect(arena.has(mem.buffer)).toBe(true);
    expect(() => arena.release(big + 64)).toThrow(/not an allocation/);
    expect(() => arena.alloc(64 * 65536)).toThrow(/exhausted/);
  });
});

describe('registry', () => {
  it('detects WASM SIMD here and hands out one wasm backend that owns its allocations', async () => {
    expect(supportedBackends()).toEqual(['wasm-simd', 'js']);
    const be = await getWasmBackend();
    expect(await getWasmBackend()).toBe(be);
    const warm = () =>
      be.sqDist({
        a: new Float32Array(6),
        m: 2,
        b: new Float32Array(6),
        n: 2,
        d: 3,
        out: new Float32Array(4),
      });
    warm(); // sizes the backend's long-lived workspace
    const before = be.arena.bytesInUse;
    const x = be.alloc('f32', 1000);
    expect(be.owns(x)).toBe(true);
    expect(be.owns(new Float32Array(4))).toBe(false);
    // a foreign-array call (slow path) leaves no temporaries behind
    warm();
    be.free(x);
    expect(be.arena.bytesInUse).toBe(before);
    expect(() => be.free(new Float32Array(2))).toThrow(/not allocated/);
  });
});

describe('relaxed SIMD build', () => {
  /** Which build a fresh Node process loads, with the given environment. */
  function buildInChild(env: Record<string, string>): string {
    // The compiled package (npm test builds it first): plain Node cannot run the .ts sources.
    const dist = new URL('../../dist/kernels/wasm/load-module.js', import.meta.url).href;
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(dist)}); m.loadKernelModuleSync(); console.log(m.loadedKernelBuild());`,
      ],
      { env: { ...process.env, ...env }, encoding: 'utf8' },
    );
    return out.trim();
  }

  it('is what Node loads by default (FMA GEMM), and FMNIST_NO_RELAXED_SIMD=1 selects the default build', () => {
    expect(buildInChild({})).toBe('relaxed-simd');
    expect(buildInChild({ FMNIST_NO_RELAXED_SIMD: '1' })).toBe('simd');
  });
});
