import { loadDataset, datasetSpec } from '@fmnist/idx';
import { Random, StandardScaler, type Matrix } from '@fmnist/ml';
import type { BenchDataset } from '../grid/job.js';

/** The scaled train/test matrices every job of a dataset shares (float32 on SharedArrayBuffers). */
export interface BenchData {
  dataset: BenchDataset;
  X: Matrix;
  y: Int32Array;
  Xt: Matrix;
  yt: Int32Array;
  quick: boolean;
}

/** Options of {@link loadBenchData}. */
export interface BenchDataOptions {
  dataDir?: string;
  /** Stratified subsample (10,000 train / 2,000 test by default) for a grid in minutes. */
  quick?: boolean | { train: number; test: number };
  /** Seed of the quick subsample. */
  seed?: number;
}

/** Rows of a stratified, seeded subsample of `size` rows (classes in proportion, order kept). */
export function stratifiedSubsample(
  labels: ArrayLike<number>,
  size: number,
  seed: number,
): Int32Array {
  const n = labels.length;
  if (size >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    if (!byClass.has(l)) byClass.set(l, []);
    byClass.get(l)!.push(i);
  }
  const rand = new Random(seed);
  const picked: number[] = [];
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  // Largest-remainder apportionment: per-class counts sum exactly to `size`.
  const quotas = classes.map((c) => (byClass.get(c)!.length * size) / n);
  const counts = quotas.map(Math.floor);
  const order = quotas
    .map((q, i) => [q - Math.floor(q), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let r = 0; r < size - counts.reduce((a, b) => a + b, 0); r++) counts[order[r][1]]++;
  classes.forEach((c, ci) => {
    const rows = Int32Array.from(byClass.get(c)!);
    rand.shuffle(rows);
    picked.push(...rows.subarray(0, counts[ci]));
  });
  return Int32Array.from(picked.sort((a, b) => a - b));
}

function shared(n: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(n * 4));
}

/**
 * Loads a dataset for the benchmark as upstream's runner did: pixels as floats, StandardScaler
 * fitted on the training set and applied to both. With `quick`, a stratified subsample first.
 */
export async function loadBenchData(
  dataset: BenchDataset,
  options: BenchDataOptions = {},
): Promise<BenchData> {
  const spec = datasetSpec(dataset);
  const [tr, te] = await Promise.all([
    loadDataset(spec, { split: 'train', dataDir: options.dataDir }),
    loadDataset(spec, { split: 'test', dataDir: options.dataDir }),
  ]);
  const d = tr.rows * tr.cols;
  const quick =
    options.quick === true ? { train: 10_000, test: 2_000 } : options.quick || undefined;
  const seed = options.seed ?? 0;
  const pick = (images: Uint8Array, labels: Uint8Array, rows: Int32Array | undefined) => {
    const n = rows ? rows.length : labels.length;
    const px = new Uint8Array(n * d);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const src = rows ? rows[i] : i;
      px.set(images.subarray(src * d, src * d + d), i * d);
      y[i] = labels[src];
    }
    return { px: { data: px, shape: [n, d] as const }, y };
  };
  const train = pick(
    tr.images,
    tr.labels,
    quick ? stratifiedSubsample(tr.labels, quick.train, seed) : undefined,
  );
  const test = pick(
    te.images,
    te.labels,
    quick ? stratifiedSubsample(te.labels, quick.test, seed + 1) : undefined,
  );
  const scaler = new StandardScaler().fit(train.px);
  const toShared = (m: Matrix): Matrix => {
    const s = shared(m.data.length);
    s.set(m.data);
    return { data: s, shape: m.shape };
  };
  return {
    dataset,
    X: toShared(scaler.transform(train.px)),
    y: train.y,
    Xt: toShared(scaler.transform(test.px)),
    yt: test.y,
    quick: Boolean(quick),
  };
}
