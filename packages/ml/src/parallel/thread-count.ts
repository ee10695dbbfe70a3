import { isNode } from '../kernels/wasm/load-module.js';

/**
 * Default pool size: `FMNIST_THREADS` when set (benchmarks pin it), else the number of cores
 * (`os.availableParallelism` in Node, `navigator.hardwareConcurrency` in browsers).
 */
export async function defaultThreadCount(): Promise<number> {
  if (isNode) {
    const env = process.env.FMNIST_THREADS;
    if (env !== undefined && env !== '') {
      const n = Number(env);
      if (!Number.isInteger(n) || n < 1)
        throw new RangeError(`FMNIST_THREADS must be a positive integer, got "${env}"`);
      return n;
    }
    const os = await import('node:os');
    return os.availableParallelism?.() ?? os.cpus().length;
  }
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return Math.max(1, nav?.hardwareConcurrency ?? 1);
}

/** Synchronous `defaultThreadCount` (for synchronous estimators). */
export function defaultThreadCountSync(): number {
  if (isNode) {
    const env = process.env.FMNIST_THREADS;
    if (env !== undefined && env !== '') {
      const n = Number(env);
      if (!Number.isInteger(n) || n < 1)
        throw new RangeError(`FMNIST_THREADS must be a positive integer, got "${env}"`);
      return n;
    }
    const os = process.getBuiltinModule('node:os');
    return os.availableParallelism?.() ?? os.cpus().length;
  }
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return Math.max(1, nav?.hardwareConcurrency ?? 1);
}
