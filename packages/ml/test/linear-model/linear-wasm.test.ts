// The WASM kernels of the linear models (assembly/linear.ts) against their TypeScript reference:
// the same weights bit for bit, whatever the thread count.
import { afterEach, describe, expect, it } from 'vitest';
import { useLinearWasm, linearWasm } from '../../src/linear-model/linear-wasm.js';
import { LogisticRegression } from '../../src/linear-model/logistic-regression.js';
import { PassiveAggressiveClassifier } from '../../src/linear-model/passive-aggressive-classifier.js';
import { Perceptron } from '../../src/linear-model/perceptron.js';
import { SGDClassifier } from '../../src/linear-model/sgd-classifier.js';
import { LOSS, PENALTY, RATE, sgdBinary } from '../../src/linear-model/sgd-engine.js';
import { runOvr, shared } from '../../src/linear-model/sgd-threads.js';
import { LinearSVC } from '../../src/svm/linear-svc.js';
import type { Matrix } from '../../src/base/matrix.js';
import { caseData } from './liblinear-golden.js';

interface Fitted {
  coef_: Float64Array;
  intercept_: Float64Array;
  nIter_: number;
  decisionFunction(X: unknown): { data: Float64Array };
}

/**
 * Fits `make()` on the TypeScript path, then on the WASM path, and expects identical models and
 * identical decision values.
 */
async function expectSame(
  make: () => { fit(X: unknown, y: Int32Array): Fitted },
  rows = 600,
  cols = 784,
) {
  const data = await caseData(rows);
  const { y } = data;
  // fewer columns than 784 exercise the kernels' tails (d mod 4 = 1, 2 or 3)
  const X = cols === 784 ? data.X : someColumns(data.X, cols);
  const Xt = cols === 784 ? data.Xt : someColumns(data.Xt, cols);
  useLinearWasm(false);
  const ref = make().fit(X, y);
  const refScores = ref.decisionFunction(Xt).data;
  useLinearWasm(true);
  const got = make().fit(X, y);
  expect(got.nIter_).toBe(ref.nIter_);
  expect(Array.from(got.intercept_)).toEqual(Array.from(ref.intercept_));
  expect(got.coef_).toEqual(ref.coef_);
  expect(got.decisionFunction(Xt).data).toEqual(refScores);
}

/**
 * `cols` columns of a row-major matrix, starting mid-row and wrapping, so the last columns (the
 * kernels' tails) are centre pixels, not the always-blank corners.
 */
function someColumns(X: Matrix, cols: number): Matrix {
  const [n, d] = X.shape;
  const out = new Float32Array(n * cols);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < cols; j++) out[i * cols + j] = X.data[i * d + ((j + (d >> 1)) % d)];
  return { data: out, shape: [n, cols] };
}

