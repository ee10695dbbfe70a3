import { Classifier } from '../base/classifier.js';
import { ParameterError } from '../base/errors.js';
import type { Matrix, MatrixLike } from '../base/matrix.js';
import { bool, int, nJobsCheck, nullable, num, oneOf, type ParamTable } from '../base/params.js';
import { resolveSeed } from '../base/random.js';
import type { StateValue } from '../base/serialize.js';
import { fitBinaryLbfgs, fitMultinomial } from './lbfgs-logistic.js';
import { linearScores, scoresToIndices } from './linear-decision.js';
import { columns, linearProblem, oneVsRestLabels } from './liblinear/problem.js';
import { newGlmnetLogistic } from './liblinear/newglmnet-logistic.js';
import { trainOneVsRest } from './liblinear/one-vs-rest.js';
import { tronLogistic } from './liblinear/tron-logistic.js';

/** Options of {@link LogisticRegression} (sklearn 1.2 names and defaults, camelCase). */
export interface LogisticRegressionOptions {
  /**
   * sklearn's `n_jobs`, accepted so that sklearn configurations load; sklearn's liblinear ignores
   * it, and fmnist's solvers run on the calling thread (the same model whatever its value).
   */
  nJobs: number | null;
  /** 'l2' (default) or 'l1' (liblinear only). */
  penalty: 'l1' | 'l2';
  /** Inverse regularisation strength; default 1. */
  C: number;
  /** Stopping tolerance; default 1e-4 (liblinear scales it, see the solvers). */
  tol: number;
  /** Maximum iterations (Newton steps for liblinear, L-BFGS iterations); default 100. */
  maxIter: number;
  /** Fit an intercept; default true. */
  fitIntercept: boolean;
  /** liblinear's bias feature value (the intercept is penalised through it); default 1. */
  interceptScaling: number;
  /** 'auto' (default: ovr for liblinear or two classes, else multinomial), 'ovr' or 'multinomial'. */
  multiClass: 'auto' | 'ovr' | 'multinomial';
  /**
   * 'lbfgs' (default since sklearn 0.22), 'liblinear' (sklearn 0.19's default), or
   * 'liblinear-hessian': liblinear, whose l1 solver switches to an explicit Hessian of the active
   * features once its coordinate descent needs many passes (the same problem and stopping test;
   * docs/decisions/0009).
   */
  solver: 'lbfgs' | 'liblinear' | 'liblinear-hessian';
  /** Seed of liblinear's coordinate permutations (l1); default null = 0. */
  randomState: number | null;
}

/**
 * 'liblinear-hessian': after a Newton step whose coordinate descent took more passes than this,
 * the next steps use the explicit Hessian of the active features (a pass costs 4·n·a, the Hessian
 * n·a² once per step: about 50 passes' worth at 785 features).
 */
const EXPLICIT_HESSIAN_AFTER = 50;

const PARAMS: ParamTable = {
  nJobs: { default: null, check: nJobsCheck },
  penalty: { default: 'l2', check: oneOf('l1', 'l2') },
  C: { default: 1.0, check: num(0, Infinity, { min: true }) },
  tol: { default: 1e-4, check: num(0, Infinity, { min: true }) },
  maxIter: { default: 100, check: int(1) },
  fitIntercept: { default: true, check: bool() },
  interceptScaling: { default: 1, check: num(0, Infinity, { min: true }) },
  multiClass: { default: 'auto', check: oneOf('auto', 'ovr', 'multinomial') },
  solver: { default: 'lbfgs', check: oneOf('lbfgs', 'liblinear', 'liblinear-hessian') },
  randomState: { default: null, check: nullable(int(0, 0xffffffff)) },
};

/**
 * Logistic regression as sklearn's `LogisticRegression`, with two solvers:
 * - `liblinear` (sklearn 0.19's default): one-vs-rest binary problems, the intercept learned as
 *   the weight of a constant feature `interceptScaling` and penalised with the others. l2 uses
 *   the trust-region Newton solver (liblinear's solver 0), l1 newGLMNET (solver 6).
 *   `multiClass: 'multinomial'` is rejected, as in sklearn.
 * - `lbfgs`: l2 only, multinomial (softmax) or one-vs-rest, intercept not penalised.
 * Solver state is float64; X stays float32 and is never copied (l1 builds one column-major copy).
 */
export class LogisticRegression extends Classifier<LogisticRegressionOptions> {
  /** Weights, rows×d (rows = 1 for two classes with ovr, else one per class). */
  coef_!: Float64Array;
  /** Intercepts, one per row of coef_. */
  intercept_!: Float64Array;
  /** Iterations of the solver (the largest over one-vs-rest problems). */
  nIter_!: number;
  /** false when the solver stopped at maxIter (sklearn's ConvergenceWarning). */
  converged_!: boolean;
  /** The multi-class scheme actually used ('ovr' or 'multinomial'). */
  multiClass_!: 'ovr' | 'multinomial';

  constructor(options: Partial<LogisticRegressionOptions> = {}) {
    super(PARAMS, options);
  }

  protected get paramTable(): ParamTable {
    return PARAMS;
  }

  /** The scheme sklearn picks for `multiClass` with this solver and class count. */
  private scheme(K: number): 'ovr' | 'multinomial' {
    const { multiClass, penalty } = this.params;
    const solver = this.params.solver === 'lbfgs' ? 'lbfgs' : 'liblinear';
    if (solver === 'liblinear' && multiClass === 'multinomial') {
      throw new ParameterError(
        'LogisticRegression: solver "liblinear" does not support a multinomial backend (multiClass "multinomial"); use solver "lbfgs" or multiClass "ovr".',
      );
    }
    if (solver === 'lbfgs' && penalty !== 'l2') {
      throw new ParameterError(
        `LogisticRegression: solver "lbfgs" supports only the "l2" penalty, got penalty "${penalty}"; use solver "liblinear" for "l1".`,
      );
    }
    if (multiClass !== 'auto') return multiClass;
    return solver === 'liblinear' || K === 2 ? 'ovr' : 'multinomial';
  }

