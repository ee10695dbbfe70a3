// The battery every classifier runs (style.md "Tests"): fit returns this, same seed → same
// predictions, save/load → same predictions, X is not mutated, bad shapes / params / data throw
// clear errors, predict before fit throws NotFittedError.
import { expect, it } from 'vitest';
import { NotFittedError, InputError, ParameterError } from '../../src/base/errors.js';
import type { Classifier } from '../../src/base/classifier.js';
import type { Matrix } from '../../src/base/matrix.js';

/** A small, seeded, well-separated 3-class problem (n×d). */
export function blobs(n = 90, d = 6, seed = 7): { X: Matrix; y: Int32Array } {
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const X = new Float32Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 3;
    for (let j = 0; j < d; j++) X[i * d + j] = (j % 3 === y[i] ? 3 : 0) + (rand() - 0.5);
  }
  return { X: { data: X, shape: [n, d] }, y };
}

type AnyClassifier = Classifier<object> & {
  predictProba?(X: Matrix): Matrix<Float32Array | Float64Array>;
};

/** Registers the battery's tests for one estimator; `make` builds an unfitted instance. */
export function checkEstimator(
  make: (options?: Record<string, unknown>) => AnyClassifier,
  opts: {
    badOption: Record<string, unknown>;
    fromJSON: (json: string) => AnyClassifier;
    minTrainAccuracy?: number;
  },
): void {
  const { X, y } = blobs();

  it('battery: fit returns this and learns the blobs', () => {
    const m = make();
    expect(m.fit(X, y)).toBe(m);
    expect(Array.from(m.classes_)).toEqual([0, 1, 2]);
    expect(m.nFeaturesIn_).toBe(6);
    expect(m.score(X, y)).toBeGreaterThanOrEqual(opts.minTrainAccuracy ?? 0.95);
  });

  it('battery: same options and seed give the same predictions', () => {
    const a = make().fit(X, y).predict(X);
    const b = make().fit(X, y).predict(X);
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('battery: save/load round trip gives identical predictions', () => {
    const m = make().fit(X, y);
    const back = opts.fromJSON(JSON.stringify(m));
    expect(Array.from(back.predict(X))).toEqual(Array.from(m.predict(X)));
    if (m.predictProba)
      expect(Array.from(back.predictProba!(X).data)).toEqual(Array.from(m.predictProba(X).data));
  });

  it('battery: X and y are not mutated', () => {
    const Xc = X.data.slice();
    const yc = y.slice();
    const m = make().fit(X, y);
    m.predict(X);
    expect(X.data).toEqual(Xc);
    expect(y).toEqual(yc);
  });

  it('battery: original labels are kept (non-contiguous, negative)', () => {
    const mapped = Int32Array.from(y, (v) => [-5, 2, 40][v]);
    const m = make().fit(X, mapped);
    expect(Array.from(m.classes_)).toEqual([-5, 2, 40]);
    expect(new Set(m.predict(X))).toEqual(new Set([-5, 2, 40]));
  });

  it('battery: clear errors for bad input', () => {
    expect(() => make().predict(X)).toThrowError(NotFittedError);
    expect(() => make().fit(X, y.subarray(1))).toThrowError(/90 rows but y has 89/);
    expect(() => make().fit({ data: X.data, shape: [91, 6] }, y)).toThrowError(InputError);
    const nan = X.data.slice();
    nan[7] = NaN;
    expect(() => make().fit({ data: nan, shape: [90, 6] }, y)).toThrowError(
      /NaN at row 1, column 1/,
    );
    expect(() => make().fit(X, new Int32Array(90))).toThrowError(/at least 2 classes/);
    const m = make().fit(X, y);
    expect(() => m.predict({ data: new Float32Array(5), shape: [1, 5] })).toThrowError(
      /5 features, but .* fitted with 6/,
    );
    expect(() => make(opts.badOption).fit(X, y)).toThrowError(ParameterError);
    expect(() => make({ noSuchOption: 1 })).toThrowError(/unknown option "noSuchOption"/);
  });
}
