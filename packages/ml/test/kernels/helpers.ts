// Shared fixtures of the kernel tests: a seeded PRNG (never Math.random) and tolerance checks.
import { expect } from 'vitest';
import type { KernelArray, KernelBackend } from '../../src/kernels/api.js';
import { jsBackend } from '../../src/kernels/js/js-backend.js';
import { getWasmBackend } from '../../src/kernels/registry.js';
import {
  kernelsRelaxedWasmUrl,
  kernelsWasmUrl,
  loadedKernelBuild,
  relaxedSimdSupported,
} from '../../src/kernels/wasm/load-module.js';
import { WasmSimdBackend } from '../../src/kernels/wasm/wasm-backend.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** mulberry32: tiny, seeded, good enough for test data. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform floats in [-1, 1). */
export function randF32(n: number, seed: number): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = r() * 2 - 1;
  return out;
}

/** Small integers in [0, hi): every sum and product stays exact in f32, so ties are real. */
export function randInts(n: number, hi: number, seed: number): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(r() * hi);
  return out;
}

/** A backend under test plus how it receives arrays (its own memory or foreign arrays). */
export interface Subject {
  label: string;
  backend: KernelBackend;
  /** Relative tolerance against the f64-accumulating js oracle, per unit of the error bound. */
  tol: number;
  /** Places data where this subject wants it. */
  put<T extends KernelArray>(x: T): T;
}

const kindOf = (x: KernelArray) =>
  x instanceof Float32Array
    ? 'f32'
    : x instanceof Float64Array
      ? 'f64'
      : x instanceof Int32Array
        ? 'i32'
        : 'u8';

/**
 * The WASM builds under test: the default (`simd`) one always, the relaxed-SIMD one (FMA in the
 * GEMM micro-kernel) where this engine runs it. The process-wide backend is one of them.
 */
export const WASM_BUILDS: ('simd' | 'relaxed-simd')[] = relaxedSimdSupported()
  ? ['simd', 'relaxed-simd']
  : ['simd'];

/** Labels of the WASM subjects: each build on its own memory (zero copy) and on foreign arrays. */
export const WASM_LABELS = WASM_BUILDS.flatMap((b) => [`wasm ${b}`, `wasm ${b} (foreign arrays)`]);

/** Labels of every subject: the js oracle itself, then the WASM ones. */
export const ALL_LABELS = ['js', ...WASM_LABELS];

async function wasmOfBuild(build: 'simd' | 'relaxed-simd'): Promise<WasmSimdBackend> {
  const shared = await getWasmBackend();
  if (loadedKernelBuild() === build) return shared;
  const url = build === 'simd' ? kernelsWasmUrl : kernelsRelaxedWasmUrl;
  return WasmSimdBackend.createSync(new WebAssembly.Module(readFileSync(fileURLToPath(url))));
}

/** Every backend, each WASM build both on its own memory (zero copy) and on foreign arrays. */
export async function subjects(): Promise<Subject[]> {
  const out: Subject[] = [{ label: 'js', backend: jsBackend, tol: 1e-6, put: (x) => x }];
  for (const build of WASM_BUILDS) {
    const wasm = await wasmOfBuild(build);
    out.push(
      {
        label: `wasm ${build}`,
        backend: wasm,
        tol: 1e-5,
        put: <T extends KernelArray>(x: T): T => {
          const v = wasm.alloc(kindOf(x), x.length) as T;
          v.set(x as never);
          return v;
        },
      },
      {
        label: `wasm ${build} (foreign arrays)`,
        backend: wasm,
        tol: 1e-5,
        put: (x) => x.slice() as typeof x,
      },
    );
  }
  return out;
}

/**
 * |got − want| ≤ tol·bound + 1e-30 elementwise, where bound is the magnitude the rounding error
 * scales with (e.g. |A|·|B| for a product); NaN and ±Inf must match exactly.
 */
export function expectClose(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  bound: ArrayLike<number> | number,
  tol: number,
): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    if (!Number.isFinite(w) || !Number.isFinite(g)) {
      if (!Object.is(g, w) && !(Number.isNaN(g) && Number.isNaN(w)) && !(g === w)) {
        throw new Error(`element ${i}: got ${g}, want ${w}`);
      }
      continue;
    }
    const b = typeof bound === 'number' ? bound : bound[i];
    const lim = tol * b + 1e-30;
    if (!(Math.abs(g - w) <= lim))
      throw new Error(`element ${i}: got ${g}, want ${w} (|diff| ${Math.abs(g - w)} > ${lim})`);
  }
}

/** Elementwise |x|. */
export function absOf(x: Float32Array): Float32Array {
  return x.map(Math.abs);
}
