// Fashion-MNIST's hardest one-vs-one problem for the linear kernel, T-shirt/top (0) against Shirt
// (6), and the measures the SVC solver tests compare solvers by: the dual objective and libsvm's
// maximal violation, both in float64 from the model.
import { loadFashionMnist } from '@fmnist/idx';
import type { Matrix } from '../../src/base/matrix.js';
import { StandardScaler } from '../../src/preprocessing/standard-scaler.js';
import type { SVC } from '../../src/svm/svc.js';

const DEBIAN = '/usr/share/datasets/fashion-mnist';
const D = 784;

/**
 * The first `perClass` training rows of T-shirt/top and Shirt and every test row of the two,
 * standardised on the whole training set.
 */
export function hardPair(perClass: number): Promise<HardPair> {
  let pair = cache.get(perClass);
  if (!pair) cache.set(perClass, (pair = loadPair(perClass)));
  return pair;
}

interface Rows {
  X: Matrix;
  y: Int32Array;
}

/** The training and test rows of {@link hardPair}. */
export interface HardPair {
  train: Rows;
  test: Rows;
}

const cache = new Map<number, Promise<HardPair>>();

async function loadPair(perClass: number): Promise<HardPair> {
  const [tr, te] = await Promise.all([
    loadFashionMnist({ split: 'train', dataDir: DEBIAN }),
    loadFashionMnist({ split: 'test', dataDir: DEBIAN }),
  ]);
  const scaler = new StandardScaler().fit({ data: tr.images, shape: [tr.n, D] });
  const pick = (images: Uint8Array, labels: Uint8Array, n: number, cap: number) => {
    const rows: number[] = [];
    const count = [0, 0];
    for (let i = 0; i < n; i++) {
      const c = labels[i] === 0 ? 0 : labels[i] === 6 ? 1 : -1;
      if (c >= 0 && count[c] < cap) {
        count[c]++;
        rows.push(i);
      }
    }
    const px = new Uint8Array(rows.length * D);
    rows.forEach((r, i) => px.set(images.subarray(r * D, r * D + D), i * D));
    return {
      X: scaler.transform({ data: px, shape: [rows.length, D] }),
      y: Int32Array.from(rows, (r) => labels[r]),
    };
  };
  return {
    train: pick(tr.images, tr.labels, tr.n, perClass),
    test: pick(te.images, te.labels, te.n, Infinity),
  };
}

/** ½‖Σ α_i y_i x_i‖² − Σ α_i in float64 from the model (the linear kernel's dual objective). */
export function dualObjective(m: SVC): number {
  const w = new Float64Array(D);
  let sum = 0;
  m.dualCoef_.forEach((c, i) => {
    sum += Math.abs(c);
    for (let k = 0; k < D; k++) w[k] += c * m.supportVectors_[i * D + k];
  });
  let ww = 0;
  for (const v of w) ww += v * v;
  return 0.5 * ww - sum;
}

/**
 * libsvm's maximal violation at the model's α, with G recomputed in float64 from the data:
 * max over I_up of −y·G minus min over I_low of −y·G.
 */
export function violation(m: SVC, X: Matrix, y: Int32Array, C: number): number {
  const n = y.length;
  const w = new Float64Array(D);
  m.dualCoef_.forEach((c, i) => {
    for (let k = 0; k < D; k++) w[k] += c * m.supportVectors_[i * D + k];
  });
  // α by training row: support vectors are the rows equal to them, in class order.
  const alpha = new Float64Array(n);
  const key = (data: Float32Array, r: number) => data.subarray(r * D, r * D + D).join(',');
  const svAt = new Map<string, number>();
  m.dualCoef_.forEach((c, i) => svAt.set(key(m.supportVectors_, i), Math.abs(c)));
  for (let r = 0; r < n; r++) alpha[r] = svAt.get(key(X.data as Float32Array, r)) ?? 0;
  let up = -Infinity;
  let low = Infinity;
  for (let r = 0; r < n; r++) {
    const s = y[r] === m.classes_[0] ? 1 : -1;
    let wx = 0;
    for (let k = 0; k < D; k++) wx += w[k] * X.data[r * D + k];
    const v = s - wx; // −y·G with G = y·(w·x) − 1
    const inUp = (s === 1 && alpha[r] < C) || (s === -1 && alpha[r] > 0);
    const inLow = (s === 1 && alpha[r] > 0) || (s === -1 && alpha[r] < C);
    if (inUp) up = Math.max(up, v);
    if (inLow) low = Math.min(low, v);
  }
  return up - low;
}
