import type {
  DistTopKParams,
  GemmParams,
  HistogramParams,
  KernelBackend,
  PairwiseParams,
  SqDistParams,
  TopKParams,
} from '../kernels/api.js';
import type { KernelCall, KernelPlan } from '../kernels/plan.js';
import { splitUnits } from '../kernels/plan.js';
import { getWasmBackend } from '../kernels/registry.js';
import type { WasmSimdBackend } from '../kernels/wasm/wasm-backend.js';
import { spawnWorker, type WorkerHandle } from './spawn-worker.js';
import { defaultThreads } from './thread-count.js';

/** Options of `createKernelPool`. */
export interface KernelPoolOptions {
  /** Threads to use; default `defaultThreads()` (`setDefaultThreads`, else the core count). 1 runs inline (no workers). */
  threads?: number;
  /**
   * Backend whose kernels the pool runs. `wasm-simd` (default where supported) runs in workers
   * on its shared memory; `js` runs inline on the calling thread (the fallback has no workers).
   */
  backend?: KernelBackend;
}

interface Slot {
  worker: WorkerHandle;
  ws: number;
  wsSize: number;
}

type Msg =
  { type: 'ready' } | { type: 'done'; id: number } | { type: 'error'; id: number; message: string };

/** Error raised in the caller for a failure inside a worker (the worker's stack is the message). */
export class KernelWorkerError extends Error {
  override readonly name = 'KernelWorkerError';
}

/**
 * A pool of kernel workers over the WASM backend's shared memory. Each parallel kernel is split
 * by rows (features for histograms) into one contiguous range per worker; workers receive only
 * addresses, so nothing is copied. Workers are unref'd while idle (an open pool never keeps Node
 * alive) and `close()` terminates them. A failure in any worker rejects the caller's promise.
 */
export class KernelPool {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private busy = 0;
  private closed = false;
  private broken: Error | undefined;

  private constructor(
    readonly backend: KernelBackend,
    readonly threads: number,
    private readonly slots: Slot[],
  ) {}

  /** Starts the pool (workers instantiate the kernels on the backend's shared memory). */
  static async create(options: KernelPoolOptions = {}): Promise<KernelPool> {
    const threads = options.threads ?? defaultThreads();
    if (!Number.isInteger(threads) || threads < 1)
      throw new RangeError(`threads must be a positive integer, got ${threads}`);
    const backend = options.backend ?? (await getWasmBackend().catch(() => undefined));
    if (!backend || backend.name === 'js' || threads === 1) {
      return new KernelPool(
        backend ?? (await import('../kernels/js/js-backend.js')).jsBackend,
        1,
        [],
      );
    }
    const wasm = backend as WasmSimdBackend;
    const slots: Slot[] = [];
    const pool = new KernelPool(wasm, threads, slots);
    try {
      for (let t = 0; t < threads; t++) {
        const worker = await spawnWorker();
        const slot: Slot = { worker, ws: 0, wsSize: 0 };
        slots.push(slot);
        await new Promise<void>((resolve, reject) => {
          worker.onMessage((raw) => {
            const msg = raw as Msg;
            if (msg.type === 'ready') resolve();
            else if (msg.type === 'error' && msg.id === -1)
              reject(new KernelWorkerError(msg.message));
            else pool.settle(msg);
          });
          worker.onError((err) => {
            reject(err);
            pool.fail(err);
          });
          worker.post({ type: 'init', module: wasm.module, memory: wasm.memory });
        });
        worker.unref();
      }
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  private settle(msg: Msg): void {
    if (msg.type === 'ready') return;
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.type === 'done') p.resolve();
    else p.reject(new KernelWorkerError(msg.message));
  }

  private fail(err: Error): void {
    if (this.closed) return;
    this.broken = err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private runOn(slot: Slot, call: KernelCall): Promise<void> {
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      slot.worker.post({ type: 'run', id, fn: call.fn, args: call.args });
    });
  }

