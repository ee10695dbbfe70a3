import { Classifier, argmaxRows } from '../base/classifier.js';
import { ParameterError } from '../base/errors.js';
import type { Matrix, MatrixLike } from '../base/matrix.js';
import { arrayOf, bool, int, num, oneOf, type ParamTable } from '../base/params.js';
import { Random, resolveSeed } from '../base/random.js';
import type { StateValue } from '../base/serialize.js';
import type { KernelBackend } from '../kernels/api.js';
import { softmaxJs } from '../kernels/js/rowwise.js';
import { getBackendSync } from '../kernels/registry.js';
import { WasmSimdBackend } from '../kernels/wasm/wasm-backend.js';
import { gemmOn, sharedSyncPool, type SyncKernelPool } from '../parallel/sync-pool.js';

/** Options of {@link MLPClassifier} (sklearn names in camelCase). */
export interface MLPClassifierOptions {
  /** Units of each hidden layer, e.g. [100] or [100, 10]. */
  hiddenLayerSizes: number[];
  activation: 'identity' | 'logistic' | 'tanh' | 'relu';
  /** Only 'adam' (sklearn's default) is implemented. */
  solver: 'adam';
  /** L2 penalty on the weights. */
  alpha: number;
  /** Rows per minibatch; 'auto' = min(200, n). */
  batchSize: number | 'auto';
  learningRateInit: number;
  /** Epochs at most. */
  maxIter: number;
  /** Shuffle the rows before each epoch. */
  shuffle: boolean;
  /** Seeds the initial weights and the shuffles; null = 0, fmnist is reproducible. */
  randomState: number | null;
  /** Training stops when the loss has not improved by tol for more than nIterNoChange epochs. */
  tol: number;
  /** sklearn 0.19 had a fixed 2 (what `fromSklearnParams` applies); today's default is 10. */
  nIterNoChange: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

const PARAMS: ParamTable = {
  hiddenLayerSizes: { default: [100], check: arrayOf(int(1)) },
  activation: { default: 'relu', check: oneOf('identity', 'logistic', 'tanh', 'relu') },
  solver: { default: 'adam', check: oneOf('adam') },
  alpha: { default: 1e-4, check: num(0) },
  batchSize: {
    default: 'auto',
    check: (v) =>
      v === 'auto' || int(1)(v) === undefined ? undefined : '"auto" or an integer ≥ 1',
  },
  learningRateInit: { default: 1e-3, check: num(0, Infinity, { min: true }) },
  maxIter: { default: 200, check: int(1) },
  shuffle: { default: true, check: bool() },
  randomState: {
    default: null,
    check: (v) => (v === null || int(0)(v) === undefined ? undefined : 'null or an integer ≥ 0'),
  },
  tol: { default: 1e-4, check: num(0) },
  nIterNoChange: { default: 10, check: int(1) },
  beta1: { default: 0.9, check: num(0, 1, { max: true }) },
  beta2: { default: 0.999, check: num(0, 1, { max: true }) },
  epsilon: { default: 1e-8, check: num(0, Infinity, { min: true }) },
};

/**
 * A multi-layer perceptron trained with Adam, as sklearn's `MLPClassifier`: Glorot-uniform
 * initial weights (bound √(6/(fan_in + fan_out)), √2 times smaller for 'logistic'), softmax
 * output with cross-entropy (a logistic unit for two classes), L2 penalty α/2·‖W‖²/batch,
 * minibatches of min(200, n) rows in a fresh shuffled order each epoch, Adam with sklearn's
 * bias-corrected step, and sklearn's stopping rule on the epoch's mean loss. The layers are
 * float32 GEMMs on the kernel backend (WASM SIMD); the random stream is fmnist's, so models agree
 * with sklearn in accuracy, not weight for weight.
 */
export class MLPClassifier extends Classifier<MLPClassifierOptions> {
  /** Weights per layer (fan_in × fan_out, row-major). */
  coefs_!: Float32Array[];
  intercepts_!: Float32Array[];
  /** Mean training loss of each epoch. */
  lossCurve_!: number[];
  nIter_!: number;
  /** Units per layer, input and output included. */
  layerSizes_!: number[];
  outActivation_!: 'softmax' | 'logistic';

  constructor(options: Partial<MLPClassifierOptions> = {}) {
    super(PARAMS, options);
  }

  protected get paramTable(): ParamTable {
    return PARAMS;
  }

