// Public surface of the worker pool (re-exported by the package index).
export { KernelPool, KernelWorkerError, createKernelPool } from './kernel-pool.js';
export type { KernelPoolOptions } from './kernel-pool.js';
export {
  coreCount,
  defaultThreads,
  presetThreads,
  setDefaultThreads,
  threadsFor,
} from './thread-count.js';
export { SyncKernelPool, sharedSyncPool } from './sync-pool.js';
