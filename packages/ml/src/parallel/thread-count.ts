import { isNode } from '../kernels/wasm/load-module.js';

/** The application's choice of default thread count (see {@link setDefaultThreads}). */
let preset: number | undefined;

/**
 * Sets the thread count estimators and pools use when they are not told (`nJobs` null or −1, a
 * pool without `threads`): the application's choice. The CLI sets it from `FMNIST_THREADS`; the
 * benchmark gives each of its workers an equal share of the cores. `undefined`: one per core.
 * Library code reads no environment variable.
 */
export function setDefaultThreads(threads: number | undefined): void {
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1))
    throw new RangeError(`threads must be a whole number ≥ 1, got ${threads}`);
  preset = threads;
}

/** The count {@link setDefaultThreads} set, or undefined when it was not set. */
export function presetThreads(): number | undefined {
  return preset;
}

/** The cores of this machine (`os.availableParallelism`, `navigator.hardwareConcurrency`), ≥ 1. */
export function coreCount(): number {
  if (isNode) {
    const os = process.getBuiltinModule('node:os');
    return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  }
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return Math.max(1, nav?.hardwareConcurrency ?? 1);
}

/** The default thread count: the one {@link setDefaultThreads} set, else one per core. */
export function defaultThreads(): number {
  return preset ?? coreCount();
}

/**
 * Threads for sklearn's `n_jobs`: null or −1 → {@link defaultThreads}; −k (k > 1) → all cores but
 * k − 1, as joblib counts; k ≥ 1 → k.
 */
export function threadsFor(nJobs: number | null): number {
  if (nJobs === null || nJobs === -1) return defaultThreads();
  if (nJobs < -1) return Math.max(1, coreCount() + 1 + nJobs);
  return nJobs;
}
