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
