import { fromSklearnParams, UnsupportedEstimatorError, type Classifier } from '@fmnist/ml';

/** Builds a job's estimator as sklearn 0.19 would have, seeded when the estimator is stochastic. */
export function makeEstimator(
  name: string,
  parameter: Record<string, unknown>,
  randomState: number,
): Classifier<object> {
  const probe = fromSklearnParams(name, parameter);
  // Upstream never fixed random_state; fmnist gives each repeat its own seed so that runs are
  // reproducible yet repeats differ, unless the grid itself fixes one.
  if ('randomState' in probe.getParams() && !('random_state' in parameter)) {
    return fromSklearnParams(name, { ...parameter, random_state: randomState });
  }
  return probe;
}

/**
 * The solver a job's estimator runs (its `solver` option, e.g. SVC's 'libsvm' or 'smo-newton'),
 * or undefined when it has none or cannot be built.
 */
export function solverOf(name: string, parameter: Record<string, unknown>): string | undefined {
  try {
    const solver = (fromSklearnParams(name, parameter).getParams() as { solver?: unknown }).solver;
    return typeof solver === 'string' ? solver : undefined;
  } catch {
    return undefined;
  }
}

export { UnsupportedEstimatorError };
