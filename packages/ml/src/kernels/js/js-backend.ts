import type { ElementArray, ElementKind, KernelArray, KernelBackend } from '../api.js';
import { l1DistJs, l1DistTopKJs, sqDistJs, sqDistTopKJs } from './distance.js';
import { histSubtractJs, histogramJs, standardizeU8Js } from './data.js';
import { gemmJs, gemvJs } from './gemm.js';
import { argmaxJs, logSumExpJs, softmaxJs } from './rowwise.js';
import { l1PrunedTopKJs, sqPrunedTopKJs } from './pruned-search.js';
import { topKJs } from './top-k.js';
import { axpyJs, dotJs, rowSqNormsJs, rowSumsJs, scaleJs } from './vector.js';

const ctors = { f32: Float32Array, f64: Float64Array, i32: Int32Array, u8: Uint8Array } as const;

/** Allocates a typed array on a SharedArrayBuffer when available (so pools can share it). */
export function allocShared<K extends ElementKind>(kind: K, length: number): ElementArray[K] {
  const C = ctors[kind] as unknown as new (buf: ArrayBufferLike) => ElementArray[K];
  const bytes = length * ctors[kind].BYTES_PER_ELEMENT;
  const buf =
    typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  return new C(buf);
}

/**
 * The plain-TypeScript backend: the oracle of the parity suite and the fallback where WASM SIMD
 * (or SharedArrayBuffer) is missing. Written for clarity, accumulating in f64.
 */
export const jsBackend: KernelBackend = {
  name: 'js',
  alloc: allocShared,
  free: (_view: KernelArray) => {},
  owns: (_view: KernelArray) => true,
  gemm: gemmJs,
  gemv: gemvJs,
  dot: dotJs,
  axpy: axpyJs,
  scale: scaleJs,
  rowSums: rowSumsJs,
  rowSqNorms: rowSqNormsJs,
  sqDist: sqDistJs,
  l1Dist: l1DistJs,
  topK: topKJs,
  sqDistTopK: sqDistTopKJs,
  l1DistTopK: l1DistTopKJs,
  sqPrunedTopK: sqPrunedTopKJs,
  l1PrunedTopK: l1PrunedTopKJs,
  argmax: argmaxJs,
  softmax: softmaxJs,
  logSumExp: logSumExpJs,
  standardizeU8: standardizeU8Js,
  histogram: histogramJs,
  histSubtract: histSubtractJs,
};
