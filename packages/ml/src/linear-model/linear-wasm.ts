import { getBackendSync } from '../kernels/registry.js';
import { WasmSimdBackend } from '../kernels/wasm/wasm-backend.js';

/**
 * The WASM SIMD kernels of the linear models (packages/ml/assembly/linear.ts): float32 rows
 * against float64 weights, summed in exactly the order of the TypeScript code they replace, so
 * either path gives the same weights bit for bit (tested). The TypeScript code stays the
 * reference and the fallback where WASM is unavailable.
 */

let enabled = true;

/** Switches the WASM kernels of the linear models off (false) or back on; for parity tests. */
export function useLinearWasm(on: boolean): void {
  enabled = on;
}

/** The process-wide WASM backend when the linear kernels can run, else null. */
export function linearWasm(): WasmSimdBackend | null {
  if (!enabled) return null;
  const be = getBackendSync();
  return be instanceof WasmSimdBackend && typeof be.exports.dcd_ovr === 'function' ? be : null;
}

/** Address of `a`'s bytes in the backend's memory: `a` itself when it lives there, else a copy. */
export function wasmAddress(
  be: WasmSimdBackend,
  a: Float32Array | Float64Array | Int32Array,
): { addr: number; copied: boolean } {
  if (be.owns(a)) return { addr: a.byteOffset, copied: false };
  const addr = be.arena.alloc(a.byteLength);
  new Uint8Array(be.arena.buffer, addr, a.byteLength).set(
    new Uint8Array(a.buffer, a.byteOffset, a.byteLength),
  );
  return { addr, copied: true };
}