describe('linear models: WASM kernels = TypeScript reference', () => {
  afterEach(() => useLinearWasm(true));
  it('has the WASM kernels in Node', () => {
    expect(linearWasm()).not.toBeNull();
  });
  it('LinearSVC squared hinge (dual CD, one-vs-rest over threads)', async () => {
    await expectSame(() => new LinearSVC({ maxIter: 50 }));
  });
  it('LinearSVC hinge, no intercept, two classes', async () => {
    const { X, y } = await caseData(400);
    const y2 = Int32Array.from(y, (v) => (v < 5 ? 0 : 1));
    useLinearWasm(false);
    const ref = new LinearSVC({ loss: 'hinge', fitIntercept: false, maxIter: 30 }).fit(X, y2);
    useLinearWasm(true);
    const got = new LinearSVC({ loss: 'hinge', fitIntercept: false, maxIter: 30 }).fit(X, y2);
    expect(got.coef_).toEqual(ref.coef_);
    expect(got.nIter_).toBe(ref.nIter_);
  });
  it('LogisticRegression liblinear l2 (TRON)', async () => {
    await expectSame(() => new LogisticRegression({ solver: 'liblinear', maxIter: 20 }), 400);
  });
  it('LogisticRegression liblinear l1 (newGLMNET)', async () => {
    await expectSame(
      () => new LogisticRegression({ solver: 'liblinear', penalty: 'l1', maxIter: 20 }),
      400,
    );
  });
  it('LogisticRegression liblinear l1, no intercept, odd row count', async () => {
    await expectSame(
      () =>
        new LogisticRegression({
          solver: 'liblinear',
          penalty: 'l1',
          C: 10,
          fitIntercept: false,
          maxIter: 10,
        }),
      303,
    );
  });
  it('SGDClassifier hinge l2', async () => {
    await expectSame(() => new SGDClassifier({ maxIter: 5, tol: null }));
  });
  it('SGDClassifier log elasticnet', async () => {
    await expectSame(
      () => new SGDClassifier({ loss: 'log_loss', penalty: 'elasticnet', maxIter: 5, tol: null }),
    );
  });
  it('Perceptron l1', async () => {
    await expectSame(() => new Perceptron({ penalty: 'l1', maxIter: 5, tol: null }));
  });
  it.each([781, 782, 783])(
    'SGD log l2 and elasticnet, Perceptron l1, %i features',
    async (cols) => {
      // log loss: the update's size depends on w·x, so any difference in the fused dots shows
      const log = (penalty: 'l2' | 'elasticnet') =>
        new SGDClassifier({ loss: 'log_loss', penalty, maxIter: 3, tol: null });
      await expectSame(() => log('l2'), 300, cols);
      await expectSame(() => log('elasticnet'), 300, cols);
      await expectSame(() => new Perceptron({ penalty: 'l1', maxIter: 3, tol: null }), 300, cols);
    },
  );
  it('Perceptron l1 on worker threads (kernels instantiated in the workers)', async () => {
    // 1,200 rows × 784 × 10 classes × 6 epochs is above the engine's threading threshold.
    await expectSame(
      () => new Perceptron({ penalty: 'l1', maxIter: 6, tol: null, nJobs: 2 }),
      1200,
    );
  });
  it('PassiveAggressiveClassifier', async () => {
    await expectSame(() => new PassiveAggressiveClassifier({ maxIter: 5, tol: null }));
  });
});

describe('runOvr with the WASM kernels', () => {
  it('workers instantiate the kernels and train problems as the calling thread does', async () => {
    const be = linearWasm()!;
    const { X, y } = await caseData(1000);
    const [n, d] = X.shape;
    const cfg = {
      loss: LOSS.hinge,
      threshold: 0,
      penalty: PENALTY.l1,
      learningRate: RATE.constant,
      alpha: 1e-4,
      C: 1,
      l1Ratio: 0.15,
      eta0: 1,
      powerT: 0.5,
      fitIntercept: true,
      maxIter: 3,
      tol: -Infinity,
      nIterNoChange: 5,
      shuffle: true,
    };
    const P = 10;
    const positives = Int32Array.from({ length: P }, (_, k) => k);
    const seeds = Uint32Array.from({ length: P }, (_, k) => 77 + k);
    const Xw = be.alloc('f32', n * d);
    Xw.set(X.data);
    const coef = be.alloc('f64', P * d).fill(0);
    const q = be.alloc('f64', P * d).fill(0);
    const job = {
      X: Xw,
      n,
      d,
      y: shared(y),
      sqNorms: null,
      cfg,
      positives,
      seeds,
      coef,
      meta: shared(new Float64Array(P * 4)),
      ctrl: shared(new Int32Array(3)),
      wasm: { module: be.module, memory: be.memory },
      q,
    };
    try {
      expect(runOvr(job, 2, be.exports)).toBeGreaterThan(0);
      for (let k = 0; k < P; k++) {
        const ref = new Float64Array(d);
        const r = sgdBinary({ X: X.data, n, d, y, sqNorms: null }, cfg, k, seeds[k], ref);
        expect(coef.subarray(k * d, k * d + d)).toEqual(ref);
        expect(job.meta[k * 4]).toBe(r.intercept);
      }
    } finally {
      be.free(Xw);
      be.free(coef);
      be.free(q);
    }
  });
});
