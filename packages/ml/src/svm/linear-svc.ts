import { Classifier } from '../base/classifier.js';
import { ParameterError } from '../base/errors.js';
import type { Matrix, MatrixLike } from '../base/matrix.js';
import { bool, int, nullable, num, oneOf, type ParamTable } from '../base/params.js';
import { Random, resolveSeed } from '../base/random.js';
import type { StateValue } from '../base/serialize.js';
import { linearScores, scoresToIndices } from '../linear-model/linear-decision.js';
import { cdL1Svc } from '../linear-model/liblinear/cd-l1-svc.js';
import { crammerSinger } from '../linear-model/liblinear/crammer-singer.js';
import { dualCdOneVsRest } from '../linear-model/liblinear/dual-cd-svc.js';
import { trainOneVsRest } from '../linear-model/liblinear/one-vs-rest.js';
import { columns, linearProblem } from '../linear-model/liblinear/problem.js';

/** Options of {@link LinearSVC} (sklearn 1.2 names and defaults, camelCase; same as 0.19's). */
export interface LinearSVCOptions {
  /** 'l2' (default) or 'l1' (only with squared_hinge and dual = false). */
  penalty: 'l1' | 'l2';
  /** 'squared_hinge' (default) or 'hinge'. */
  loss: 'hinge' | 'squared_hinge';
  /** Solve the dual (default true); the primal exists for l1 + squared_hinge only. */
  dual: boolean;
  /** Stopping tolerance; default 1e-4. */
  tol: number;
  /** Penalty of the loss term; default 1. */
  C: number;
  /** 'ovr' (default) or 'crammer_singer' (which ignores penalty, loss and dual). */
  multiClass: 'ovr' | 'crammer_singer';
  /** Fit an intercept; default true. */
  fitIntercept: boolean;
  /** liblinear's bias feature value (the intercept is penalised through it); default 1. */
  interceptScaling: number;
  /** Maximum outer iterations; default 1000. */
  maxIter: number;
  /** Seed of the coordinate permutations; default null = 0. */
  randomState: number | null;
}

const PARAMS: ParamTable = {
  penalty: { default: 'l2', check: oneOf('l1', 'l2') },
  loss: { default: 'squared_hinge', check: oneOf('hinge', 'squared_hinge') },
  dual: { default: true, check: bool() },
  tol: { default: 1e-4, check: num(0, Infinity, { min: true }) },
  C: { default: 1.0, check: num(0, Infinity, { min: true }) },
  multiClass: { default: 'ovr', check: oneOf('ovr', 'crammer_singer') },
  fitIntercept: { default: true, check: bool() },
  interceptScaling: { default: 1, check: num(0, Infinity, { min: true }) },
  maxIter: { default: 1000, check: int(1) },
  randomState: { default: null, check: nullable(int(0, 0xffffffff)) },
};

/**
 * Linear support vector classification as sklearn's `LinearSVC` (liblinear): one-vs-rest by
 * dual coordinate descent (l2 + hinge / squared hinge; liblinear's solvers 3 and 1), primal
 * coordinate descent for l1 + squared hinge (solver 5), or the Crammer–Singer multi-class SVM
 * (solver 4). The intercept is the weight of a constant feature `interceptScaling`, penalised
 * like the others. Invalid penalty/loss/dual combinations fail at fit with sklearn's reasons.
 */
export class LinearSVC extends Classifier<LinearSVCOptions> {
  /** Weights, rows×d (rows = 1 for two classes with ovr, else one per class). */
  coef_!: Float64Array;
  /** Intercepts, one per row of coef_. */
  intercept_!: Float64Array;
  /** Outer iterations of the solver (the largest over one-vs-rest problems). */
  nIter_!: number;
  /** false when the solver stopped at maxIter (sklearn's ConvergenceWarning). */
  converged_!: boolean;

  constructor(options: Partial<LinearSVCOptions> = {}) {
    super(PARAMS, options);
  }

  protected get paramTable(): ParamTable {
    return PARAMS;
  }

  /** Throws for the combinations liblinear has no solver for (sklearn's messages). */
  private checkCombination(): void {
    const { penalty, loss, dual, multiClass } = this.params;
    if (multiClass === 'crammer_singer') return;
    const args = `Parameters: penalty='${penalty}', loss='${loss}', dual=${dual ? 'True' : 'False'}`;
    if (penalty === 'l1' && loss === 'hinge') {
      throw new ParameterError(
        `LinearSVC: unsupported set of arguments: the combination of penalty='l1' and loss='hinge' is not supported. ${args}.`,
      );
    }
    if (penalty === 'l1' && dual) {
      throw new ParameterError(
        `LinearSVC: unsupported set of arguments: the combination of penalty='l1' and loss='squared_hinge' is not supported when dual=True. ${args}.`,
      );
    }
    if (penalty === 'l2' && loss === 'hinge' && !dual) {
      throw new ParameterError(
        `LinearSVC: unsupported set of arguments: the combination of penalty='l2' and loss='hinge' is not supported when dual=False. ${args}.`,
      );
    }
  }

  protected fitEncoded(X: Matrix, y: Int32Array, K: number): void {
    this.checkCombination();
    const { C, tol, maxIter, fitIntercept, penalty, loss, dual, multiClass } = this.params;
    const [n, d] = X.shape;
    const p = linearProblem(X.data, n, d, fitIntercept ? this.params.interceptScaling : 0);
    const seed = resolveSeed(this.params.randomState);
    if (multiClass === 'crammer_singer') {
      const res = crammerSinger(p, y, K, C, tol, maxIter, new Random(seed));
      const coef = new Float64Array(K * d);
      const intercept = new Float64Array(K);
      for (let k = 0; k < K; k++) {
        coef.set(res.w.subarray(k * p.nw, k * p.nw + d), k * d);
        intercept[k] = p.nw > d ? p.bias * res.w[k * p.nw + d] : 0;
      }
      this.coef_ = coef;
      this.intercept_ = intercept;
      this.nIter_ = res.nIter;
      this.converged_ = res.converged;
      return;
    }
    let fit;
    if (penalty === 'l1' && !dual) {
      const cols = columns(p);
      fit = trainOneVsRest(p, y, K, seed, (yPM, rand) =>
        cdL1Svc(cols, n, p.nw, yPM, C, tol, maxIter, rand),
      );
    } else {
      fit = dualCdOneVsRest(p, y, K, seed, C, loss, tol, maxIter);
    }
    this.coef_ = fit.coef;
    this.intercept_ = fit.intercept;
    this.nIter_ = fit.nIter;
    this.converged_ = fit.converged;
  }

  /** Signed distances to the hyperplanes, n×rows (n×1 for two classes with ovr). */
  decisionFunction(X: MatrixLike): Matrix<Float64Array> {
    return linearScores(this.checkX(X), this.coef_, this.intercept_);
  }

  protected predictIndices(X: Matrix): Int32Array {
    return scoresToIndices(linearScores(X, this.coef_, this.intercept_));
  }

  protected getModelState(): Record<string, StateValue> {
    return {
      coef_: this.coef_,
      intercept_: this.intercept_,
      nIter_: this.nIter_,
      converged_: this.converged_,
    };
  }

  protected setModelState(s: Record<string, StateValue>): void {
    this.coef_ = s.coef_ as Float64Array;
    this.intercept_ = s.intercept_ as Float64Array;
    this.nIter_ = s.nIter_ as number;
    this.converged_ = s.converged_ as boolean;
  }
}
