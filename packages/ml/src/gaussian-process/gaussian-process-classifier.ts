import { Classifier } from '../base/classifier.js';
import { MemoryLimitError, ParameterError } from '../base/errors.js';
import type { Matrix, MatrixLike } from '../base/matrix.js';
import { int, nJobsCheck, nullable, num, oneOf, type ParamTable } from '../base/params.js';
import type { StateValue } from '../base/serialize.js';
import { Dense } from '../kernels/dense.js';
import { forEachDistanceBlock } from '../kernels/exact-distance.js';
import { wasmWithExport } from '../kernels/registry.js';
import {
  LaplaceFactor,
  fitBinaryLaplace,
  kernelStructure,
  laplaceProbability,
  type BinaryLaplace,
  type Components,
} from './laplace.js';

/** Options of {@link GaussianProcessClassifier} (sklearn names in camelCase). */
export interface GaussianProcessClassifierOptions {
  /**
   * sklearn's `n_jobs`, accepted so that sklearn configurations load; the binary problems are
   * solved one after another on the calling thread for now (the same model whatever its value).
   */
  nJobs: number | null;
  /** How more than two classes are handled: 'one_vs_rest' (sklearn's default) or 'one_vs_one'. */
  multiClass: 'one_vs_rest' | 'one_vs_one';
  /** Most Newton steps to the posterior mode; default 100. */
  maxIterPredict: number;
  /** The kernel's RBF length scale (fixed, not optimised); default 1 as sklearn's default kernel. */
  lengthScale: number;
  /** The kernel's constant factor (fixed); default 1 as sklearn's default kernel. */
  constantValue: number;
  /**
   * Most bytes the kernel matrices may take (float64, n × n for the training set); a larger fit
   * throws a MemoryLimitError saying how much it would need, before allocating. Default 4 GiB.
   */
  maxMemoryBytes: number | null;
}

const PARAMS: ParamTable = {
  nJobs: { default: null, check: nJobsCheck },
  multiClass: { default: 'one_vs_rest', check: oneOf('one_vs_rest', 'one_vs_one') },
  maxIterPredict: { default: 100, check: int(1) },
  lengthScale: { default: 1, check: num(0, Infinity, { min: true }) },
  constantValue: { default: 1, check: num(0, Infinity, { min: true }) },
  maxMemoryBytes: { default: null, check: nullable(num(0)) },
};

/** The default memory limit of the kernel matrices. */
export const GP_DEFAULT_MAX_MEMORY = 4 * 2 ** 30;

/** One binary problem of the fit: its training rows (null: all) and its Laplace fit. */
interface Problem extends BinaryLaplace {
  rows: Int32Array | null;
}