  protected fitEncoded(X: Matrix, y: Int32Array, k: number): void {
    const [n, d] = X.shape;
    const p = this.params;
    const be = getBackendSync();
    // The layers' GEMMs run on the process's synchronous pool (the default thread count, `setDefaultThreads`).
    const pool = be instanceof WasmSimdBackend ? sharedSyncPool() : undefined;
    const rng = new Random(resolveSeed(p.randomState));
    const outUnits = k === 2 ? 1 : k;
    const sizes = [d, ...p.hiddenLayerSizes, outUnits];
    this.layerSizes_ = sizes;
    this.outActivation_ = k === 2 ? 'logistic' : 'softmax';
    const layers = sizes.length - 1;
    // Glorot-uniform initial weights and intercepts, layer by layer, as sklearn draws them.
    const factor = p.activation === 'logistic' ? 2 : 6;
    this.coefs_ = [];
    this.intercepts_ = [];
    for (let l = 0; l < layers; l++) {
      const bound = Math.sqrt(factor / (sizes[l] + sizes[l + 1]));
      const W = be.alloc('f32', sizes[l] * sizes[l + 1], false);
      for (let i = 0; i < W.length; i++) W[i] = (2 * rng.random() - 1) * bound;
      const b = be.alloc('f32', sizes[l + 1], false);
      for (let i = 0; i < b.length; i++) b[i] = (2 * rng.random() - 1) * bound;
      this.coefs_.push(W);
      this.intercepts_.push(b);
    }
    const batch = p.batchSize === 'auto' ? Math.min(200, n) : Math.min(p.batchSize, n);
    // Work buffers in kernel memory: the batch, each layer's activations and deltas, gradients.
    const xb = be.alloc('f32', batch * d, false);
    const acts = sizes.slice(1).map((s) => be.alloc('f32', batch * s, false));
    const deltas = sizes.slice(1).map((s) => be.alloc('f32', batch * s, false));
    const gradW = this.coefs_.map((W) => be.alloc('f32', W.length, false));
    const gradB = this.intercepts_.map((b) => be.alloc('f32', b.length));
    const adam = [...this.coefs_, ...this.intercepts_].map((a) => ({
      m: be.alloc('f64', a.length),
      v: be.alloc('f64', a.length),
    }));
    const step = adamStep(be, p);
    let sq = 0; // Σ W² of the current weights, for the L2 term of the loss
    for (const W of this.coefs_) for (let i = 0; i < W.length; i++) sq += W[i] * W[i];
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const Y = new Int32Array(batch);
    this.lossCurve_ = [];
    let best = Infinity;
    let noImprovement = 0;
    let t = 0;
    try {
      for (let epoch = 0; epoch < p.maxIter; epoch++) {
        if (p.shuffle) rng.shuffle(order);
        let total = 0;
        for (let start = 0; start < n; start += batch) {
          const bs = Math.min(batch, n - start);
          for (let r = 0; r < bs; r++) {
            const i = order[start + r];
            xb.set(X.data.subarray(i * d, i * d + d), r * d);
            Y[r] = y[i];
          }
          this.forward(be, pool, this.coefs_, xb, bs, acts);
          // Output delta: P − Y (softmax or logistic with cross-entropy), and the batch loss.
          const out = acts[layers - 1];
          const dOut = deltas[layers - 1];
          let loss = 0;
          for (let r = 0; r < bs; r++) {
            if (outUnits === 1) {
              const q = out[r];
              const target = Y[r] === 1 ? 1 : 0;
              loss -= target * Math.log(clip(q)) + (1 - target) * Math.log(clip(1 - q));
              dOut[r] = q - target;
            } else {
              for (let c = 0; c < outUnits; c++) {
                const q = out[r * outUnits + c];
                dOut[r * outUnits + c] = q - (c === Y[r] ? 1 : 0);
              }
              loss -= Math.log(clip(out[r * outUnits + Y[r]]));
            }
          }
          loss = loss / bs + (0.5 * p.alpha * sq) / bs;
          total += loss * bs;
          // Back-propagation: gradients of every layer, then deltas of the layer below.
          for (let l = layers - 1; l >= 0; l--) {
            const input = l === 0 ? xb : acts[l - 1];
            const fanIn = sizes[l];
            const fanOut = sizes[l + 1];
            gemmOn(be, pool, {
              transA: true,
              m: fanIn,
              n: fanOut,
              k: bs,
              alpha: 1 / bs,
              a: input,
              b: deltas[l],
              c: gradW[l],
            });
            const W = this.coefs_[l];
            const gB = gradB[l];
            gB.fill(0);
            for (let r = 0; r < bs; r++)
              for (let j = 0; j < fanOut; j++) gB[j] += deltas[l][r * fanOut + j];
            for (let j = 0; j < fanOut; j++) gB[j] /= bs;
            if (l > 0) {
              be.gemm({
                transB: true,
                m: bs,
                n: fanIn,
                k: fanOut,
                a: deltas[l],
                b: W,
                c: deltas[l - 1],
              });
              derivative(p.activation, acts[l - 1], deltas[l - 1], bs * fanIn);
            }
          }
          // Adam, with sklearn's bias correction folded into the step size; the weights'
          // gradient gets its L2 part α·W/batch here.
          t++;
          const lr = (p.learningRateInit * Math.sqrt(1 - p.beta2 ** t)) / (1 - p.beta1 ** t);
          sq = 0;
          for (let l = 0; l < layers; l++) {
            sq += step(this.coefs_[l], gradW[l], adam[l], lr, p.alpha / bs);
            step(this.intercepts_[l], gradB[l], adam[layers + l], lr, 0);
          }
        }
        const epochLoss = total / n;
        this.lossCurve_.push(epochLoss);
        this.nIter_ = epoch + 1;
        if (!Number.isFinite(epochLoss)) {
          throw new ParameterError(
            `MLPClassifier: the training loss became ${epochLoss} at epoch ${epoch + 1}; lower learningRateInit or scale X.`,
          );
        }
        // sklearn's rule: an epoch that does not beat the best loss by tol counts; more than
        // nIterNoChange such epochs in a row stop training.
        if (epochLoss > best - p.tol) noImprovement++;
        else noImprovement = 0;
        if (epochLoss < best) best = epochLoss;
        if (noImprovement > p.nIterNoChange) break;
      }
    } finally {
      const moments = adam.flatMap(({ m, v }) => [m, v]);
      for (const a of [xb, ...acts, ...deltas, ...gradW, ...gradB, ...moments]) be.free(a);
      // The fitted weights leave kernel memory (a model outlives the arena's scratch).
      const out = (a: Float32Array) => {
        const copy = a.slice();
        be.free(a);
        return copy;
      };
      this.coefs_ = this.coefs_.map(out);
      this.intercepts_ = this.intercepts_.map(out);
    }
  }

