import type { BackendName, KernelBackend } from './api.js';
import { jsBackend } from './js/js-backend.js';
import { loadKernelModuleSync } from './wasm/load-module.js';
import { WasmSimdBackend } from './wasm/wasm-backend.js';

/**
 * Smallest module using a v128 instruction: `(func (result v128) (v128.const i32x4 0 0 0 0))`.
 * `WebAssembly.validate` on it is the feature test (no instantiation, no side effects).
 */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03,
  0x02, 0x01, 0x00, 0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b,
]);

/** True when this engine validates WASM SIMD (128-bit) code. */
export function simdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

/** True when shared WebAssembly memory can be created (browsers need cross-origin isolation). */
export function sharedMemorySupported(): boolean {
  try {
    if (typeof SharedArrayBuffer !== 'function') return false;
    return (
      new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof
      SharedArrayBuffer
    );
  } catch {
    return false;
  }
}

/** Backends this engine can run, fastest first (feature detection only; nothing is loaded). */
export function supportedBackends(): BackendName[] {
  return simdSupported() && sharedMemorySupported() ? ['wasm-simd', 'js'] : ['js'];
}

let wasm: Promise<WasmSimdBackend> | undefined;
let wasmReady: WasmSimdBackend | undefined;
/** The backend every estimator and kernel uses (see {@link setBackend}). */
let chosen: BackendName | 'auto' = 'auto';

/**
 * Chooses the kernels of everything that follows: `'js'` (the TypeScript references: every
 * estimator runs without WASM), `'wasm-simd'` (the WASM SIMD kernels; an error where they cannot
 * run or are not built, instead of a silent fallback) or `'auto'` (the default: WASM where it
 * runs, else TypeScript). Choose before fitting: a model keeps the backend it was fitted with.
 */
export function setBackend(name: BackendName | 'auto'): void {
  if (name !== 'auto' && name !== 'js' && name !== 'wasm-simd')
    throw new RangeError(
      `unknown kernel backend: ${String(name)} (use 'wasm-simd', 'js' or 'auto')`,
    );
  chosen = name;
}

/** The choice {@link setBackend} made ('auto' unless set). */
export function chosenBackend(): BackendName | 'auto' {
  return chosen;
}

/**
 * The named backend, or the fastest supported one. `wasm-simd` is created once per process (one
 * shared memory); asking for it where it is unsupported throws rather than silently degrading.
 */
export async function getBackend(name?: BackendName): Promise<KernelBackend> {
  const want = name ?? (chosen === 'auto' ? supportedBackends()[0] : chosen);
  if (want === 'js') return jsBackend;
  if (want === 'wasm-simd') return getWasmBackend();
  throw new RangeError(`unknown kernel backend: ${String(want)}`);
}

/** The process-wide WASM SIMD backend (the pool needs its concrete type). */
export function getWasmBackend(): Promise<WasmSimdBackend> {
  if (!supportedBackends().includes('wasm-simd')) {
    return Promise.reject(
      new Error('wasm-simd backend unsupported here (needs WASM SIMD and SharedArrayBuffer)'),
    );
  }
  wasm ??= WasmSimdBackend.create().then((b) => (wasmReady ??= b));
  wasm.catch(() => (wasm = undefined));
  return wasm;
}

/**
 * The fastest backend available without awaiting, for synchronous (sklearn-shaped) estimators:
 * the process-wide WASM backend when it is loaded or loadable synchronously (Node), else `js`.
 * In browsers, `await getBackend()` once beforehand to get WASM here.
 */
export function getBackendSync(): KernelBackend {
  if (chosen === 'js') return jsBackend;
  if (wasmReady) return wasmReady;
  const strict = chosen === 'wasm-simd';
  if (!supportedBackends().includes('wasm-simd')) {
    if (strict)
      throw new Error('wasm-simd backend unsupported here (needs WASM SIMD and SharedArrayBuffer)');
    return jsBackend;
  }
  let module: WebAssembly.Module | undefined;
  try {
    module = loadKernelModuleSync();
  } catch (e) {
    // No build/kernels.wasm: under 'auto' the reference backend still gives exact results.
    if (strict)
      throw new Error(
        `the WASM kernels could not be loaded (${(e as Error).message}); run \`npm run build\``,
      );
    module = undefined;
  }
  if (!module) {
    if (strict)
      throw new Error(
        'the WASM kernels cannot be loaded synchronously here; await getBackend() first',
      );
    return jsBackend;
  }
  wasmReady = WasmSimdBackend.createSync(module);
  wasm = Promise.resolve(wasmReady);
  return wasmReady;
}

/**
 * The process-wide WASM backend when it is the synchronous backend and its module has the export
 * `name` (a kernel family's entry point), else null: the callers then run their TypeScript
 * references.
 */
export function wasmWithExport(name: string): WasmSimdBackend | null {
  const be = getBackendSync();
  return be instanceof WasmSimdBackend && typeof be.exports[name] === 'function' ? be : null;
}
