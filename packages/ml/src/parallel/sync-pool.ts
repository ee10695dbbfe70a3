import type { Worker } from 'node:worker_threads';
import type { GemmParams, KernelBackend } from '../kernels/api.js';
import type { KernelCall, KernelPlan } from '../kernels/plan.js';
import { splitUnits } from '../kernels/plan.js';
import { getBackendSync } from '../kernels/registry.js';
import { isNode } from '../kernels/wasm/load-module.js';
import { WasmSimdBackend } from '../kernels/wasm/wasm-backend.js';
import { KernelWorkerError } from './kernel-pool.js';
import { SYNC_WORKER_SOURCE } from './sync-worker-source.js';
import { defaultThreads } from './thread-count.js';

/** How long a blocked caller waits for workers to start before giving up (ms). */
const START_TIMEOUT_MS = 60_000;

interface SyncSlot {
  worker: Worker;
  port: import('node:worker_threads').MessagePort;
  ws: number;
  wsSize: number;
}

/**
 * A kernel pool for synchronous callers (sklearn's `predict(X)` returns its result): the calling
 * thread posts row ranges to `threads − 1` workers, runs its own range, then blocks in
 * `Atomics.wait` on a shared counter until every worker is done. Worker errors (WASM traps
 * included) are reported through shared memory and rethrown here as `KernelWorkerError`.
 * Node only: where the calling thread may not block (a browser main thread) or without the WASM
 * backend, `create` returns an inline pool (threads = 1) that gives the same results.
 * Workers are unref'd, so an open pool never keeps Node alive.
 */
export class SyncKernelPool {
  private closed = false;
  /** The calling thread's workspace. */
  private readonly own = { ws: 0, wsSize: 0 };

  private constructor(
    readonly backend: KernelBackend,
    readonly threads: number,
    private readonly slots: SyncSlot[],
    private readonly ctl: Int32Array,
  ) {}

  /** Starts `threads − 1` workers (blocking until they are ready); see the class comment. */
  static create(options: { threads?: number; backend?: KernelBackend } = {}): SyncKernelPool {
    const threads = options.threads ?? defaultThreads();
    if (!Number.isInteger(threads) || threads < 1)
      throw new RangeError(`threads must be a positive integer, got ${threads}`);
    const backend = options.backend ?? getBackendSync();
    const ctl = new Int32Array(new SharedArrayBuffer(4 * (threads + 1)));
    if (threads === 1 || !(backend instanceof WasmSimdBackend) || !isNode) {
      return new SyncKernelPool(backend, 1, [], ctl);
    }
    const wt = process.getBuiltinModule('node:worker_threads');
    const slots: SyncSlot[] = [];
    const pool = new SyncKernelPool(backend, threads, slots, ctl);
    Atomics.store(ctl, 0, threads - 1);
    for (let t = 0; t < threads - 1; t++) {
      const worker = new wt.Worker(SYNC_WORKER_SOURCE, { eval: true });
      worker.unref();
      const { port1, port2 } = new wt.MessageChannel();
      port1.unref();
      slots.push({ worker, port: port1, ws: 0, wsSize: 0 });
      worker.postMessage(
        {
          type: 'init',
          module: backend.module,
          memory: backend.memory,
          ctl: ctl.buffer,
          slot: t,
          port: port2,
        },
        [port2],
      );
    }
    try {
      pool.waitAll(START_TIMEOUT_MS);
      pool.throwFailures();
    } catch (err) {
      void pool.close();
      throw err;
    }
    return pool;
  }

  /** Blocks until the pending counter is 0; `limitMs` bounds the wait (startup only). */
  private waitAll(limitMs = Infinity): void {
    const t0 = Date.now();
    for (;;) {
      const v = Atomics.load(this.ctl, 0);
      if (v === 0) return;
      if (Date.now() - t0 > limitMs)
        throw new KernelWorkerError(`kernel workers did not answer within ${limitMs} ms`);
      Atomics.wait(this.ctl, 0, v, 1000);
    }
  }