  /** Activations of every layer for `rows` rows of `x`, into `acts` (all in kernel memory). */
  private forward(
    be: KernelBackend,
    pool: SyncKernelPool | undefined,
    coefs: Float32Array[],
    x: Float32Array,
    rows: number,
    acts: Float32Array[],
  ): void {
    const sizes = this.layerSizes_;
    const layers = sizes.length - 1;
    for (let l = 0; l < layers; l++) {
      const fanIn = sizes[l];
      const fanOut = sizes[l + 1];
      const input = l === 0 ? x : acts[l - 1];
      const out = acts[l];
      gemmOn(be, pool, { m: rows, n: fanOut, k: fanIn, a: input, b: coefs[l], c: out });
      const b = this.intercepts_[l];
      for (let r = 0; r < rows; r++) for (let j = 0; j < fanOut; j++) out[r * fanOut + j] += b[j];
      if (l < layers - 1) activate(this.params.activation, out, rows * fanOut);
      else if (this.outActivation_ === 'logistic') activate('logistic', out, rows);
      else softmaxJs(out, rows, fanOut, out);
    }
  }

  /** Class probabilities, n×K. */
  predictProba(X: MatrixLike): Matrix<Float64Array> {
    return this.proba(this.checkX(X));
  }

  private proba(X: Matrix): Matrix<Float64Array> {
    const [n, d] = X.shape;
    const be = getBackendSync();
    const pool = be instanceof WasmSimdBackend ? sharedSyncPool() : undefined;
    const sizes = this.layerSizes_;
    const k = this.outActivation_ === 'logistic' ? 2 : sizes[sizes.length - 1];
    const out = new Float64Array(n * k);
    const chunk = Math.min(n, 2048);
    const x = be.alloc('f32', chunk * d, false);
    const acts = sizes.slice(1).map((s) => be.alloc('f32', chunk * s, false));
    const coefs = this.coefs_.map((W) => {
      const w = be.alloc('f32', W.length, false);
      w.set(W);
      return w;
    });
    try {
      for (let start = 0; start < n; start += chunk) {
        const rows = Math.min(chunk, n - start);
        x.set(X.data.subarray(start * d, (start + rows) * d));
        this.forward(be, pool, coefs, x, rows, acts);
        const last = acts[acts.length - 1];
        for (let r = 0; r < rows; r++) {
          if (k === 2 && this.outActivation_ === 'logistic') {
            out[(start + r) * 2] = 1 - last[r];
            out[(start + r) * 2 + 1] = last[r];
          } else {
            for (let c = 0; c < k; c++) out[(start + r) * k + c] = last[r * k + c];
          }
        }
      }
    } finally {
      for (const a of [x, ...acts, ...coefs]) be.free(a);
    }
    return { data: out, shape: [n, k] };
  }

