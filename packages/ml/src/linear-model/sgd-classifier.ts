import { ParameterError } from '../base/errors.js';
import type { Matrix, MatrixLike } from '../base/matrix.js';
import { bool, int, nullable, num, oneOf, type ParamTable } from '../base/params.js';
import { nJobsCheck } from '../base/params.js';
import { BaseSgdClassifier } from './base-sgd.js';
import { LOSS, PENALTY, RATE, type SgdConfig } from './sgd-engine.js';

/** Options of {@link SGDClassifier} (sklearn names in camelCase, today's sklearn defaults). */
export interface SGDClassifierOptions {
  /**
   * 'hinge' (linear SVM, default), 'squared_hinge', 'perceptron', 'log_loss' (logistic
   * regression; 'log' is sklearn 0.19's name and is accepted) or 'modified_huber'.
   */
  loss: 'hinge' | 'squared_hinge' | 'perceptron' | 'log_loss' | 'log' | 'modified_huber';
  /** 'l2' (default), 'l1', 'elasticnet' or null. */
  penalty: 'l2' | 'l1' | 'elasticnet' | null;
  /** Regularisation strength (and the scale of the 'optimal' rate); default 1e-4. */
  alpha: number;
  /** Share of L1 in the elastic net; default 0.15. */
  l1Ratio: number;
  /** Learn an intercept; default true. */
  fitIntercept: boolean;
  /** Epochs at most; default 1000 (sklearn 0.19 ran 5: `fromSklearnParams` sets that). */
  maxIter: number;
  /** Stop when the epoch loss has not improved by tol·n for nIterNoChange epochs; null = never. Default 1e-3. */
  tol: number | null;
  /** Reshuffle the rows before every epoch; default true. */
  shuffle: boolean;
  /** Seed of the shuffles (each class draws its own from it); default null (= 0 here, see base/random). */
  randomState: number | null;
  /** 'optimal' (1/(alpha·(t+t0)), default), 'constant' (eta0), 'invscaling' (eta0/t^powerT) or 'adaptive'. */
  learningRate: 'optimal' | 'constant' | 'invscaling' | 'adaptive';
  /** Initial learning rate of 'constant', 'invscaling' and 'adaptive'; default 0 (must then be > 0). */
  eta0: number;
  /** Exponent of 'invscaling'; default 0.5. */
  powerT: number;
  /** Epochs without improvement before stopping (or, for 'adaptive', dividing eta by 5); default 5. */
  nIterNoChange: number;
  /**
   * Threads for the one-vs-rest problems: null or -1 = the default thread count (`setDefaultThreads`, else all cores), 1 =
   * the calling thread only. Default null; sklearn's default is 1 job, but the result does not
   * depend on it here (each class has its own seed), so using the cores costs nothing.
   */
  nJobs: number | null;
}

const PARAMS: ParamTable = {
  loss: {
    default: 'hinge',
    check: oneOf('hinge', 'squared_hinge', 'perceptron', 'log_loss', 'log', 'modified_huber'),
  },
  penalty: { default: 'l2', check: oneOf('l2', 'l1', 'elasticnet', null) },
  alpha: { default: 1e-4, check: num(0) },
  l1Ratio: { default: 0.15, check: num(0, 1) },
  fitIntercept: { default: true, check: bool() },
  maxIter: { default: 1000, check: int(1) },
  tol: { default: 1e-3, check: nullable(num()) },
  shuffle: { default: true, check: bool() },
  randomState: { default: null, check: nullable(int(0, 2 ** 32 - 1)) },
  learningRate: {
    default: 'optimal',
    check: oneOf('optimal', 'constant', 'invscaling', 'adaptive'),
  },
  eta0: { default: 0, check: num(0) },
  powerT: { default: 0.5, check: num() },
  nIterNoChange: { default: 5, check: int(1) },
  nJobs: { default: null, check: nJobsCheck },
};