  /**
   * Runs raw export calls, one per worker (calls[i] on worker i). Exposed for estimators with
   * their own embarrassingly parallel kernels and for tests of error propagation.
   */
  async dispatch(calls: KernelCall[]): Promise<void> {
    if (this.closed) throw new Error('kernel pool is closed');
    if (this.broken) throw this.broken;
    if (calls.length > this.slots.length)
      throw new RangeError(`${calls.length} calls for ${this.slots.length} workers`);
    if (this.busy++ === 0) for (const s of this.slots) s.worker.ref();
    try {
      const results = await Promise.allSettled(calls.map((c, i) => this.runOn(this.slots[i], c)));
      const bad = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (bad) throw bad.reason;
    } finally {
      if (--this.busy === 0 && !this.closed) for (const s of this.slots) s.worker.unref();
    }
  }

  private wsFor(slot: Slot, bytes: number): number {
    if (bytes > slot.wsSize) {
      const wasm = this.backend as WasmSimdBackend;
      if (slot.ws) wasm.arena.release(slot.ws);
      slot.ws = wasm.arena.alloc(bytes);
      slot.wsSize = bytes;
    }
    return slot.ws;
  }

  private async runPlan(plan: KernelPlan): Promise<void> {
    try {
      const ranges = splitUnits(plan.units, this.slots.length, plan.grain);
      const calls = ranges.map(([u0, u1], i) =>
        plan.task(u0, u1, this.wsFor(this.slots[i], plan.wsBytes)),
      );
      await this.dispatch(calls);
    } catch (err) {
      plan.abort();
      throw err;
    }
    plan.finish();
  }

  private get wasm(): WasmSimdBackend | undefined {
    return this.slots.length > 0 ? (this.backend as WasmSimdBackend) : undefined;
  }

  /** Parallel `gemm`, split by rows of C. */
  async gemm(p: GemmParams): Promise<void> {
    const w = this.wasm;
    return w ? this.runPlan(w.planGemm(p)) : this.backend.gemm(p);
  }

  /** Parallel squared-Euclidean distances, split by rows of A. */
  async sqDist(p: SqDistParams): Promise<void> {
    const w = this.wasm;
    return w ? this.runPlan(w.planSqDist(p)) : this.backend.sqDist(p);
  }

  /** Parallel L1 distances, split by rows of A. */
  async l1Dist(p: PairwiseParams): Promise<void> {
    const w = this.wasm;
    return w ? this.runPlan(w.planL1Dist(p)) : this.backend.l1Dist(p);
  }

  /** Parallel row-wise k-smallest selection. */
  async topK(p: TopKParams): Promise<void> {
    const w = this.wasm;
    return w ? this.runPlan(w.planTopK(p)) : this.backend.topK(p);
  }

  /** Parallel fused squared-Euclidean k-nearest search (the KNN workload), split by queries. */
  async sqDistTopK(p: DistTopKParams): Promise<void> {
    const w = this.wasm;
    return w ? this.runPlan(w.planSqDistTopK(p)) : this.backend.sqDistTopK(p);
  }

  /** Parallel fused L1 k-nearest search, split by queries. */
  async l1DistTopK(p: DistTopKParams): Promise<void> {
    const w = this.wasm;
    return w ? this.runPlan(w.planL1DistTopK(p)) : this.backend.l1DistTopK(p);
  }

  /**
   * Parallel histogram, split by features rather than rows: each worker owns whole feature
   * slices of the output, so no per-worker histograms need merging.
   */
  async histogram(p: HistogramParams): Promise<void> {
    const w = this.wasm;
    return w ? this.runPlan(w.planHistogram(p)) : this.backend.histogram(p);
  }

  /** Terminates the workers and frees their workspaces; idempotent. Pending calls reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = new Error('kernel pool closed');
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    const wasm = this.wasm;
    for (const s of this.slots) if (wasm && s.ws) wasm.arena.release(s.ws);
    this.slots.length = 0;
  }
}

/** Creates a kernel pool (see `KernelPool`). */
export function createKernelPool(options?: KernelPoolOptions): Promise<KernelPool> {
  return KernelPool.create(options);
}
