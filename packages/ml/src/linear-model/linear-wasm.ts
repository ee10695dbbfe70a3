import { wasmWithExport } from '../kernels/registry.js';
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
  return enabled ? wasmWithExport('dcd_ovr') : null;
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

/** What a solver gets on the WASM side: the exports, its data's address, zeroed vectors. */
export interface SolverKernels {
  ex: Record<string, (...a: number[]) => number>;
  x: number;
  vec: (len: number) => Float64Array;
  vec32: (len: number) => Float32Array;
}

/**
 * Runs `solve` with WASM kernels over `data` (copied into kernel memory if it is not there, and
 * every vector it asked for freed afterwards), or with null where the kernels are unavailable.
 */
export function withSolverKernels<T>(data: Float32Array, solve: (k: SolverKernels | null) => T): T {
  const be = linearWasm();
  if (!be) return solve(null);
  const x = wasmAddress(be, data);
  const blocks: (Float64Array | Float32Array)[] = [];
  try {
    return solve({
      ex: be.exports as SolverKernels['ex'],
      x: x.addr,
      vec: (len) => {
        const v = be.alloc('f64', len);
        blocks.push(v);
        return v;
      },
      vec32: (len) => {
        const v = be.alloc('f32', len);
        blocks.push(v);
        return v;
      },
    });
  } finally {
    for (const v of blocks) be.free(v);
    if (x.copied) be.arena.release(x.addr);
  }
}
