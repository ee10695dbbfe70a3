import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GaussianNB } from '../../src/naive-bayes/gaussian-nb.js';
import { PassiveAggressiveClassifier } from '../../src/linear-model/passive-aggressive-classifier.js';
import { Perceptron } from '../../src/linear-model/perceptron.js';
import { SGDClassifier } from '../../src/linear-model/sgd-classifier.js';
import { LogisticRegression } from '../../src/linear-model/logistic-regression.js';
import { LinearSVC } from '../../src/svm/linear-svc.js';
import {
  BENCHMARK_FAMILIES,
  UnsupportedEstimatorError,
  camelCase,
  fromSklearnParams,
  SKLEARN_ESTIMATORS,
} from '../../src/sklearn/from-sklearn-params.js';

const baselines = JSON.parse(
  readFileSync(new URL('../../../bench/grids/baselines.json', import.meta.url), 'utf8').replace(
    /^\uFEFF/,
    '',
  ),
) as {
  classifiers: Record<string, unknown>;
};

describe('fromSklearnParams', () => {
  it('knows every family of baselines.json (implemented or reported unsupported)', () => {
    expect(Object.keys(baselines.classifiers).sort()).toEqual([...BENCHMARK_FAMILIES].sort());
  });
  it('maps snake_case names and values onto options', () => {
    expect(camelCase('min_samples_leaf')).toBe('minSamplesLeaf');
    const m = fromSklearnParams('GaussianNB', {
      priors: new Array(10).fill(0.1),
      var_smoothing: 1e-8,
    });
    expect(m).toBeInstanceOf(GaussianNB);
    expect(m.getParams()).toEqual({ priors: new Array(10).fill(0.1), varSmoothing: 1e-8 });
  });
  it('every benchmark family is built; another class is unsupported; an unknown option is an error', () => {
    expect(BENCHMARK_FAMILIES.filter((f) => !(f in SKLEARN_ESTIMATORS))).toEqual([]);
    expect(() => fromSklearnParams('QuadraticDiscriminantAnalysis', {})).toThrowError(
      UnsupportedEstimatorError,
    );
    expect(() => fromSklearnParams('NoSuchClassifier', {})).toThrowError(/Known: GaussianNB/);
    expect(() => fromSklearnParams('GaussianNB', { bogus: 1 })).toThrowError(
      /unknown option "bogus"/,
    );
  });
  it('n_jobs is accepted wherever sklearn 0.19 accepts it, and checked', () => {
    const tinyX = {
      data: Float32Array.from({ length: 40 }, (_, i) => ((i * 37) % 11) - 5),
      shape: [20, 2] as [number, number],
    };
    const tinyY = Int32Array.from({ length: 20 }, (_, i) => i % 2);
    for (const name of [
      'RandomForestClassifier',
      'LogisticRegression',
      'GaussianProcessClassifier',
      'KNeighborsClassifier',
      'SGDClassifier',
      'Perceptron',
      'PassiveAggressiveClassifier',
    ]) {
      expect(fromSklearnParams(name, { n_jobs: 2 }).getParams()).toMatchObject({ nJobs: 2 });
      expect(fromSklearnParams(name, { n_jobs: -1 }).getParams()).toMatchObject({ nJobs: -1 });
      // Options are checked at fit, as sklearn checks them.
      expect(() => fromSklearnParams(name, { n_jobs: 0 }).fit(tinyX, tinyY)).toThrowError(/nJobs/);
    }
    // sklearn's SVC, LinearSVC, MLPClassifier and the trees have no n_jobs: neither do these.
    expect(() => fromSklearnParams('SVC', { n_jobs: 2 })).toThrowError(/unknown option "nJobs"/);
  });
  it('LogisticRegression and LinearSVC get 0.19 defaults; its invalid combos fail at fit', () => {
    const lr = fromSklearnParams('LogisticRegression', { penalty: 'l1', C: 10.0 });
    expect(lr).toBeInstanceOf(LogisticRegression);
    expect(lr.getParams()).toMatchObject({
      solver: 'liblinear',
      multiClass: 'ovr',
      penalty: 'l1',
      C: 10,
      tol: 1e-4,
      maxIter: 100,
      interceptScaling: 1,
    });
    const svc = fromSklearnParams('LinearSVC', { loss: 'hinge', C: 100.0 });
    expect(svc).toBeInstanceOf(LinearSVC);
    expect(svc.getParams()).toMatchObject({ loss: 'hinge', dual: true, tol: 1e-4, maxIter: 1000 });
    // The sanity fit of the benchmark runner: 10 dummy samples, one per class.
    const X = {
      data: Float32Array.from({ length: 40 }, (_, i) => (i * 7) % 11),
      shape: [10, 4] as const,
    };
    const y = Int32Array.from({ length: 10 }, (_, i) => i);
    const fails = (name: string, p: Record<string, unknown>) => () =>
      fromSklearnParams(name, p).fit(X, y);
    expect(fails('LogisticRegression', { multi_class: 'multinomial', C: 1.0 })).toThrowError(
      /multinomial/,
    );
    expect(fails('LinearSVC', { penalty: 'l1', loss: 'squared_hinge' })).toThrowError(/dual=True/);
    expect(fails('LinearSVC', { penalty: 'l1', loss: 'hinge' })).toThrowError(/loss='hinge'/);
    expect(fails('LogisticRegression', { penalty: 'l1', multi_class: 'ovr' })).not.toThrow();
    expect(
      fails('LinearSVC', { penalty: 'l1', loss: 'hinge', multi_class: 'crammer_singer' }),
    ).not.toThrow();
  });
  it('the SGD family gets 0.19 epochs (5, no tol) and loss names', () => {
    const sgd = fromSklearnParams('SGDClassifier', { loss: 'log', penalty: 'elasticnet' });
    expect(sgd).toBeInstanceOf(SGDClassifier);
    expect(sgd.getParams()).toMatchObject({
      loss: 'log_loss',
      penalty: 'elasticnet',
      maxIter: 5,
      tol: null,
      learningRate: 'optimal',
      alpha: 1e-4,
      l1Ratio: 0.15,
    });
    const p = fromSklearnParams('Perceptron', { penalty: 'l1' });
    expect(p).toBeInstanceOf(Perceptron);
    expect(p.getParams()).toMatchObject({ penalty: 'l1', maxIter: 5, tol: null, eta0: 1 });
    const pa = fromSklearnParams('PassiveAggressiveClassifier', { C: 100.0 });
    expect(pa).toBeInstanceOf(PassiveAggressiveClassifier);
    expect(pa.getParams()).toMatchObject({ C: 100, loss: 'hinge', maxIter: 5, tol: null });
    // The grid's every combination fits (the runner's sanity fit: 10 samples, one per class).
    const X = {
      data: Float32Array.from({ length: 40 }, (_, i) => (i * 7) % 11),
      shape: [10, 4] as const,
    };
    const y = Int32Array.from({ length: 10 }, (_, i) => i);
    for (const loss of ['hinge', 'squared_hinge', 'perceptron', 'log', 'modified_huber'])
      for (const penalty of ['l1', 'l2', 'elasticnet'])
        expect(
          (fromSklearnParams('SGDClassifier', { loss, penalty }).fit(X, y) as SGDClassifier).nIter_,
        ).toBe(5);
  });
});
