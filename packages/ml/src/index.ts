/** Package version. */
export const version = '0.1.0';

export * from './kernels/index.js';
export * from './parallel/index.js';
export * from './base/index.js';
export * from './metrics/index.js';
export * from './naive-bayes/index.js';
export * from './preprocessing/index.js';
export * from './sklearn/index.js';
export { LogisticRegression } from './linear-model/logistic-regression.js';
