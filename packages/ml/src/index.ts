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
export type { LogisticRegressionOptions } from './linear-model/logistic-regression.js';
export { LinearSVC } from './svm/linear-svc.js';
export type { LinearSVCOptions } from './svm/linear-svc.js';
export { SVC, type SVCOptions } from './svm/svc.js';
export { SGDClassifier } from './linear-model/sgd-classifier.js';
export type { SGDClassifierOptions } from './linear-model/sgd-classifier.js';
export { Perceptron } from './linear-model/perceptron.js';
export type { PerceptronOptions } from './linear-model/perceptron.js';
export { PassiveAggressiveClassifier } from './linear-model/passive-aggressive-classifier.js';
export type { PassiveAggressiveClassifierOptions } from './linear-model/passive-aggressive-classifier.js';
export * from './neighbors/index.js';
export * from './tree/index.js';
export * from './ensemble/index.js';
export * from './neural-network/index.js';
export * from './gaussian-process/index.js';
