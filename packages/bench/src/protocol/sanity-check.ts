import { Random, takeRows } from '@fmnist/ml';
import type { BenchData } from '../data/bench-data.js';
import type { GridConfig } from '../grid/job.js';
import { makeEstimator, UnsupportedEstimatorError } from '../grid/estimator-factory.js';

/** Why a configuration is not run. */
export interface SanityFailure {
  status: 'cannot_create' | 'unsupported';
  message: string;
}

/**
 * Upstream's sanity check: fit the configuration on 10 dummy samples (10 shuffled standardised
 * test rows, labelled 0..9). A configuration that raises (an invalid pairing of options) is
 * "cannot create", with the estimator's own reason. Returns undefined when the config is valid.
 */
export function sanityCheck(
  config: GridConfig,
  data: BenchData,
  seed = 0,
): SanityFailure | undefined {
  const rows = new Random(seed).permutation(data.Xt.shape[0]).subarray(0, 10);
  const X = takeRows(data.Xt, rows);
  const y = Int32Array.from({ length: 10 }, (_, i) => i);
  try {
    makeEstimator(config.name, config.parameter, seed).fit(X, y);
    return undefined;
  } catch (e) {
    if (e instanceof UnsupportedEstimatorError)
      return { status: 'unsupported', message: e.message };
    return { status: 'cannot_create', message: (e as Error).message };
  }
}
