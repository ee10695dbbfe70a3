// setBackend: one switch for every kernel. Under 'js' nothing runs in WASM (the registry hands out
// the TypeScript backend and no family finds its WASM exports), and the estimators whose WASM
// kernels sum in their TypeScript references' order give the same models bit for bit.
import { afterEach, describe, expect, it } from 'vitest';
import { DecisionTreeClassifier } from '../../src/tree/decision-tree-classifier.js';
import { GaussianNB } from '../../src/naive-bayes/gaussian-nb.js';
import { LogisticRegression } from '../../src/linear-model/logistic-regression.js';
import { linearWasm } from '../../src/linear-model/linear-wasm.js';
import { jsBackend } from '../../src/kernels/js/js-backend.js';
import {
  chosenBackend,
  getBackend,
  getBackendSync,
  setBackend,
  wasmWithExport,
} from '../../src/kernels/registry.js';
import { WasmSimdBackend } from '../../src/kernels/wasm/wasm-backend.js';
import { goldenData } from '../helpers/golden-data.js';

afterEach(() => setBackend('auto'));

describe('setBackend', () => {
  it("'js' turns every WASM path off; 'wasm-simd' and 'auto' give the WASM backend here", async () => {
    expect(chosenBackend()).toBe('auto');
    expect(getBackendSync()).toBeInstanceOf(WasmSimdBackend);
    setBackend('js');
    expect(chosenBackend()).toBe('js');
    expect(getBackendSync()).toBe(jsBackend);
    expect(await getBackend()).toBe(jsBackend);
    expect(wasmWithExport('gemm_f32_nn')).toBeNull();
    expect(linearWasm()).toBeNull();
    setBackend('wasm-simd');
    expect(getBackendSync()).toBeInstanceOf(WasmSimdBackend);
    expect(linearWasm()).not.toBeNull();
    expect(() => setBackend('gpu' as never)).toThrow(/unknown kernel backend: gpu/);
  });

  it('the same trees, liblinear weights and Naive Bayes scores on either backend', async () => {
    const { X, y, Xt } = await goldenData();
    const n = 1500;
    const train = { data: X.data.subarray(0, n * 784), shape: [n, 784] as [number, number] };
    const labels = y.subarray(0, n);
    const fitAll = () => ({
      tree: new DecisionTreeClassifier({ maxDepth: 8, randomState: 0 }).fit(train, labels),
      lr: new LogisticRegression({ C: 1 }).fit(train, labels),
      nb: new GaussianNB().fit(train, labels),
    });
    const wasm = fitAll();
    setBackend('js');
    const js = fitAll();
    expect(Array.from(js.tree.predict(Xt))).toEqual(Array.from(wasm.tree.predict(Xt)));
    expect(Array.from(js.lr.coef_)).toEqual(Array.from(wasm.lr.coef_));
    expect(Array.from(js.nb.predictProba(Xt).data)).toEqual(
      Array.from(wasm.nb.predictProba(Xt).data),
    );
  }, 60_000);
});
