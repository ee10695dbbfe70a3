import { bool, int, nullable, num, oneOf, type ParamTable } from '../base/params.js';
import { nJobsCheck } from '../base/params.js';
import { BaseSgdClassifier } from './base-sgd.js';
import { LOSS, PENALTY, RATE, type SgdConfig } from './sgd-engine.js';
import { ParameterError } from '../base/errors.js';

/** Options of {@link Perceptron} (sklearn names in camelCase, today's sklearn defaults). */
export interface PerceptronOptions {
  /** null (default), 'l2', 'l1' or 'elasticnet'. */
  penalty: 'l2' | 'l1' | 'elasticnet' | null;
  /** Strength of the penalty; default 1e-4. */
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
  /** The constant learning rate; default 1. */
  eta0: number;
  /** Seed of the shuffles; default 0 (as sklearn's Perceptron). */
  randomState: number | null;
  /** Epochs without improvement before stopping; default 5. */
  nIterNoChange: number;
  /** Threads for the one-vs-rest problems (see SGDClassifier's `nJobs`); default null = all cores. */
  nJobs: number | null;
}

const PARAMS: ParamTable = {
  penalty: { default: null, check: oneOf(null, 'l2', 'l1', 'elasticnet') },
  alpha: { default: 1e-4, check: num(0) },
  l1Ratio: { default: 0.15, check: num(0, 1) },
  fitIntercept: { default: true, check: bool() },
  maxIter: { default: 1000, check: int(1) },
  tol: { default: 1e-3, check: nullable(num()) },
  shuffle: { default: true, check: bool() },
  eta0: { default: 1, check: num(0) },
  randomState: { default: 0, check: nullable(int(0, 2 ** 32 - 1)) },
  nIterNoChange: { default: 5, check: int(1) },
  nJobs: { default: null, check: nJobsCheck },
};

/**
 * The perceptron, as sklearn's `Perceptron`: the SGD engine with the perceptron loss (hinge with
 * threshold 0), a constant learning rate eta0 and an optional penalty; one-vs-rest.
 */
export class Perceptron extends BaseSgdClassifier<PerceptronOptions> {
  constructor(options: Partial<PerceptronOptions> = {}) {
    super(PARAMS, options);
  }

  protected get paramTable(): ParamTable {
    return PARAMS;
  }

  protected engineConfig(): SgdConfig {
    const o = this.params;
    if (o.eta0 <= 0) throw new ParameterError('Perceptron: eta0 must be > 0.');
    return {
      loss: LOSS.hinge,
      threshold: 0,
      penalty: PENALTY[o.penalty ?? 'none'],
      learningRate: RATE.constant,
      alpha: o.alpha,
      C: 1,
      l1Ratio: o.l1Ratio,
      eta0: o.eta0,
      powerT: 0.5,
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
}
