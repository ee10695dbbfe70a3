import {
  axpyRow,
  dotRow,
  linearProblem,
  type LinearProblem,
} from '../linear-model/liblinear/problem.js';
import type { WasmSimdBackend } from '../kernels/wasm/wasm-backend.js';

/** The WASM exports used here (assembly/linear.ts). */
interface RowKernels {
  rows_dot_f32_f64(n: number, d: number, bias: number, x: number, w: number, z: number): void;
  rows_axpy_f32_f64(n: number, d: number, bias: number, x: number, a: number, g: number): void;
}

/**
 * Exact products of a linear SVM problem's rows (l × d float32, in the backend's memory on the
 * WASM path) with float64 vectors: X·w and Σ c_i·x_i, in float64 (liblinear's `dotRow` /
 * `axpyRow` order, which assembly/linear.ts's row kernels reproduce bit for bit). The linear
 * kernel's dual gradient is G = Y·X·(Xᵀ·Y·α) − 1 through them, without a Gram matrix.
 */
export class LinearRows {
  private readonly ex: RowKernels | null;
  private readonly p: LinearProblem;
  private readonly cBuf: Float64Array;
  private readonly wBuf: Float64Array;
  private readonly zBuf: Float64Array;

  constructor(
    private readonly be: WasmSimdBackend | null,
    private readonly X: Float32Array,
    readonly l: number,
    readonly d: number,
  ) {
    this.ex = be ? (be.exports as unknown as RowKernels) : null;
    this.p = linearProblem(X, l, d, 0);
    const vec = (n: number) => (be ? be.alloc('f64', Math.max(1, n), false) : new Float64Array(n));
    this.cBuf = vec(l);
    this.wBuf = vec(d);
    this.zBuf = vec(l);
  }

  /** out (d) = Σ c_i·x_i over the rows with c_i ≠ 0, in row order. */
  combine(c: Float64Array, out: Float64Array): void {
    const { l, d } = this;
    if (this.ex) {
      this.cBuf.set(c.subarray(0, l));
      this.wBuf.fill(0);
      this.ex.rows_axpy_f32_f64(
        l,
        d,
        0,
        this.X.byteOffset,
        this.cBuf.byteOffset,
        this.wBuf.byteOffset,
      );
      out.set(this.wBuf.subarray(0, d));
      return;
    }
    out.fill(0);
    for (let i = 0; i < l; i++) if (c[i] !== 0) axpyRow(this.p, i, c[i], out);
  }

  /** out (l) = X·w. */
  dots(w: Float64Array, out: Float64Array): void {
    const { l, d } = this;
    if (this.ex) {
      this.wBuf.set(w.subarray(0, d));
      this.ex.rows_dot_f32_f64(
        l,
        d,
        0,
        this.X.byteOffset,
        this.wBuf.byteOffset,
        this.zBuf.byteOffset,
      );
      out.set(this.zBuf.subarray(0, l));
      return;
    }
    for (let i = 0; i < l; i++) out[i] = dotRow(this.p, i, w);
  }

  release(): void {
    if (!this.be) return;
    this.be.free(this.cBuf);
    this.be.free(this.wBuf);
    this.be.free(this.zBuf);
  }
}
