import type {
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
  SqDistParams,
  SqPrunedTopKParams,
  StandardizeParams,
  TopKParams,
} from '../api.js';
import { checkPairwise } from '../js/distance.js';
import { checkHistogram } from '../js/data.js';
import { checkTopK } from '../js/top-k.js';
import { checkPruned, checkSqPruned } from '../js/pruned-search.js';
import type { KernelCall, KernelPlan } from '../plan.js';
import { dim, fail, noAlias, resolveGemm, size } from '../validate.js';
import { Arena } from './arena.js';
import { loadKernelModule } from './load-module.js';

/** Numeric exports of kernels.wasm (addresses are byte offsets into the shared memory). */
export type KernelExports = Record<string, (...args: number[]) => number>;

const ctors = { f32: Float32Array, f64: Float64Array, i32: Int32Array, u8: Uint8Array } as const;

/** Maximum memory: 65,536 pages = 4 GiB, the whole 32-bit address space. */
export const MAX_PAGES = 65536;

/**
 * Resolves arrays to addresses for one call. Views into the backend memory cost nothing; foreign
 * arrays are copied into temporaries (the documented slow path) and outputs copied back. The same
 * array passed twice maps to one temporary, so allowed aliasing (softmax in place) still holds.
 */
class Scope {
  private readonly temps = new Map<KernelArray, { addr: number; out: boolean }>();
  constructor(private readonly be: WasmSimdBackend) {}

  addr(view: KernelArray | null, out = false): number {
    if (view === null) return 0;
    if (this.be.owns(view)) return view.byteOffset;
    const t = this.temps.get(view);
    if (t) {
      t.out ||= out;
      return t.addr;
    }
    const addr = this.be.arena.alloc(view.byteLength);
    new Uint8Array(this.be.arena.buffer, addr, view.byteLength).set(
      new Uint8Array(view.buffer, view.byteOffset, view.byteLength),
    );
    this.temps.set(view, { addr, out });
    return addr;
  }

  /** A scratch block freed with the scope. */
  scratch(bytes: number): number {
    const addr = this.be.arena.alloc(bytes);
    this.temps.set(new Uint8Array(0), { addr, out: false });
    return addr;
  }

  finish(): void {
    for (const [view, t] of this.temps) {
      if (t.out) {
        new Uint8Array(view.buffer, view.byteOffset, view.byteLength).set(
          new Uint8Array(this.be.arena.buffer, t.addr, view.byteLength),
        );
      }
    }
    this.abort();
  }

  abort(): void {
    for (const t of this.temps.values()) this.be.arena.release(t.addr);
    this.temps.clear();
  }
}

function plan(
  scope: Scope,
  units: number,
  grain: number,
  wsBytes: number,
  task: (u0: number, u1: number, ws: number) => KernelCall,
  after?: () => void,
): KernelPlan {
  return {
    units,
    grain,
    wsBytes,
    task,
    finish: () => {
      scope.finish();
      after?.();
    },
    abort: () => scope.abort(),
  };
}

/**
 * The WASM SIMD backend: kernels compiled from packages/ml/assembly, running on a shared
 * `WebAssembly.Memory` owned by this object. Arrays from `alloc` are views into that memory and
 * take the zero-copy path; the same memory is instantiated in every pool worker.
 */
export class WasmSimdBackend implements KernelBackend {
  readonly name = 'wasm-simd' as const;
  readonly arena: Arena;
  private ws = 0;
  private wsSize = 0;

  private constructor(
    readonly module: WebAssembly.Module,
    readonly memory: WebAssembly.Memory,
    readonly exports: KernelExports,
  ) {
    this.arena = new Arena(memory, exports.heap_base(), MAX_PAGES * 65536);
  }

  /** Compiles (once) and instantiates the kernels on a fresh shared memory. */
  static async create(): Promise<WasmSimdBackend> {
    const module = await loadKernelModule();
    const memory = new WebAssembly.Memory({ initial: 32, maximum: MAX_PAGES, shared: true });
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    return new WasmSimdBackend(module, memory, instance.exports as unknown as KernelExports);
  }

