import { fromSklearnParams, UnsupportedEstimatorError, type Classifier } from '@fmnist/ml';

/**
 * Exact alternative solvers the benchmark runs by default: the same problem and stopping test as
 * sklearn's solver, measured against it (issue #19; docs/decisions/0012). A configuration listed
 * here gets these options unless the run asks for the faithful solvers; the record names the
 * solver either way.
 */
const FAST_SOLVERS: Record<
  string,
  (parameter: Record<string, unknown>) => Record<string, unknown>
> = {
  // libsvm's iteration counts explode with the linear kernel at large C (rank ≤ 785). Full
  // data, one thread, C=10: over 90 min with libsvm, 41 min with smo-newton, 9.5 min with the
  // interior-point solver, whose cost does not grow with C; at C=1 libsvm's 451 s stays faster
  // (docs/decisions/0012).
  SVC: (p) =>
    (p.kernel ?? 'rbf') === 'linear' && Number(p.C ?? 1) >= 10 ? { solver: 'interior-point' } : {},
  // newGLMNET's coordinate descent takes thousands of passes over 60,000 rows on the nearly
  // separable classes; 'liblinear-hessian' is liblinear itself until a Newton step needs more
  // than 50 passes (docs/decisions/0009).
  LogisticRegression: (p) => (p.penalty === 'l1' ? { solver: 'liblinear-hessian' } : {}),
};

let faithful = false;

/** Runs every estimator with sklearn's own solver (true), or with the fast exact ones (false). */
export function useFaithfulSolvers(on: boolean): void {
  faithful = on;
}

/** A job's parameters with the benchmark's solver choice added (see {@link FAST_SOLVERS}). */
function withSolver(name: string, parameter: Record<string, unknown>): Record<string, unknown> {
  const fast = faithful ? undefined : FAST_SOLVERS[name]?.(parameter);
  return fast ? { ...parameter, ...fast } : parameter;
}

/**
 * Builds a job's estimator as sklearn 0.19 would have (with the benchmark's exact fast solver
 * where one is chosen), seeded when the estimator is stochastic.
 */
export function makeEstimator(
  name: string,
  grid: Record<string, unknown>,
  randomState: number,
): Classifier<object> {
  const parameter = withSolver(name, grid);
  const probe = fromSklearnParams(name, parameter);
  // Upstream never fixed random_state; fmnist gives each repeat its own seed so that runs are
  // reproducible yet repeats differ, unless the grid itself fixes one.
  if ('randomState' in probe.getParams() && !('random_state' in parameter)) {
    return fromSklearnParams(name, { ...parameter, random_state: randomState });
  }
  return probe;
}

/**
 * The solver a job's estimator runs (its `solver` option, e.g. SVC's 'libsvm' or 'interior-point'),
 * or undefined when it has none or cannot be built.
 */
export function solverOf(name: string, parameter: Record<string, unknown>): string | undefined {
  try {
    const model = fromSklearnParams(name, withSolver(name, parameter));
    const solver = (model.getParams() as { solver?: unknown }).solver;
    return typeof solver === 'string' ? solver : undefined;
  } catch {
    return undefined;
  }
}

export { UnsupportedEstimatorError };
