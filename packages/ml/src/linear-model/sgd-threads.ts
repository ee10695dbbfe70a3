import { sgdBinary, type SgdConfig, type SgdKernels } from './sgd-engine.js';

/**
 * A synchronous worker group for one-vs-rest SGD. `fit` is synchronous (sklearn's contract), so
 * the asynchronous kernel pool cannot be awaited there: instead the calling thread posts the job
 * to idle `worker_threads`, trains classes itself, and blocks on `Atomics.wait` until the workers
 * are done. Classes are handed out through a shared counter (`Atomics.add`), so a slow class never
 * leaves a thread idle; data and results live in SharedArrayBuffers (nothing is copied per
 * class). Workers run `sgdBinary`'s own source text, so a class's weights are the same whichever
 * thread trained it. Where any of this is missing (browsers' main thread cannot `Atomics.wait`)
 * callers train sequentially.
 */

/** The job every thread works on: shared inputs and one output slot per binary problem. */
export interface OvrJob {
  X: Float32Array;
  n: number;
  d: number;
  y: Int32Array;
  sqNorms: Float64Array | null;
  cfg: SgdConfig;
  /** The positive class of each binary problem. */
  positives: Int32Array;
  seeds: Uint32Array;
  /** P×d weights (out). */
  coef: Float64Array;
  /** Per problem: intercept, epochs run, finite (1/0), trained by (0 nobody, 1 caller, 2 worker) (out). */
  meta: Float64Array;
  /** [next problem, workers finished, workers started]. */
  ctrl: Int32Array;
  /**
   * The WASM kernels' module and shared memory when X, coef and q live in that memory (each
   * thread instantiates the module on it and passes the exports to the engine), else null.
   */
  wasm: { module: WebAssembly.Module; memory: WebAssembly.Memory } | null;
  /** P×d zeros in the kernel memory: the engine's L1 state q (L1 penalties with wasm only). */
  q: Float64Array | null;
}

/** Program of a worker: receive a job, train problems until none is left, signal, repeat. */
const workerSource = (): string => `
'use strict';
const { parentPort } = require('node:worker_threads');
const sgdBinary = (${sgdBinary.toString()});
${runTasks.toString()}
parentPort.on('message', (job) => {
  Atomics.add(job.ctrl, 2, 1);
  try {
    const ex = job.wasm
      ? new WebAssembly.Instance(job.wasm.module, { env: { memory: job.wasm.memory } }).exports
      : null;
    runTasks(sgdBinary, job, 2, ex);
  } catch (e) { /* the caller retrains unfinished problems */ }
  Atomics.add(job.ctrl, 1, 1);
  Atomics.notify(job.ctrl, 1);
});
`;

/** Trains problems taken from the shared counter until none is left (self-contained: see above). */
function runTasks(train: typeof sgdBinary, job: OvrJob, by: number, ex: SgdKernels): void {
  const { X, n, d, y, sqNorms, cfg, positives, seeds, coef, meta, ctrl, q } = job;
  const data = { X, n, d, y, sqNorms };
  const P = positives.length;
  for (;;) {
    const k = Atomics.add(ctrl, 0, 1);
    if (k >= P) return;
    const qk = q ? q.subarray(k * d, k * d + d) : null;
    const r = train(data, cfg, positives[k], seeds[k], coef.subarray(k * d, k * d + d), ex, qk);
    meta[k * 4] = r.intercept;
    meta[k * 4 + 1] = r.nIter;
    meta[k * 4 + 2] = r.finite ? 1 : 0;
    meta[k * 4 + 3] = by;
  }
}

interface WorkerLike {
  postMessage(m: unknown): void;
  unref(): void;
  on(ev: string, cb: (...a: unknown[]) => void): void;
}
type WorkerCtor = new (src: string, o: { eval: boolean }) => WorkerLike;

let workers: WorkerLike[] = [];
let workerCtor: WorkerCtor | null | undefined;

/** Node's Worker constructor when threads (and a blocking main thread) are usable, else null. */
function getWorkerCtor(): WorkerCtor | null {
  if (workerCtor !== undefined) return workerCtor;
  workerCtor = null;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof SharedArrayBuffer === 'function' && typeof proc?.getBuiltinModule === 'function') {
    const wt = proc.getBuiltinModule('node:worker_threads') as
      { Worker?: WorkerCtor; isMainThread?: boolean } | undefined;
    if (wt?.Worker) workerCtor = wt.Worker;
  }
  return workerCtor;
}

/** True when `threads` > 1 can actually run here. */
export function threadsSupported(): boolean {
  return getWorkerCtor() !== null;
}

/** A typed array over shared memory with the contents of `a` (or `a` itself when it already is). */
export function shared<T extends Float32Array | Float64Array | Int32Array | Uint32Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as new (b: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  (out as Float32Array).set(a as Float32Array);
  return out;
}

/**
 * Runs every problem of `job` on `threads` threads (the caller's included) and returns when all
 * are trained. Problems a worker failed to finish are retrained on the calling thread. Returns how
 * many problems the workers trained.
 */
export function runOvr(job: OvrJob, threads: number, ex: SgdKernels): number {
  const Ctor = threads > 1 ? getWorkerCtor() : null;
  let helpers = 0;
  if (Ctor) {
    helpers = Math.min(threads, job.positives.length) - 1;
    while (workers.length < helpers) {
      const w = new Ctor(workerSource(), { eval: true });
      w.unref();
      w.on('error', () => {
        workers = workers.filter((x) => x !== w);
      });
      workers.push(w);
    }
    for (let i = 0; i < helpers; i++) workers[i].postMessage(job);
  }
  runTasks(sgdBinary, job, 1, ex);
  // Wait for the workers; one that has not even started 10 s after this thread ran out of work
  // is given up (its problems are all taken, so it can no longer write), never waited for forever.
  const since = Date.now();
  for (;;) {
    const finished = Atomics.load(job.ctrl, 1);
    if (finished >= helpers) break;
    if (finished >= Atomics.load(job.ctrl, 2) && Date.now() - since > 10_000) break;
    Atomics.wait(job.ctrl, 1, finished, 50);
  }
  let byWorkers = 0;
  for (let k = 0; k < job.positives.length; k++) {
    if (job.meta[k * 4 + 3] === 2) byWorkers++;
    if (job.meta[k * 4 + 3] !== 0) continue;
    const { X, n, d, y, sqNorms, cfg, positives, seeds, coef, meta, q } = job;
    coef.fill(0, k * d, k * d + d);
    q?.fill(0, k * d, k * d + d);
    const r = sgdBinary(
      { X, n, d, y, sqNorms },
      cfg,
      positives[k],
      seeds[k],
      coef.subarray(k * d, k * d + d),
      ex,
      q ? q.subarray(k * d, k * d + d) : null,
    );
    meta[k * 4] = r.intercept;
    meta[k * 4 + 1] = r.nIter;
    meta[k * 4 + 2] = r.finite ? 1 : 0;
    meta[k * 4 + 3] = 1;
  }
  return byWorkers;
}