  /** Synchronous variant of `create` on an already compiled module (for synchronous callers). */
  static createSync(module: WebAssembly.Module): WasmSimdBackend {
    const memory = new WebAssembly.Memory({ initial: 32, maximum: MAX_PAGES, shared: true });
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    return new WasmSimdBackend(module, memory, instance.exports as unknown as KernelExports);
  }

  alloc<K extends ElementKind>(kind: K, length: number, zero = true): ElementArray[K] {
    dim('alloc', 'length', length);
    const C = ctors[kind] as unknown as new (
      buf: ArrayBufferLike,
      at: number,
      n: number,
    ) => ElementArray[K];
    const addr = this.arena.alloc(length * ctors[kind].BYTES_PER_ELEMENT);
    const view = new C(this.arena.buffer, addr, length);
    if (zero) view.fill(0);
    return view;
  }

  free(view: KernelArray): void {
    if (!this.owns(view)) throw new Error('free: array was not allocated by this backend');
    this.arena.release(view.byteOffset);
  }

  owns(view: KernelArray): boolean {
    return this.arena.has(view.buffer);
  }

  /** Runs a plan on this thread with the backend's own workspace. */
  run(p: KernelPlan): void {
    try {
      if (p.units > 0) {
        const call = p.task(0, p.units, this.workspace(p.wsBytes));
        this.exports[call.fn](...call.args);
      }
    } catch (err) {
      p.abort();
      throw err;
    }
    p.finish();
  }

  private workspace(bytes: number): number {
    if (bytes > this.wsSize) {
      if (this.ws) this.arena.release(this.ws);
      this.ws = this.arena.alloc(bytes);
      this.wsSize = bytes;
    }
    return this.ws;
  }

  planGemm(p: GemmParams): KernelPlan {
    const r = resolveGemm(p);
    const s = new Scope(this);
    const a = s.addr(p.a);
    const b = s.addr(p.b);
    const c = s.addr(p.c, true);
    const fn = `gemm_f32_${r.transA ? 't' : 'n'}${r.transB ? 't' : 'n'}`;
    return plan(s, r.m, 48, this.exports.gemm_ws_bytes(), (u0, u1, ws) => ({
      fn,
      args: [
        u1 - u0,
        r.n,
        r.k,
        r.alpha,
        a + 4 * (r.transA ? u0 : u0 * r.lda),
        r.lda,
        b,
        r.ldb,
        r.beta,
        c + 4 * u0 * r.ldc,
        r.ldc,
        ws,
      ],
    }));
  }

  private norms(s: Scope, x: Float32Array, rows: number, d: number, given?: Float32Array): number {
    if (given) {
      size('sqDist', 'norms', given, rows);
      return s.addr(given);
    }
    const addr = s.scratch(rows * 4);
    this.exports.row_sqnorms_f32(rows, d, s.addr(x), addr);
    return addr;
  }

  planSqDist(p: SqDistParams): KernelPlan {
    const { m, n, d } = p;
    checkPairwise('sqDist', p.a, m, p.b, n, d);
    size('sqDist', 'out', p.out, m * n);
    noAlias('sqDist', p.out, p.a, p.b);
    const s = new Scope(this);
    const a = s.addr(p.a);
    const b = s.addr(p.b);
    const out = s.addr(p.out, true);
    const an = this.norms(s, p.a, m, d, p.aNorms);
    const bn = this.norms(s, p.b, n, d, p.bNorms);
    const self = p.a === p.b && m === n;
    return plan(
      s,
      m,
      48,
      this.exports.gemm_ws_bytes(),
      (u0, u1, ws) => ({
        fn: 'sqdist_f32',
        args: [u1 - u0, n, d, a + 4 * u0 * d, b, an + 4 * u0, bn, out + 4 * u0 * n, ws],
      }),
      () => {
        if (self) for (let i = 0; i < m; i++) p.out[i * n + i] = 0;
      },
    );
  }

