import { bool, int, nullable, num, oneOf, type ParamTable } from '../base/params.js';
import { nJobsCheck } from '../base/params.js';
import { BaseSgdClassifier } from './base-sgd.js';
import { LOSS, PENALTY, RATE, type SgdConfig } from './sgd-engine.js';

/** Options of {@link PassiveAggressiveClassifier} (sklearn names, today's sklearn defaults). */
export interface PassiveAggressiveClassifierOptions {
  /** Maximum step size (aggressiveness); default 1. */
  C: number;
  /** Learn an intercept; default true. */
  fitIntercept: boolean;
  /** Epochs at most; default 1000 (sklearn 0.19 ran 5: `fromSklearnParams` sets that). */
  maxIter: number;
  /** Stop when the epoch loss has not improved by tol·n for nIterNoChange epochs; null = never. Default 1e-3. */
  tol: number | null;
  /** Reshuffle the rows before every epoch; default true. */
  shuffle: boolean;
  /** 'hinge' (PA-I, default) or 'squared_hinge' (PA-II). */
  loss: 'hinge' | 'squared_hinge';
  /** Seed of the shuffles; default null (= 0 here). */
  randomState: number | null;
  /** Epochs without improvement before stopping; default 5. */
  nIterNoChange: number;
  /** Threads for the one-vs-rest problems (see SGDClassifier's `nJobs`); default null = all cores. */
  nJobs: number | null;
}

const PARAMS: ParamTable = {
  C: { default: 1, check: num(0, Infinity, { min: true }) },
  fitIntercept: { default: true, check: bool() },
  maxIter: { default: 1000, check: int(1) },
  tol: { default: 1e-3, check: nullable(num()) },
  shuffle: { default: true, check: bool() },
  loss: { default: 'hinge', check: oneOf('hinge', 'squared_hinge') },
  randomState: { default: null, check: nullable(int(0, 2 ** 32 - 1)) },
  nIterNoChange: { default: 5, check: int(1) },
  nJobs: { default: null, check: nJobsCheck },
};

/**
 * Passive-aggressive classifiers (Crammer et al. 2006), as sklearn's
 * `PassiveAggressiveClassifier`: the SGD engine with sgd_fast's PA-I step min(C, loss/‖x‖²)
 * ('hinge') or PA-II step loss/(‖x‖² + 1/(2C)) ('squared_hinge'), both on the hinge loss; no
 * penalty; one-vs-rest. Row norms are computed once per fit and shared by every class.
 */
export class PassiveAggressiveClassifier extends BaseSgdClassifier<PassiveAggressiveClassifierOptions> {
  constructor(options: Partial<PassiveAggressiveClassifierOptions> = {}) {
    super(PARAMS, options);
  }

  protected get paramTable(): ParamTable {
    return PARAMS;
  }

  protected engineConfig(): SgdConfig {
    const o = this.params;
    return {
      loss: LOSS.hinge,
      threshold: 1,
      penalty: PENALTY.none,
      learningRate: o.loss === 'hinge' ? RATE.pa1 : RATE.pa2,
      alpha: 1,
      C: o.C,
      l1Ratio: 0,
      eta0: 1,
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
