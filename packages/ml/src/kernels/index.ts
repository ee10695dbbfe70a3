// Public surface of the numeric core (re-exported by the package index).
export type {
  BackendName,
  DistTopKParams,
  ElementArray,
  ElementKind,
  GemmParams,
  GemvParams,
  HistogramParams,
  KernelArray,
  KernelBackend,
  PairwiseParams,
  PrunedTopKParams,
  SqPrunedTopKParams,
  SqDistParams,
  StandardizeParams,
  TopKParams,
} from './api.js';
export {
  chosenBackend,
  getBackend,
  getBackendSync,
  getWasmBackend,
  setBackend,
  sharedMemorySupported,
  simdSupported,
  supportedBackends,
} from './registry.js';
export { jsBackend } from './js/js-backend.js';
export { WasmSimdBackend } from './wasm/wasm-backend.js';
export { loadedKernelBuild, relaxedSimdSupported } from './wasm/load-module.js';
export type { KernelCall, KernelPlan } from './plan.js';
export { l1DiffF32, sqDiffF32 } from './js/pruned-search.js';