  protected fitEncoded(X: Matrix, y: Int32Array, K: number): void {
    const scheme = this.scheme(K);
    const { C, tol, maxIter, fitIntercept, solver, penalty } = this.params;
    const [n, d] = X.shape;
    if (solver !== 'lbfgs') {
      const p = linearProblem(X.data, n, d, fitIntercept ? this.params.interceptScaling : 0);
      const cols = penalty === 'l1' ? columns(p) : undefined;
      const explicitAfter = solver === 'liblinear-hessian' ? EXPLICIT_HESSIAN_AFTER : Infinity;
      const fit = trainOneVsRest(p, y, K, resolveSeed(this.params.randomState), (yPM, rand) =>
        cols
          ? newGlmnetLogistic(cols, n, p.nw, yPM, C, tol, maxIter, rand, explicitAfter)
          : tronLogistic(p, yPM, C, tol, maxIter),
      );
      this.setFit(fit, scheme);
    } else if (scheme === 'multinomial') {
      const fit = fitMultinomial(X, y, K, C, fitIntercept, tol, maxIter);
      if (K === 2) {
        // sklearn keeps the second class's row: the penalty makes the optimum antisymmetric.
        fit.coef = fit.coef.slice(d);
        fit.intercept = fit.intercept.slice(1);
      }
      this.setFit(fit, scheme);
    } else {
      const rows = K === 2 ? 1 : K;
      const coef = new Float64Array(rows * d);
      const intercept = new Float64Array(rows);
      let nIter = 0;
      let converged = true;
      for (let r = 0; r < rows; r++) {
        const f = fitBinaryLbfgs(
          X,
          oneVsRestLabels(y, K === 2 ? 1 : r),
          C,
          fitIntercept,
          tol,
          maxIter,
        );
        coef.set(f.coef, r * d);
        intercept[r] = f.intercept[0];
        nIter = Math.max(nIter, f.nIter);
        converged &&= f.converged;
      }
      this.setFit({ coef, intercept, nIter, converged }, scheme);
    }
  }

  private setFit(
    fit: { coef: Float64Array; intercept: Float64Array; nIter: number; converged: boolean },
    scheme: 'ovr' | 'multinomial',
  ): void {
    this.coef_ = fit.coef;
    this.intercept_ = fit.intercept;
    this.nIter_ = fit.nIter;
    this.converged_ = fit.converged;
    this.multiClass_ = scheme;
  }

  /** Signed distances to the hyperplanes, n×rows (n×1 for two classes with ovr). */
  decisionFunction(X: MatrixLike): Matrix<Float64Array> {
    return linearScores(this.checkX(X), this.coef_, this.intercept_);
  }

  protected predictIndices(X: Matrix): Int32Array {
    return scoresToIndices(linearScores(X, this.coef_, this.intercept_));
  }

  /**
   * Class probabilities, n×K. multinomial: softmax of the decision values. ovr: each class's
   * sigmoid, rows normalised to sum 1 (two classes: [1 − p, p]), as sklearn's `_predict_proba_lr`.
   */
  predictProba(X: MatrixLike): Matrix<Float64Array> {
    const s = this.decisionFunction(X);
    const [n, rows] = s.shape;
    const K = this.classes_.length;
    const out = new Float64Array(n * K);
    for (let i = 0; i < n; i++) {
      const o = i * K;
      if (rows === 1) {
        const v = s.data[i];
        const p = this.multiClass_ === 'multinomial' ? 1 / (1 + Math.exp(-2 * v)) : sigmoid(v);
        out[o] = 1 - p;
        out[o + 1] = p;
      } else if (this.multiClass_ === 'multinomial') {
        let max = -Infinity;
        for (let k = 0; k < K; k++) max = Math.max(max, s.data[i * K + k]);
        let sum = 0;
        for (let k = 0; k < K; k++) sum += out[o + k] = Math.exp(s.data[i * K + k] - max);
        for (let k = 0; k < K; k++) out[o + k] /= sum;
      } else {
        let sum = 0;
        for (let k = 0; k < K; k++) sum += out[o + k] = sigmoid(s.data[i * K + k]);
        for (let k = 0; k < K; k++) out[o + k] /= sum;
      }
    }
    return { data: out, shape: [n, K] };
  }

  /** Natural log of {@link predictProba}. */
  predictLogProba(X: MatrixLike): Matrix<Float64Array> {
    const p = this.predictProba(X);
    for (let i = 0; i < p.data.length; i++) p.data[i] = Math.log(p.data[i]);
    return p;
  }

  protected getModelState(): Record<string, StateValue> {
    return {
      coef_: this.coef_,
      intercept_: this.intercept_,
      nIter_: this.nIter_,
      converged_: this.converged_,
      multiClass_: this.multiClass_,
    };
  }

  protected setModelState(s: Record<string, StateValue>): void {
    this.coef_ = s.coef_ as Float64Array;
    this.intercept_ = s.intercept_ as Float64Array;
    this.nIter_ = s.nIter_ as number;
    this.converged_ = s.converged_ as boolean;
    this.multiClass_ = s.multiClass_ as 'ovr' | 'multinomial';
  }
}

function sigmoid(v: number): number {
  return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
}
