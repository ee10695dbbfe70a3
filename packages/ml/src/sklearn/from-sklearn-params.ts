import type { Classifier } from '../base/classifier.js';
import { GaussianNB } from '../naive-bayes/gaussian-nb.js';
import { KNeighborsClassifier } from '../neighbors/k-neighbors-classifier.js';
import { PassiveAggressiveClassifier } from '../linear-model/passive-aggressive-classifier.js';
import { Perceptron } from '../linear-model/perceptron.js';
import { SGDClassifier } from '../linear-model/sgd-classifier.js';
import { LogisticRegression } from '../linear-model/logistic-regression.js';
import { LinearSVC } from '../svm/linear-svc.js';
import { SVC } from '../svm/svc.js';
import { DecisionTreeClassifier, ExtraTreeClassifier } from '../tree/decision-tree-classifier.js';
import { RandomForestClassifier } from '../ensemble/random-forest-classifier.js';
import { GradientBoostingClassifier } from '../ensemble/gradient-boosting-classifier.js';
import { MLPClassifier } from '../neural-network/mlp-classifier.js';
import { GaussianProcessClassifier } from '../gaussian-process/gaussian-process-classifier.js';

/** An sklearn class fmnist does not implement (the benchmark records its jobs as `unsupported`). */
export class UnsupportedEstimatorError extends Error {
  override readonly name = 'UnsupportedEstimatorError';
}

/** How one sklearn class maps onto an fmnist estimator. */
export interface SklearnEntry {
  /** Builds the estimator from camelCase options. */
  make(options: Record<string, unknown>): Classifier<object>;
  /** sklearn 0.19 defaults that differ from the fmnist (= current sklearn) defaults. */
  defaults019?: Record<string, unknown>;
  /** Maps 0.19 values onto today's (e.g. loss "log" → "log_loss"), keyed by camelCase option. */
  values?: Record<string, (v: unknown) => unknown>;
}

/**
 * The sklearn classes fmnist can build, by sklearn name. Each estimator family adds its entry
 * here; names of the benchmark grid that are absent raise {@link UnsupportedEstimatorError}.
 */
export const SKLEARN_ESTIMATORS: Record<string, SklearnEntry> = {
  GaussianNB: { make: (o) => new GaussianNB(o) },
  // KNN's defaults are unchanged since 0.19 (n_jobs: fmnist's null uses every core; exact anyway).
  KNeighborsClassifier: { make: (o) => new KNeighborsClassifier(o) },
  // 0.19's SGD family ran n_iter=5 epochs without tol stopping; its loss 'log' is 'log_loss'.
  SGDClassifier: {
    make: (o) => new SGDClassifier(o),
    defaults019: { maxIter: 5, tol: null },
    values: { loss: (v) => (v === 'log' ? 'log_loss' : v) },
  },
  Perceptron: { make: (o) => new Perceptron(o), defaults019: { maxIter: 5, tol: null } },
  PassiveAggressiveClassifier: {
    make: (o) => new PassiveAggressiveClassifier(o),
    defaults019: { maxIter: 5, tol: null },
  },
  // 0.19: liblinear one-vs-rest (multinomial + liblinear then fails at fit, as 0.19 did).
  LogisticRegression: {
    make: (o) => new LogisticRegression(o),
    defaults019: { solver: 'liblinear', multiClass: 'ovr' },
  },
  // LinearSVC's defaults are unchanged since 0.19.
  LinearSVC: { make: (o) => new LinearSVC(o) },
  // 0.19's gamma 'auto' = 1/n_features (today 'scale').
  SVC: { make: (o) => new SVC(o), defaults019: { gamma: 'auto' } },
  // Trees: 0.19's max_features 'auto' is today's 'sqrt' for classifiers (both accepted); the
  // forest grew 10 trees by default then (100 today).
  DecisionTreeClassifier: { make: (o) => new DecisionTreeClassifier(o) },
  ExtraTreeClassifier: { make: (o) => new ExtraTreeClassifier(o) },
  RandomForestClassifier: {
    make: (o) => new RandomForestClassifier(o),
    defaults019: { nEstimators: 10 },
  },
  // GradientBoosting's defaults are unchanged since 0.19; its loss 'deviance' is 'log_loss'.
  GradientBoostingClassifier: { make: (o) => new GradientBoostingClassifier(o) },
  // 0.19 stopped after 2 epochs without improvement (today: 10); baselines.json writes layer
  // sizes as Python tuples ("(100,10,)").
  MLPClassifier: {
    make: (o) => new MLPClassifier(o),
    defaults019: { nIterNoChange: 2 },
    values: { hiddenLayerSizes: parseTuple },
  },
  // The default kernel 1.0 · RBF(1.0) with fixed hyper-parameters, as 0.19 and today.
  GaussianProcessClassifier: { make: (o) => new GaussianProcessClassifier(o) },
};

/** "(100, 10,)" or [100, 10] or 100 → [100, 10]; other values pass through to validation. */
function parseTuple(v: unknown): unknown {
  if (typeof v === 'number') return [v];
  if (typeof v !== 'string') return v;
  const inner = v.trim().replace(/^\(|\)$/g, '');
  const parts = inner
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return parts.map(Number);
}

/** The 13 classifier families of the paper's benchmark (baselines.json). */
export const BENCHMARK_FAMILIES = [
  'DecisionTreeClassifier',
  'ExtraTreeClassifier',
  'GaussianNB',
  'GaussianProcessClassifier',
  'GradientBoostingClassifier',
  'KNeighborsClassifier',
  'LinearSVC',
  'LogisticRegression',
  'MLPClassifier',
  'PassiveAggressiveClassifier',
  'Perceptron',
  'RandomForestClassifier',
  'SGDClassifier',
  'SVC',
] as const;

/** snake_case → camelCase (`max_depth` → `maxDepth`). */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Builds the estimator sklearn 0.19 would have run for a `baselines.json` / `paper-configs.json`
 * entry: snake_case names become camelCase options, 0.19 defaults that changed since are applied,
 * and 0.19 values are translated. Invalid combinations fail at `fit` with a ParameterError,
 * as sklearn raised at fit (the benchmark's "cannot create"); a class fmnist does not implement
 * raises {@link UnsupportedEstimatorError}.
 */
export function fromSklearnParams(
  name: string,
  params: Record<string, unknown> = {},
): Classifier<object> {
  const entry = SKLEARN_ESTIMATORS[name];
  if (!entry) {
    throw new UnsupportedEstimatorError(
      `${name} is not an estimator fmnist implements. Known: ${Object.keys(SKLEARN_ESTIMATORS).join(', ')}.`,
    );
  }
  const options: Record<string, unknown> = { ...entry.defaults019 };
  for (const [k, v] of Object.entries(params)) {
    const key = camelCase(k);
    options[key] = entry.values?.[key] ? entry.values[key](v) : v;
  }
  return entry.make(options);
}