  protected predictIndices(X: Matrix): Int32Array {
    return argmaxRows(this.proba(X));
  }

  protected getModelState(): Record<string, StateValue> {
    return {
      coefs_: this.coefs_,
      intercepts_: this.intercepts_,
      lossCurve_: this.lossCurve_,
      nIter_: this.nIter_,
      layerSizes_: this.layerSizes_,
      outActivation_: this.outActivation_,
    };
  }

  protected setModelState(s: Record<string, StateValue>): void {
    this.coefs_ = s.coefs_ as Float32Array[];
    this.intercepts_ = s.intercepts_ as Float32Array[];
    this.lossCurve_ = s.lossCurve_ as number[];
    this.nIter_ = s.nIter_ as number;
    this.layerSizes_ = s.layerSizes_ as number[];
    this.outActivation_ = s.outActivation_ as 'softmax' | 'logistic';
  }
}

/**
 * One Adam update of a parameter array (sklearn's AdamOptimizer): g = grad + l2·w, then the
 * moments and w −= lr·m/(√v + ε); returns Σ w² of the new weights. WASM (`adam_step_f32`) when
 * the backend has it, else the same operations here.
 */
function adamStep(
  be: KernelBackend,
  p: MLPClassifierOptions,
): (
  w: Float32Array,
  grad: Float32Array,
  mv: { m: Float64Array; v: Float64Array },
  lr: number,
  l2: number,
) => number {
  const { beta1: b1, beta2: b2, epsilon: eps } = p;
  const kernel =
    be instanceof WasmSimdBackend
      ? (be.exports.adam_step_f32 as ((...a: number[]) => number) | undefined)
      : undefined;
  if (kernel) {
    return (w, grad, { m, v }, lr, l2) =>
      kernel(
        w.length,
        w.byteOffset,
        grad.byteOffset,
        m.byteOffset,
        v.byteOffset,
        lr,
        b1,
        b2,
        eps,
        l2,
      );
  }
  return (w, grad, { m, v }, lr, l2) => {
    let sq = 0;
    for (let i = 0; i < w.length; i++) {
      const g = grad[i] + l2 * w[i];
      m[i] = b1 * m[i] + (1 - b1) * g;
      v[i] = b2 * v[i] + (1 - b2) * g * g;
      w[i] = w[i] - (lr * m[i]) / (Math.sqrt(v[i]) + eps);
      sq += w[i] * w[i];
    }
    return sq;
  };
}

/** sklearn clips probabilities to [1e-10, 1 − 1e-10] inside the log-loss. */
function clip(q: number): number {
  return Math.min(Math.max(q, 1e-10), 1 - 1e-10);
}

function activate(kind: MLPClassifierOptions['activation'], a: Float32Array, len: number): void {
  if (kind === 'relu') for (let i = 0; i < len; i++) a[i] = a[i] > 0 ? a[i] : 0;
  else if (kind === 'tanh') for (let i = 0; i < len; i++) a[i] = Math.tanh(a[i]);
  else if (kind === 'logistic') for (let i = 0; i < len; i++) a[i] = 1 / (1 + Math.exp(-a[i]));
}

/** delta ⊙= f′ expressed through the activation a = f(z), as sklearn's DERIVATIVES. */
function derivative(
  kind: MLPClassifierOptions['activation'],
  a: Float32Array,
  delta: Float32Array,
  len: number,
): void {
  if (kind === 'relu') for (let i = 0; i < len; i++) delta[i] = a[i] === 0 ? 0 : delta[i];
  else if (kind === 'tanh') for (let i = 0; i < len; i++) delta[i] *= 1 - a[i] * a[i];
  else if (kind === 'logistic') for (let i = 0; i < len; i++) delta[i] *= a[i] * (1 - a[i]);
}
