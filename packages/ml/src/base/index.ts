export { Classifier, argmaxRows } from './classifier.js';
export { Estimator, type EstimatorJSON } from './estimator.js';
export { InputError, MemoryLimitError, NotFittedError, ParameterError } from './errors.js';
export { matrix, takeRows, toMatrix, type Labels, type Matrix, type MatrixLike } from './matrix.js';
export { Random } from './random.js';
