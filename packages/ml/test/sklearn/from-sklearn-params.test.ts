import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParameterError } from '../../src/base/errors.js';
import { GaussianNB } from '../../src/naive-bayes/gaussian-nb.js';
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
  it('a family not built yet is unsupported; an unknown name or option is an error', () => {
    const missing = BENCHMARK_FAMILIES.find((f) => !(f in SKLEARN_ESTIMATORS))!;
    expect(() => fromSklearnParams(missing, {})).toThrowError(UnsupportedEstimatorError);
    expect(() => fromSklearnParams('NoSuchClassifier', {})).toThrowError(ParameterError);
    expect(() => fromSklearnParams('GaussianNB', { bogus: 1 })).toThrowError(
      /unknown option "bogus"/,
    );
  });
});