  planL1Dist(p: PairwiseParams): KernelPlan {
    const { m, n, d } = p;
    checkPairwise('l1Dist', p.a, m, p.b, n, d);
    size('l1Dist', 'out', p.out, m * n);
    noAlias('l1Dist', p.out, p.a, p.b);
    const s = new Scope(this);
    const a = s.addr(p.a);
    const b = s.addr(p.b);
    const out = s.addr(p.out, true);
    return plan(s, m, 4, 0, (u0, u1) => ({
      fn: 'l1dist_f32',
      args: [u1 - u0, n, d, a + 4 * u0 * d, b, out + 4 * u0 * n],
    }));
  }

  planTopK(p: TopKParams): KernelPlan {
    const { m, n, k } = p;
    checkTopK('topK', m, n, k, p.outIdx, p.outVal);
    size('topK', 'values', p.values, m * n);
    noAlias('topK', p.outIdx, p.values);
    noAlias('topK', p.outVal, p.values);
    const s = new Scope(this);
    const v = s.addr(p.values);
    const oi = s.addr(p.outIdx, true);
    const ov = s.addr(p.outVal, true);
    return plan(s, k > 0 ? m : 0, 1, 0, (u0, u1) => ({
      fn: 'topk_f32',
      args: [u1 - u0, n, v + 4 * u0 * n, n, k, oi + 4 * u0 * k, ov + 4 * u0 * k],
    }));
  }

  private planDistTopK(kernel: string, p: DistTopKParams, sq: boolean): KernelPlan {
    const { m, n, d, k } = p;
    checkPairwise(kernel, p.a, m, p.b, n, d);
    checkTopK(kernel, m, n, k, p.outIdx, p.outVal);
    noAlias(kernel, p.outIdx, p.a, p.b);
    noAlias(kernel, p.outVal, p.a, p.b);
    const s = new Scope(this);
    const a = s.addr(p.a);
    const b = s.addr(p.b);
    const oi = s.addr(p.outIdx, true);
    const ov = s.addr(p.outVal, true);
    const units = k > 0 ? m : 0;
    if (sq) {
      const an = units ? this.norms(s, p.a, m, d, p.aNorms) : 0;
      const bn = units ? this.norms(s, p.b, n, d, p.bNorms) : 0;
      return plan(s, units, 96, this.exports.dist_ws_bytes(d), (u0, u1, ws) => ({
        fn: 'sqdist_topk_f32',
        args: [
          u1 - u0,
          n,
          d,
          a + 4 * u0 * d,
          b,
          an + 4 * u0,
          bn,
          k,
          oi + 4 * u0 * k,
          ov + 4 * u0 * k,
          ws,
        ],
      }));
    }
    return plan(s, units, 4, 4 * 4 * 256 + 64, (u0, u1, ws) => ({
      fn: 'l1dist_topk_f32',
      args: [u1 - u0, n, d, a + 4 * u0 * d, b, k, oi + 4 * u0 * k, ov + 4 * u0 * k, ws],
    }));
  }

  planSqDistTopK(p: DistTopKParams): KernelPlan {
    return this.planDistTopK('sqDistTopK', p, true);
  }

  planL1DistTopK(p: DistTopKParams): KernelPlan {
    return this.planDistTopK('l1DistTopK', p, false);
  }

