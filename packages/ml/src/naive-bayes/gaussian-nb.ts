import { Classifier, argmaxRows } from '../base/classifier.js';
import { ParameterError } from '../base/errors.js';
import type { Matrix, MatrixLike } from '../base/matrix.js';
import { arrayOf, nullable, num, type ParamTable } from '../base/params.js';
import type { StateValue } from '../base/serialize.js';
import { linearWasm, wasmAddress } from '../linear-model/linear-wasm.js';

/** Options of {@link GaussianNB} (sklearn names in camelCase). */
export interface GaussianNBOptions {
  /** Prior probabilities of the classes; default null = the class frequencies of y. */
  priors: number[] | null;
  /** Added to every variance, as a fraction of the largest feature variance; default 1e-9. */
  varSmoothing: number;
}

const PARAMS: ParamTable = {
  priors: { default: null, check: nullable(arrayOf(num(0))) },
  varSmoothing: { default: 1e-9, check: num(0) },
};

/**
 * Gaussian naive Bayes, as sklearn's `GaussianNB`: per-class feature means and (population)
 * variances plus `varSmoothing × max feature variance`. Everything is computed in float64 and in
 * log space, so 784 features neither underflow nor lose ties (the bugs npm's peers have).
 */
export class GaussianNB extends Classifier<GaussianNBOptions> {
  /** Per-class feature means, K×d. */
  theta_!: Float64Array;
  /** Per-class feature variances (smoothed), K×d. */
  var_!: Float64Array;
  /** Class priors used for prediction. */
  classPrior_!: Float64Array;
  /** Training samples per class. */
  classCount_!: Float64Array;
  /** The variance added to every feature. */
  epsilon_!: number;

  constructor(options: Partial<GaussianNBOptions> = {}) {
    super(PARAMS, options);
  }

  protected get paramTable(): ParamTable {
    return PARAMS;
  }

  protected fitEncoded(X: Matrix, y: Int32Array, k: number): void {
    const [n, d] = X.shape;
    const { priors } = this.params;
    if (priors) {
      if (priors.length !== k)
        throw new ParameterError(
          `GaussianNB: priors has ${priors.length} values but y has ${k} classes.`,
        );
      const sum = priors.reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) > 1e-8)
        throw new ParameterError(`GaussianNB: priors must sum to 1, got ${sum}.`);
    }
    // Two passes (means, then squared deviations) as numpy's var: a one-pass E[x²] − mean² leaves
    // rounding noise in constant columns, where only the tiny epsilon should remain. The overall
    // variance (for epsilon) comes from the per-class sums by the parallel-variance identity
    // M2 = Σ_c M2_c + n_c (μ_c − μ)², so X is read twice, not four times.
    const count = new Float64Array(k);
    const mean = new Float64Array(k * d);
    const m2 = new Float64Array(k * d);
    for (let i = 0; i < n; i++) {
      const off = y[i] * d;
      const row = i * d;
      count[y[i]]++;
      for (let j = 0; j < d; j++) mean[off + j] += X.data[row + j];
    }
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) mean[c * d + j] /= count[c];
    for (let i = 0; i < n; i++) {
      const off = y[i] * d;
      const row = i * d;
      for (let j = 0; j < d; j++) {
        const t = X.data[row + j] - mean[off + j];
        m2[off + j] += t * t;
      }
    }
    const allVar = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      let mu = 0;
      for (let c = 0; c < k; c++) mu += count[c] * mean[c * d + j];
      mu /= n;
      let total = 0;
      for (let c = 0; c < k; c++) {
        const dm = mean[c * d + j] - mu;
        total += m2[c * d + j] + count[c] * dm * dm;
      }
      allVar[j] = total;
    }
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) m2[c * d + j] /= count[c];
    let maxVar = 0;
    for (let j = 0; j < d; j++) maxVar = Math.max(maxVar, allVar[j] / n);
    this.epsilon_ = this.params.varSmoothing * maxVar;
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) m2[c * d + j] += this.epsilon_;
    this.theta_ = mean;
    this.var_ = m2;
    this.classCount_ = count;
    this.classPrior_ = priors ? Float64Array.from(priors) : count.map((c) => c / n);
  }

  /** The joint log-likelihood log P(c) + log P(x | c), n×K (sklearn's `_joint_log_likelihood`). */
  private jointLogLikelihood(X: Matrix): Matrix<Float64Array> {
    const d = X.shape[1];
    const k = this.classes_.length;
    const inv = this.var_.map((v) => 1 / v);
    const base = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += Math.log(2 * Math.PI * this.var_[c * d + j]);
      base[c] = Math.log(this.classPrior_[c]) - 0.5 * s;
    }
    return gaussianJll(X, this.theta_, inv, base);
  }

  protected predictIndices(X: Matrix): Int32Array {
    return argmaxRows(this.jointLogLikelihood(X));
  }

  /** Log of the class probabilities, n×K (normalised with a stable log-sum-exp). */
  predictLogProba(X: MatrixLike): Matrix<Float64Array> {
    const jll = this.jointLogLikelihood(this.checkX(X));
    const [n, k] = jll.shape;
    for (let i = 0; i < n; i++) {
      const row = jll.data.subarray(i * k, i * k + k);
      let max = -Infinity;
      for (const v of row) max = Math.max(max, v);
      let s = 0;
      for (const v of row) s += Math.exp(v - max);
      const lse = max + Math.log(s);
      for (let c = 0; c < k; c++) row[c] -= lse;
    }
    return jll;
  }

  /** Class probabilities, n×K; rows sum to 1. */
  predictProba(X: MatrixLike): Matrix<Float64Array> {
    const p = this.predictLogProba(X);
    for (let i = 0; i < p.data.length; i++) p.data[i] = Math.exp(p.data[i]);
    return p;
  }

  protected getModelState(): Record<string, StateValue> {
    return {
      theta_: this.theta_,
      var_: this.var_,
      classPrior_: this.classPrior_,
      classCount_: this.classCount_,
      epsilon_: this.epsilon_,
    };
  }

  protected setModelState(s: Record<string, StateValue>): void {
    this.theta_ = s.theta_ as Float64Array;
    this.var_ = s.var_ as Float64Array;
    this.classPrior_ = s.classPrior_ as Float64Array;
    this.classCount_ = s.classCount_ as Float64Array;
    this.epsilon_ = s.epsilon_ as number;
  }
}