  /** Rethrows the first worker failure of the last round (its text read synchronously). */
  private throwFailures(): void {
    const wt = process.getBuiltinModule('node:worker_threads');
    let first: KernelWorkerError | undefined;
    this.slots.forEach((s, i) => {
      if (Atomics.load(this.ctl, 1 + i) === 0) return;
      Atomics.store(this.ctl, 1 + i, 0);
      const msg = wt.receiveMessageOnPort(s.port);
      first ??= new KernelWorkerError(msg ? String(msg.message) : 'kernel worker failed');
    });
    if (first) throw first;
  }

  private wsFor(slot: { ws: number; wsSize: number }, bytes: number): number {
    const wasm = this.backend as WasmSimdBackend;
    if (bytes > slot.wsSize) {
      if (slot.ws) wasm.arena.release(slot.ws);
      slot.ws = wasm.arena.alloc(bytes);
      slot.wsSize = bytes;
    }
    return slot.ws;
  }

  /**
   * Runs raw export calls and blocks until all are done: calls[0] on the calling thread,
   * calls[i] on worker i − 1. For estimators with their own parallel kernels and for tests.
   */
  dispatch(calls: KernelCall[]): void {
    if (this.closed) throw new Error('kernel pool is closed');
    if (calls.length > this.threads)
      throw new RangeError(`${calls.length} calls for ${this.threads} threads`);
    if (calls.length === 0) return;
    const wasm = this.backend as WasmSimdBackend;
    Atomics.store(this.ctl, 0, calls.length - 1);
    for (let i = 1; i < calls.length; i++) {
      this.slots[i - 1].worker.postMessage({ type: 'run', fn: calls[i].fn, args: calls[i].args });
    }
    let own: unknown;
    try {
      const f = wasm.exports[calls[0].fn];
      if (typeof f !== 'function') throw new Error(`unknown kernel export: ${calls[0].fn}`);
      f(...calls[0].args);
    } catch (err) {
      own = err;
    }
    this.waitAll(); // never return (or throw) while a worker still uses the memory
    if (own !== undefined) throw own;
    this.throwFailures();
  }

  /** Runs a kernel plan split by rows over the threads, synchronously. */
  run(plan: KernelPlan): void {
    if (this.slots.length === 0) {
      if (!(this.backend instanceof WasmSimdBackend)) throw new Error('run needs the wasm backend');
      this.backend.run(plan);
      return;
    }
    try {
      const ranges = splitUnits(plan.units, this.threads, plan.grain);
      const calls = ranges.map(([u0, u1], i) => {
        const slot = i === 0 ? this.own : this.slots[i - 1];
        return plan.task(u0, u1, plan.wsBytes > 0 ? this.wsFor(slot, plan.wsBytes) : 0);
      });
      this.dispatch(calls);
    } catch (err) {
      plan.abort();
      throw err;
    }
    plan.finish();
  }

  /** Terminates the workers and frees their workspaces; idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    for (const s of this.slots) s.port.close();
    if (this.backend instanceof WasmSimdBackend) {
      for (const s of this.slots) if (s.ws) this.backend.arena.release(s.ws);
      if (this.own.ws) this.backend.arena.release(this.own.ws);
    }
    this.slots.length = 0;
  }
}

const shared = new Map<number, SyncKernelPool>();

/**
 * The process-wide synchronous pool of `threads` threads (default: `defaultThreads()`, `setDefaultThreads` or the core
 * count) on the default synchronous backend; created on first use, never closed (its workers
 * are unref'd).
 */
export function sharedSyncPool(threads?: number): SyncKernelPool {
  const t = threads ?? defaultThreads();
  let pool = shared.get(t);
  if (!pool) {
    pool = SyncKernelPool.create({ threads: t });
    shared.set(t, pool);
  }
  return pool;
}

/** `pool` when it runs `be`'s WASM kernels on more than one thread, else undefined. */
export function threadedPool(
  be: KernelBackend,
  pool: SyncKernelPool | undefined,
): SyncKernelPool | undefined {
  return pool && pool.threads > 1 && pool.backend === be && be instanceof WasmSimdBackend
    ? pool
    : undefined;
}

/** C = A·B on the pool's threads when it runs this backend, else on the calling thread. */
export function gemmOn(be: KernelBackend, pool: SyncKernelPool | undefined, g: GemmParams): void {
  const threads = threadedPool(be, pool);
  if (threads && be instanceof WasmSimdBackend) threads.run(be.planGemm(g));
  else be.gemm(g);
}
