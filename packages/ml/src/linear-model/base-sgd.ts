import { Classifier, argmaxRows } from '../base/classifier.js';
import { InputError } from '../base/errors.js';
import { rowSqNorms, type Matrix, type MatrixLike } from '../base/matrix.js';
import { resolveSeed } from '../base/random.js';
import type { StateValue } from '../base/serialize.js';
import { linearScores } from './linear-decision.js';
import { linearWasm, wasmAddress } from './linear-wasm.js';
import { PENALTY, RATE, type SgdConfig } from './sgd-engine.js';
import { sklearnShuffleSeeds } from './sklearn-seeds.js';
import { threadsFor } from '../parallel/thread-count.js';
import { runOvr, shared, threadsSupported } from './sgd-threads.js';

/** Below this much work (rows × features × problems × epochs) threads cost more than they save. */
const PARALLEL_MIN_WORK = 5e7;

/**
 * What SGDClassifier, Perceptron and PassiveAggressiveClassifier share: one-vs-rest training on
 * the SGD engine (one binary problem per class, a single one for two classes, each with its own
 * shuffle seed derived from `randomState` exactly as sklearn derives it, trained in parallel), the linear decision function and the
 * fitted attributes `coef_`, `intercept_`, `nIter_`.
 */
export abstract class BaseSgdClassifier<P extends object> extends Classifier<P> {
  /** Weights, P×d row-major (P = 1 for two classes, else one row per class). */
  coef_!: Float64Array;
  /** Intercepts, one per row of `coef_`. */
  intercept_!: Float64Array;
  /** Epochs run (the maximum over the one-vs-rest problems, as sklearn). */
  nIter_!: number;

  /** The engine settings for the current options (validated already). */
  protected abstract engineConfig(): SgdConfig;
  /** `randomState` and `nJobs` of the options. */
  protected abstract runOptions(): { randomState: number | null; nJobs: number | null };

  protected fitEncoded(X: Matrix, y: Int32Array, k: number): void {
    const [n, d] = X.shape;
    const cfg = this.engineConfig();
    const { randomState, nJobs } = this.runOptions();
    const nProblems = k === 2 ? 1 : k;
    const positives = k === 2 ? Int32Array.of(1) : Int32Array.from({ length: k }, (_, c) => c);
    const seeds = sklearnShuffleSeeds(resolveSeed(randomState), k);
    const work = n * d * nProblems * cfg.maxIter;
    const wanted = threadsFor(nJobs);
    const threads =
      wanted > 1 && nProblems > 1 && work >= PARALLEL_MIN_WORK && threadsSupported()
        ? Math.min(wanted, nProblems)
        : 1;
    const pa = cfg.learningRate === RATE.pa1 || cfg.learningRate === RATE.pa2;
    const sq = pa ? rowSqNorms(X.data, n, d) : null;
    const wrap = threads > 1 ? shared : <T>(a: T) => a;
    // With the WASM kernels, X, the weights and the L1 state live in the kernel memory (shared).
    const be = linearWasm();
    const useL1 = cfg.penalty === PENALTY.l1 || cfg.penalty === PENALTY.elasticnet;
    const xw = be ? wasmAddress(be, X.data) : null;
    const coefW = be ? be.alloc('f64', nProblems * d).fill(0) : null;
    const qW = be && useL1 ? be.alloc('f64', nProblems * d).fill(0) : null;
    const job = {
      X: be && xw ? new Float32Array(be.arena.buffer, xw.addr, n * d) : wrap(X.data),
      n,
      d,
      y: wrap(y),
      sqNorms: sq && wrap(sq),
      cfg,
      positives,
      seeds,
      coef: coefW ?? wrap(new Float64Array(nProblems * d)),
      meta: wrap(new Float64Array(nProblems * 4)),
      ctrl: wrap(new Int32Array(3)),
      wasm: be && { module: be.module, memory: be.memory },
      q: qW,
    };
    let coef: Float64Array;
    try {
      runOvr(job, threads, be ? be.exports : null);
      // Plain (unshared) copies: the fitted model does not pin the shared training buffers.
      coef = Float64Array.from(job.coef);
    } finally {
      if (be) {
        if (xw?.copied) be.arena.release(xw.addr);
        if (coefW) be.free(coefW);
        if (qW) be.free(qW);
      }
    }
    let nIter = 0;
    for (let p = 0; p < nProblems; p++) {
      if (job.meta[p * 4 + 2] !== 1) {
        throw new InputError(
          `${this.constructor.name}: floating-point under-/overflow at epoch ${job.meta[p * 4 + 1]}. ` +
            'Scaling the input with StandardScaler might help.',
        );
      }
      nIter = Math.max(nIter, job.meta[p * 4 + 1]);
    }
    this.coef_ = coef;
    this.intercept_ = Float64Array.from({ length: nProblems }, (_, p) => job.meta[p * 4]);
    this.nIter_ = nIter;
  }

  /**
   * Signed distances to the hyperplanes, X·coefᵀ + intercept: n×K, or n×1 for two classes (the
   * positive class is `classes_[1]`; sklearn returns that column as a 1-D array).
   */
  decisionFunction(X: MatrixLike): Matrix<Float64Array> {
    return this.scores(this.checkX(X));
  }

  protected scores(X: Matrix): Matrix<Float64Array> {
    // The same sums as before (two partial sums by j mod 2), WASM or TypeScript.
    return linearScores(X, this.coef_, this.intercept_);
  }

  protected predictIndices(X: Matrix): Int32Array {
    const s = this.scores(X);
    if (s.shape[1] === 1) return Int32Array.from(s.data, (v) => (v > 0 ? 1 : 0));
    return argmaxRows(s);
  }

  protected getModelState(): Record<string, StateValue> {
    return { coef_: this.coef_, intercept_: this.intercept_, nIter_: this.nIter_ };
  }

  protected setModelState(s: Record<string, StateValue>): void {
    this.coef_ = s.coef_ as Float64Array;
    this.intercept_ = s.intercept_ as Float64Array;
    this.nIter_ = s.nIter_ as number;
  }
}