/** The engine code of a learning rate, after sklearn's checks of alpha and eta0. */
export function checkedRateCode(
  name: string,
  learningRate: string,
  alpha: number,
  eta0: number,
): number {
  if (learningRate === 'optimal' && alpha === 0)
    throw new ParameterError(`${name}: alpha must be > 0 since learningRate is 'optimal'.`);
  if (learningRate !== 'optimal' && eta0 <= 0)
    throw new ParameterError(`${name}: eta0 must be > 0 with learningRate '${learningRate}'.`);
  return RATE[learningRate as keyof typeof RATE];
}

/**
 * Linear classifiers trained by stochastic gradient descent, as sklearn's `SGDClassifier`
 * (sgd_fast): one-vs-rest over the classes, each binary problem trained on its own thread where
 * cores allow. `predictProba` exists for 'log_loss' and 'modified_huber', as in sklearn.
 */
export class SGDClassifier extends BaseSgdClassifier<SGDClassifierOptions> {
  constructor(options: Partial<SGDClassifierOptions> = {}) {
    super(PARAMS, options);
  }

  protected get paramTable(): ParamTable {
    return PARAMS;
  }

  protected engineConfig(): SgdConfig {
    const o = this.params;
    const loss = o.loss === 'log' ? 'log_loss' : o.loss;
    return {
      loss: {
        hinge: LOSS.hinge,
        perceptron: LOSS.hinge,
        squared_hinge: LOSS.squaredHinge,
        log_loss: LOSS.log,
        modified_huber: LOSS.modifiedHuber,
      }[loss],
      threshold: loss === 'perceptron' ? 0 : 1,
      penalty: PENALTY[o.penalty ?? 'none'],
      learningRate: checkedRateCode('SGDClassifier', o.learningRate, o.alpha, o.eta0),
      alpha: o.alpha,
      C: 1,
      l1Ratio: o.l1Ratio,
      eta0: o.eta0,
      powerT: o.powerT,
      fitIntercept: o.fitIntercept,
      maxIter: o.maxIter,
      tol: o.tol ?? -Infinity,
      nIterNoChange: o.nIterNoChange,
      shuffle: o.shuffle,
    };
  }

  protected runOptions(): { randomState: number | null; nJobs: number | null } {
    return { randomState: this.params.randomState, nJobs: this.params.nJobs };
  }

  /**
   * Class probabilities, n×K. 'log_loss': the logistic of each one-vs-rest score, normalised to
   * sum 1 over the classes (sklearn's OvR normalisation). 'modified_huber': (clip(score, −1, 1)
   * + 1) / 2, normalised likewise (rows that are all 0 become uniform). Other losses throw.
   */
  predictProba(X: MatrixLike): Matrix<Float64Array> {
    const loss = this.params.loss;
    if (loss !== 'log_loss' && loss !== 'log' && loss !== 'modified_huber') {
      throw new ParameterError(
        `SGDClassifier: probability estimates are not available for loss '${loss}' (use 'log_loss' or 'modified_huber').`,
      );
    }
    const s = this.decisionFunction(X);
    const [n, P] = s.shape;
    const k = this.classes_.length;
    const out = new Float64Array(n * k);
    const f =
      loss === 'modified_huber'
        ? (v: number) => (Math.min(1, Math.max(-1, v)) + 1) / 2
        : (v: number) => 1 / (1 + Math.exp(-v));
    for (let i = 0; i < n; i++) {
      if (P === 1) {
        const p = f(s.data[i]);
        out[i * 2] = 1 - p;
        out[i * 2 + 1] = p;
        continue;
      }
      let sum = 0;
      for (let c = 0; c < k; c++) sum += out[i * k + c] = f(s.data[i * P + c]);
      for (let c = 0; c < k; c++) out[i * k + c] = sum === 0 ? 1 / k : out[i * k + c] / sum;
    }
    return { data: out, shape: [n, k] };
  }
}
