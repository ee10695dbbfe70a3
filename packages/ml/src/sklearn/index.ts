export {
  BENCHMARK_FAMILIES,
  SKLEARN_ESTIMATORS,
  UnsupportedEstimatorError,
  camelCase,
  fromSklearnParams,
  type SklearnEntry,
} from './from-sklearn-params.js';