  /** Plan of the pruned squared-Euclidean search, split by queries (see assembly/knn.ts). */
  planSqPrunedTopK(p: SqPrunedTopKParams): KernelPlan {
    checkSqPruned(p);
    const { m, n, d, k, r } = p;
    const s = new Scope(this);
    const [a, b, aLow, bLow, aN, bN, aLo, aHi, bLo, bHi, aS, bS] = [
      p.a,
      p.b,
      p.aLow,
      p.bLow,
      p.aLowNorms,
      p.bLowNorms,
      p.aResLo,
      p.aResHi,
      p.bResLo,
      p.bResHi,
      p.aScale,
      p.bScale,
    ].map((x) => s.addr(x));
    const oi = s.addr(p.outIdx, true);
    const ov = s.addr(p.outVal, true);
    const ws = this.exports.sq_pruned_ws_bytes(n, r, k);
    return plan(s, k > 0 ? m : 0, 48, ws, (u0, u1, w) => ({
      fn: 'sq_pruned_topk_f32',
      args: [
        u1 - u0,
        n,
        d,
        r,
        a + 4 * u0 * d,
        b,
        aLow + 4 * u0 * r,
        bLow,
        aN + 4 * u0,
        bN,
        aLo + 4 * u0,
        aHi + 4 * u0,
        bLo,
        bHi,
        aS + 4 * u0,
        bS,
        k,
        oi + 4 * u0 * k,
        ov + 4 * u0 * k,
        w,
      ],
    }));
  }

  /** Plan of the pruned L1 search, split by queries. */
  planL1PrunedTopK(p: PrunedTopKParams): KernelPlan {
    checkPruned('l1PrunedTopK', p);
    const { m, n, d, k, r } = p;
    const s = new Scope(this);
    const [a, b, aLow, bLow, aS, bS] = [p.a, p.b, p.aLow, p.bLow, p.aScale, p.bScale].map((x) =>
      s.addr(x),
    );
    const oi = s.addr(p.outIdx, true);
    const ov = s.addr(p.outVal, true);
    const ws = this.exports.l1_pruned_ws_bytes(n, k);
    return plan(s, k > 0 ? m : 0, 32, ws, (u0, u1, w) => ({
      fn: 'l1_pruned_topk_f32',
      args: [
        u1 - u0,
        n,
        d,
        r,
        a + 4 * u0 * d,
        b,
        aLow + 4 * u0 * r,
        bLow,
        aS + 4 * u0,
        bS,
        k,
        oi + 4 * u0 * k,
        ov + 4 * u0 * k,
        w,
      ],
    }));
  }

  planHistogram(p: HistogramParams): KernelPlan {
    const [f0, f1] = checkHistogram(p);
    const s = new Scope(this);
    const binned = s.addr(p.binned);
    const rows = s.addr(p.rows);
    const grad = s.addr(p.grad);
    const hess = s.addr(p.hess);
    const out = s.addr(p.out, true);
    const nRows = p.rows.length;
    return plan(s, f1 - f0, 8, 0, (u0, u1) => ({
      fn: 'histogram_u8_f64',
      args: [binned, p.nFeatures, rows, nRows, grad, hess, p.nBins, out, f0 + u0, f0 + u1],
    }));
  }

  gemm(p: GemmParams): void {
    this.run(this.planGemm(p));
  }

  sqDist(p: SqDistParams): void {
    this.run(this.planSqDist(p));
  }

  l1Dist(p: PairwiseParams): void {
    this.run(this.planL1Dist(p));
  }

  topK(p: TopKParams): void {
    this.run(this.planTopK(p));
  }

  sqDistTopK(p: DistTopKParams): void {
    this.run(this.planSqDistTopK(p));
  }

  l1DistTopK(p: DistTopKParams): void {
    this.run(this.planL1DistTopK(p));
  }

  histogram(p: HistogramParams): void {
    this.run(this.planHistogram(p));
  }

  sqPrunedTopK(p: SqPrunedTopKParams): void {
    this.run(this.planSqPrunedTopK(p));
  }

  l1PrunedTopK(p: PrunedTopKParams): void {
    this.run(this.planL1PrunedTopK(p));
  }

  /** Runs one small export inline inside a scope (for the cheap level-1 kernels). */
  private call<T>(body: (s: Scope) => T): T {
    const s = new Scope(this);
    try {
      const r = body(s);
      s.finish();
      return r;
    } catch (err) {
      s.abort();
      throw err;
    }
  }