/** Bytes in words: "28.8 GB", "32 MB". */
const gb = (bytes: number) =>
  bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.ceil(bytes / 1e6)} MB`;

/**
 * Gaussian process classification with the Laplace approximation, as sklearn's
 * `GaussianProcessClassifier` with its default kernel 1.0 · RBF(1.0) held fixed (0.19 and today:
 * fixed bounds, so nothing is optimised): one binary Laplace classifier per class against the
 * rest ('one_vs_rest', prediction by the largest probability, the last class winning ties as
 * sklearn's OneVsRestClassifier) or per pair of classes ('one_vs_one', votes with the summed
 * probabilities breaking ties as sklearn's OneVsOneClassifier; no probabilities, as sklearn).
 * See laplace.ts for the binary model and how B's factor is computed.
 *
 * The kernel is exp(−½‖x − x'‖²/ℓ²)·c in float64 from exact float64 squared distances: on
 * 784-dimensional data nearly all values are below 1e-300, and a one-vs-one prediction is the
 * sign of a sum of them (so it behaves like a nearest-neighbour rule), which needs their relative
 * precision. The n × n kernel matrix is kept in memory (8n² bytes: 800 MB for 10,000 rows,
 * 28.8 GB for 60,000); beyond `maxMemoryBytes` `fit` refuses with a MemoryLimitError.
 */
export class GaussianProcessClassifier extends Classifier<GaussianProcessClassifierOptions> {
  /** The approximate log marginal likelihood (the mean over the binary problems). */
  logMarginalLikelihoodValue_!: number;
  /** Newton steps of each binary problem. */
  nIter_!: Int32Array;
  private Xtrain!: Float32Array;
  /** The training rows' classes (indices into classes_). */
  private yTrain!: Int32Array;
  private problems!: Problem[];

  constructor(options: Partial<GaussianProcessClassifierOptions> = {}) {
    super(PARAMS, options);
  }

  protected get paramTable(): ParamTable {
    return PARAMS;
  }

  /** Bytes a fit on n rows needs for its kernel matrices (the largest pair's too, one-vs-one). */
  static bytesNeeded(n: number, largestProblem = n): number {
    return 8 * n * n + (largestProblem < n ? 8 * largestProblem * largestProblem : 0);
  }

  protected fitEncoded(X: Matrix, y: Int32Array, K: number): void {
    const [n, d] = X.shape;
    const { multiClass, maxIterPredict } = this.params;
    const counts = new Int32Array(K);
    for (const v of y) counts[v]++;
    const sorted = Array.from(counts).sort((a, b) => b - a);
    const oneVsOne = K > 2 && multiClass === 'one_vs_one';
    const need = GaussianProcessClassifier.bytesNeeded(n, oneVsOne ? sorted[0] + sorted[1] : n);
    const limit = this.params.maxMemoryBytes ?? GP_DEFAULT_MAX_MEMORY;
    if (need > limit) {
      throw new MemoryLimitError(
        `GaussianProcessClassifier: the ${n} × ${n} kernel matrix${oneVsOne ? ' (and the largest pair’s)' : ''} needs ${gb(need)} of float64, more than maxMemoryBytes (${gb(limit)}); fit on fewer rows or raise maxMemoryBytes.`,
        need,
        limit,
      );
    }
    this.Xtrain = X.data.slice(0, n * d);
    this.yTrain = Int32Array.from(y);
    const Kfull = this.gram(this.Xtrain, n, d);
    const dense = new Dense(wasmWithExport('chol_f64'));
    const problems: Problem[] = [];
    if (K === 2 || !oneVsOne) {
      const structure = kernelStructure(Kfull, n);
      for (let c = K === 2 ? 1 : 0; c < K; c++) {
        const y01 = new Uint8Array(n);
        for (let i = 0; i < n; i++) y01[i] = y[i] === c ? 1 : 0;
        problems.push({
          rows: null,
          ...fitBinaryLaplace(Kfull, n, y01, structure, maxIterPredict, dense),
        });
      }
    } else {
      for (let a = 0; a < K; a++) {
        for (let b = a + 1; b < K; b++) {
          const rows: number[] = [];
          for (let i = 0; i < n; i++) if (y[i] === a || y[i] === b) rows.push(i);
          const m = rows.length;
          const Kp = new Float64Array(m * m);
          for (let p = 0; p < m; p++) {
            const src = rows[p] * n;
            for (let q = 0; q < m; q++) Kp[p * m + q] = Kfull[src + rows[q]];
          }
          const y01 = new Uint8Array(m);
          for (let p = 0; p < m; p++) y01[p] = y[rows[p]] === b ? 1 : 0;
          const structure = kernelStructure(Kp, m);
          problems.push({
            rows: Int32Array.from(rows),
            ...fitBinaryLaplace(Kp, m, y01, structure, maxIterPredict, dense),
          });
        }
      }
    }
    this.problems = problems;
    this.nIter_ = Int32Array.from(problems, (p) => p.nIter);
    this.logMarginalLikelihoodValue_ = problems.reduce((s, p) => s + p.lml, 0) / problems.length;
  }

  /** The training kernel matrix, n × n float64. */
  private gram(X: Float32Array, n: number, d: number): Float64Array {
    const Kfull = new Float64Array(n * n);
    const kernel = this.kernelOf();
    forEachDistanceBlock(X, n, null, n, d, (i0, rows, j0, block) => {
      const w = n - j0;
      for (let r = 0; r < rows; r++) {
        const i = i0 + r;
        for (let j = i; j < n; j++) {
          const v = kernel(block[r * w + (j - j0)]);
          Kfull[i * n + j] = v;
          Kfull[j * n + i] = v;
        }
      }
    });
    return Kfull;
  }

  /** The kernel as a function of the squared distance s: c·exp(−½ s/ℓ²). */
  private kernelOf(): (s: number) => number {
    const { lengthScale, constantValue: c } = this.params;
    const l2 = lengthScale * lengthScale;
    return lengthScale === 1 ? (s) => c * Math.exp(-0.5 * s) : (s) => c * Math.exp(-0.5 * (s / l2));
  }

  /**
   * For blocks of rows of X: the latent mean and variance of every binary problem
   * (`each(i0, rows, mean, variance)`, rows × problems each).
   */
  private latent(
    X: Matrix,
    each: (i0: number, rows: number, mean: Float64Array, variance: Float64Array) => void,
  ): void {
    const [m, d] = X.shape;
    const n = this.Xtrain.length / d;
    const P = this.problems.length;
    const kdiag = this.params.constantValue;
    const kernel = this.kernelOf();
    // Per test row, only the training rows within this distance of the nearest row of their
    // class count: the others' kernel values are below 2⁻⁷²/n of the largest of any problem
    // they are in (every problem holds whole classes), so leaving them out of k*ᵀ(y − π) and of
    // the variance changes neither beyond rounding (and skips subnormal arithmetic).
    const reach = 2 * this.params.lengthScale ** 2 * (72 * Math.LN2 + Math.log(n));
    const Krow = new Float64Array(n);
    const near = new Int32Array(n);
    const cls = this.yTrain;
    const sMin = new Float64Array(this.classes_.length);
    // A row of distances, copied out of the kernels' shared memory (faster to scan from here).
    const srow = new Float64Array(n);
    forEachDistanceBlock(X.data, m, this.Xtrain, n, d, (i0, rows, _j0, block) => {
      const mean = new Float64Array(rows * P);
      const variance = new Float64Array(rows * P);
      for (let r = 0; r < rows; r++) {
        srow.set(block.subarray(r * n, r * n + n));
        sMin.fill(Infinity);
        for (let q = 0; q < n; q++) if (srow[q] < sMin[cls[q]]) sMin[cls[q]] = srow[q];
        let count = 0;
        for (let q = 0; q < n; q++) {
          if (srow[q] > sMin[cls[q]] + reach) continue;
          near[count++] = q;
          Krow[q] = kernel(srow[q]);
        }
        for (let p = 0; p < P; p++) {
          const pr = this.problems[p];
          const ymp = pr.yMinusPi;
          let f = 0;
          if (pr.rows) for (let q = 0; q < ymp.length; q++) f += Krow[pr.rows[q]] * ymp[q];
          else for (let t = 0; t < count; t++) f += Krow[near[t]] * ymp[near[t]];
          mean[r * P + p] = f;
          variance[r * P + p] = kdiag - pr.factor.forwardSqNorm(pr.wsr, Krow, 0, pr.rows);
        }
        for (let t = 0; t < count; t++) Krow[near[t]] = 0;
      }
      each(i0, rows, mean, variance);
    });
  }

  protected predictIndices(X: Matrix): Int32Array {
    const m = X.shape[0];
    const K = this.classes_.length;
    const P = this.problems.length;
    const out = new Int32Array(m);
    this.latent(X, (i0, rows, mean, variance) => {
      for (let r = 0; r < rows; r++) {
        const o = r * P;
        if (K === 2) {
          out[i0 + r] = mean[o] > 0 ? 1 : 0;
        } else if (this.params.multiClass === 'one_vs_rest') {
          // OneVsRestClassifier: the largest P(class), the last class winning ties.
          let best = 0;
          let bv = -Infinity;
          for (let c = 0; c < K; c++) {
            const v = laplaceProbability(mean[o + c], variance[o + c]);
            if (v >= bv) {
              bv = v;
              best = c;
            }
          }
          out[i0 + r] = best;
        } else {
          out[i0 + r] = ovoWinner(K, mean.subarray(o, o + P), variance.subarray(o, o + P));
        }
      }
    });
    return out;
  }

  /**
   * Class probabilities, n × K: one-vs-rest's per-class probabilities normalised to sum 1 (two
   * classes: the binary model's). One-vs-one has none (as sklearn): a ParameterError.
   */
  predictProba(X: MatrixLike): Matrix<Float64Array> {
    const Xm = this.checkX(X);
    const K = this.classes_.length;
    if (K > 2 && this.params.multiClass === 'one_vs_one') {
      throw new ParameterError(
        'GaussianProcessClassifier: one_vs_one multi-class mode does not support predicting probability estimates; use multiClass "one_vs_rest".',
      );
    }
    const m = Xm.shape[0];
    const P = this.problems.length;
    const out = new Float64Array(m * K);
    this.latent(Xm, (i0, rows, mean, variance) => {
      for (let r = 0; r < rows; r++) {
        const o = (i0 + r) * K;
        if (K === 2) {
          const p = laplaceProbability(mean[r], variance[r]);
          out[o] = 1 - p;
          out[o + 1] = p;
          continue;
        }
        let sum = 0;
        for (let c = 0; c < K; c++)
          sum += out[o + c] = laplaceProbability(mean[r * P + c], variance[r * P + c]);
        for (let c = 0; c < K; c++) out[o + c] /= sum;
      }
    });
    return { data: out, shape: [m, K] };
  }

  protected getModelState(): Record<string, StateValue> {
    return {
      Xtrain: this.Xtrain,
      yTrain: this.yTrain,
      logMarginalLikelihoodValue_: this.logMarginalLikelihoodValue_,
      nIter_: this.nIter_,
      problems: this.problems.map((p) => ({
        rows: p.rows,
        yMinusPi: p.yMinusPi,
        wsr: p.wsr,
        lml: p.lml,
        nIter: p.nIter,
        start: p.factor.comps.start,
        members: p.factor.comps.members,
        L: p.factor.L,
        lStart: p.factor.lStart,
      })),
    };
  }

  protected setModelState(s: Record<string, StateValue>): void {
    this.Xtrain = s.Xtrain as Float32Array;
    this.yTrain = s.yTrain as Int32Array;
    this.logMarginalLikelihoodValue_ = s.logMarginalLikelihoodValue_ as number;
    this.nIter_ = s.nIter_ as Int32Array;
    this.problems = (s.problems as Record<string, StateValue>[]).map((p) => {
      const comps: Components = { start: p.start as Int32Array, members: p.members as Int32Array };
      return {
        rows: p.rows as Int32Array | null,
        yMinusPi: p.yMinusPi as Float64Array,
        wsr: p.wsr as Float64Array,
        lml: p.lml as number,
        nIter: p.nIter as number,
        factor: new LaplaceFactor(comps, p.L as Float64Array, p.lStart as Int32Array),
      };
    });
  }
}

/**
 * sklearn's OneVsOneClassifier decision for one row: a vote per pair (class b when its latent
 * mean is > 0, else a) plus the pair's P(b) added to b's and taken from a's confidence, the
 * confidences squashed to (−⅓, ⅓) by s / (3(|s| + 1)); the first largest wins.
 */
function ovoWinner(K: number, mean: Float64Array, variance: Float64Array): number {
  const votes = new Float64Array(K);
  const conf = new Float64Array(K);
  let k = 0;
  for (let a = 0; a < K; a++) {
    for (let b = a + 1; b < K; b++, k++) {
      const p = laplaceProbability(mean[k], variance[k]);
      conf[a] -= p;
      conf[b] += p;
      if (mean[k] > 0) votes[b] += 1;
      else votes[a] += 1;
    }
  }
  let best = 0;
  let bv = -Infinity;
  for (let c = 0; c < K; c++) {
    const v = votes[c] + conf[c] / (3 * (Math.abs(conf[c]) + 1));
    if (v > bv) {
      bv = v;
      best = c;
    }
  }
  return best;
}
