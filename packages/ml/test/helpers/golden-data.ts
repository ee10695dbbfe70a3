// The golden subset, built exactly as scripts/golden/common.py builds it: the first 5,000 training
// and 1,000 test rows of Debian's Fashion-MNIST, standardised by a scaler fitted on the 5,000.
import { readFileSync } from 'node:fs';
import { loadFashionMnist } from '@fmnist/idx';
import { StandardScaler } from '../../src/preprocessing/standard-scaler.js';
import type { Matrix } from '../../src/base/matrix.js';

export const N_TRAIN = 5000;
export const N_TEST = 1000;
const DEBIAN = '/usr/share/datasets/fashion-mnist';

export interface GoldenData {
  X: Matrix;
  y: Int32Array;
  Xt: Matrix;
  yt: Int32Array;
}

let cached: Promise<GoldenData> | undefined;

/** The standardised golden subset (loaded once per test file). */
export function goldenData(): Promise<GoldenData> {
  cached ??= (async () => {
    const [tr, te] = await Promise.all([
      loadFashionMnist({ split: 'train', dataDir: DEBIAN }),
      loadFashionMnist({ split: 'test', dataDir: DEBIAN }),
    ]);
    const pixels = (images: Uint8Array, n: number) => ({
      data: images.subarray(0, n * 784),
      shape: [n, 784] as const,
    });
    const scaler = new StandardScaler().fit(pixels(tr.images, N_TRAIN));
    return {
      X: scaler.transform(pixels(tr.images, N_TRAIN)),
      y: Int32Array.from(tr.labels.subarray(0, N_TRAIN)),
      Xt: scaler.transform(pixels(te.images, N_TEST)),
      yt: Int32Array.from(te.labels.subarray(0, N_TEST)),
    };
  })();
  return cached;
}

/** One case of a golden file: sklearn's parameters and outputs. */
export interface GoldenCase {
  params: Record<string, unknown>;
  predict: string;
  accuracy: number;
  [extra: string]: unknown;
}

/** Reads packages/ml/test/goldens/<family>.json (written by scripts/golden/<family>.py). */
export function goldenCases(family: string): GoldenCase[] {
  const url = new URL(`../goldens/${family}.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { cases: GoldenCase[] }).cases;
}

/** Fraction of positions where the predicted labels equal the golden digit string. */
export function agreement(pred: Int32Array, golden: string): number {
  let same = 0;
  for (let i = 0; i < pred.length; i++) if (String(pred[i]) === golden[i]) same++;
  return same / golden.length;
}