  gemv(p: GemvParams): void {
    const K = 'gemv';
    const { m, n } = p;
    dim(K, 'm', m);
    dim(K, 'n', n);
    const trans = p.trans ?? false;
    size(K, 'a', p.a, m * n);
    size(K, 'x', p.x, trans ? m : n);
    size(K, 'y', p.y, trans ? n : m);
    noAlias(K, p.y, p.a, p.x);
    this.call((s) =>
      this.exports[trans ? 'gemv_f32_t' : 'gemv_f32_n'](
        m,
        n,
        p.alpha ?? 1,
        s.addr(p.a),
        s.addr(p.x),
        p.beta ?? 0,
        s.addr(p.y, true),
      ),
    );
  }

  dot(x: Float32Array, y: Float32Array): number {
    return this.call((s) =>
      this.exports.dot_f32(Math.min(x.length, y.length), s.addr(x), s.addr(y)),
    );
  }

  axpy(alpha: number, x: Float32Array, y: Float32Array): void {
    if (x !== y) noAlias('axpy', y, x);
    this.call((s) =>
      this.exports.axpy_f32(Math.min(x.length, y.length), alpha, s.addr(x), s.addr(y, true)),
    );
  }

  scale(alpha: number, x: Float32Array): void {
    this.call((s) => this.exports.scale_f32(x.length, alpha, s.addr(x, true)));
  }

  private rowwise(
    kernel: string,
    fn: string,
    a: Float32Array,
    m: number,
    n: number,
    out: KernelArray,
    outLen: number,
  ): void {
    dim(kernel, 'm', m);
    dim(kernel, 'n', n);
    size(kernel, 'a', a, m * n);
    size(kernel, 'out', out, outLen);
    if (out !== a) noAlias(kernel, out, a);
    this.call((s) => this.exports[fn](m, n, s.addr(a), s.addr(out, true)));
  }

  rowSums(a: Float32Array, m: number, n: number, out: Float32Array): void {
    this.rowwise('rowSums', 'row_sums_f32', a, m, n, out, m);
  }

  rowSqNorms(a: Float32Array, m: number, n: number, out: Float32Array): void {
    this.rowwise('rowSqNorms', 'row_sqnorms_f32', a, m, n, out, m);
  }

  argmax(a: Float32Array, m: number, n: number, out: Int32Array): void {
    this.rowwise('argmax', 'argmax_f32', a, m, n, out, m);
  }

  softmax(a: Float32Array, m: number, n: number, out: Float32Array): void {
    this.rowwise('softmax', 'softmax_f32', a, m, n, out, m * n);
  }

  logSumExp(a: Float32Array, m: number, n: number, out: Float32Array): void {
    if (out === a) fail('logSumExp', 'output must not overlap an input');
    this.rowwise('logSumExp', 'logsumexp_f32', a, m, n, out, m);
  }

  standardizeU8(p: StandardizeParams): void {
    const K = 'standardizeU8';
    const { m, n } = p;
    dim(K, 'm', m);
    dim(K, 'n', n);
    size(K, 'src', p.src, m * n);
    size(K, 'mean', p.mean, n);
    size(K, 'scale', p.scale, n);
    size(K, 'out', p.out, m * n);
    noAlias(K, p.out, p.src, p.mean, p.scale);
    this.call((s) =>
      this.exports.standardize_u8_f32(
        m,
        n,
        s.addr(p.src),
        s.addr(p.mean),
        s.addr(p.scale),
        s.addr(p.out, true),
      ),
    );
  }

  histSubtract(parent: Float64Array, child: Float64Array, out: Float64Array): void {
    const n = parent.length;
    if (child.length !== n || out.length !== n)
      fail('histSubtract', 'arrays must have equal lengths');
    this.call((s) =>
      this.exports.hist_sub_f64(n, s.addr(parent), s.addr(child), s.addr(out, true)),
    );
  }
}