/**
 * base[c] − ½ Σ_j (x_ij − θ_cj)² · inv_cj for every row i and class c (n×K, float64). Two
 * accumulators (even and odd features) halve the sum's dependency chain; the WASM kernel
 * (`gnb_jll_f32_f64`, one SIMD lane per accumulator) adds in the same order, so `wasm` true or
 * false give the same bits (tested). WASM is used when available and `wasm` is not false.
 */
export function gaussianJll(
  X: Matrix,
  theta: Float64Array,
  inv: Float64Array,
  base: Float64Array,
  wasm = true,
): Matrix<Float64Array> {
  const [n, d] = X.shape;
  const k = base.length;
  const out = new Float64Array(n * k);
  const be = wasm ? linearWasm() : null;
  if (be && typeof be.exports.gnb_jll_f32_f64 === 'function') {
    const xa = wasmAddress(be, X.data);
    const w = be.alloc('f64', 2 * k * d + k + n * k, false);
    try {
      w.set(theta);
      w.set(inv, k * d);
      w.set(base, 2 * k * d);
      const at = (i: number) => w.byteOffset + i * 8;
      be.exports.gnb_jll_f32_f64(
        n,
        d,
        k,
        xa.addr,
        at(0),
        at(k * d),
        at(2 * k * d),
        at(2 * k * d + k),
      );
      out.set(w.subarray(2 * k * d + k));
    } finally {
      be.free(w);
      if (xa.copied) be.arena.release(xa.addr);
    }
    return { data: out, shape: [n, k] };
  }
  // Each row is widened to float64 once (not once per class).
  const x = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) x[j] = X.data[i * d + j];
    for (let c = 0; c < k; c++) {
      const off = c * d;
      let s0 = 0;
      let s1 = 0;
      let j = 0;
      for (; j + 1 < d; j += 2) {
        const t0 = x[j] - theta[off + j];
        const t1 = x[j + 1] - theta[off + j + 1];
        s0 += t0 * t0 * inv[off + j];
        s1 += t1 * t1 * inv[off + j + 1];
      }
      if (j < d) {
        const t = x[j] - theta[off + j];
        s0 += t * t * inv[off + j];
      }
      out[i * k + c] = base[c] - 0.5 * (s0 + s1);
    }
  }
  return { data: out, shape: [n, k] };
}
