import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FASHION_MNIST, loadDataset } from '@fmnist/idx';
import { StandardScaler, fromSklearnParams, type Matrix } from '@fmnist/ml';
import { render } from '../report/table.js';
import type { EstimatorCase } from './cases.js';

/** Seconds and accuracy of one side. */
export interface Timing {
  fit_s: number;
  predict_s: number;
  accuracy: number;
}

/** One measured case: fmnist, and sklearn in the same run (null when not run). */
export interface EstimatorBenchRow extends EstimatorCase {
  fmnist: Timing;
  sklearn: Timing | null;
}

const PEER = fileURLToPath(new URL('../../sklearn/time_estimators.py', import.meta.url));

const rows = (m: Matrix, n: number): Matrix => ({
  data: m.data.subarray(0, n * m.shape[1]),
  shape: [n, m.shape[1]],
});

/** Runs the cases in sklearn (one Python process, Debian's interpreter); null when unavailable. */
export function runSklearnCases(
  cases: EstimatorCase[],
  python = '/usr/bin/python3',
): (Timing | null)[] {
  const res = spawnSync(python, [PEER], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (res.error || res.status !== 0) {
    const why = res.error?.message ?? res.stderr.trim().split('\n').slice(-1)[0];
    process.stderr.write(
      `sklearn peer failed (${why}). Install it with: apt-get install python3-sklearn\n`,
    );
    return cases.map(() => null);
  }
  return res.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Timing);
}

/**
 * Fits and predicts each case with fmnist on the full Fashion-MNIST (StandardScaler fitted on the
 * 60k training rows), then the same cases in sklearn, and returns both side by side.
 */
export async function runEstimatorBench(
  cases: EstimatorCase[],
  options: { sklearn?: boolean; dataDir?: string } = {},
): Promise<EstimatorBenchRow[]> {
  const [tr, te] = await Promise.all([
    loadDataset(FASHION_MNIST, { split: 'train', dataDir: options.dataDir }),
    loadDataset(FASHION_MNIST, { split: 'test', dataDir: options.dataDir }),
  ]);
  const scaler = new StandardScaler().fit({ data: tr.images, shape: [tr.n, 784] });
  const X = scaler.transform({ data: tr.images, shape: [tr.n, 784] });
  const Xt = scaler.transform({ data: te.images, shape: [te.n, 784] });
  const y = Int32Array.from(tr.labels);
  const yt = Int32Array.from(te.labels);
  const fm: Timing[] = [];
  for (const c of cases) {
    const n = c.train_rows ?? tr.n;
    const m = c.test_rows ?? te.n;
    // Warm-up on 1,000 rows first (JIT and WASM compilation, as any JIT-language benchmark does);
    // only the second, full-size fit and predict are timed.
    fromSklearnParams(c.name, { ...c.parameter })
      .fit(rows(X, 1000), y.subarray(0, 1000))
      .predict(rows(Xt, 100));
    const model = fromSklearnParams(c.name, { ...c.parameter });
    const t0 = performance.now();
    model.fit(rows(X, n), y.subarray(0, n));
    const t1 = performance.now();
    const pred = model.predict(rows(Xt, m));
    const t2 = performance.now();
    let hit = 0;
    for (let i = 0; i < m; i++) if (pred[i] === yt[i]) hit++;
    fm.push({ fit_s: (t1 - t0) / 1000, predict_s: (t2 - t1) / 1000, accuracy: hit / m });
    process.stderr.write(
      `fmnist ${c.name} ${JSON.stringify(c.parameter)}: ${((t2 - t0) / 1000).toFixed(2)} s, acc ${(hit / m).toFixed(4)}\n`,
    );
  }
  const sk = options.sklearn === false ? cases.map(() => null) : runSklearnCases(cases);
  return cases.map((c, i) => ({ ...c, fmnist: fm[i], sklearn: sk[i] }));
}

/** The side-by-side table: seconds, accuracy and fmnist's speed-up over sklearn (fit + predict). */
export function formatEstimatorBench(
  rowsOut: EstimatorBenchRow[],
  format: 'text' | 'markdown' = 'text',
): string {
  const s = (x?: number) => (x === undefined ? '' : x.toFixed(2));
  const body = rowsOut.map((r) => {
    const f = r.fmnist.fit_s + r.fmnist.predict_s;
    const k = r.sklearn ? r.sklearn.fit_s + r.sklearn.predict_s : undefined;
    return [
      r.name,
      Object.entries(r.parameter)
        .map(([a, b]) => `${a}=${JSON.stringify(b)}`)
        .join(' '),
      `${r.train_rows ?? 60000}/${r.test_rows ?? 10000}`,
      s(r.fmnist.fit_s),
      s(r.fmnist.predict_s),
      r.fmnist.accuracy.toFixed(4),
      s(r.sklearn?.fit_s),
      s(r.sklearn?.predict_s),
      r.sklearn?.accuracy.toFixed(4) ?? '',
      k === undefined ? '' : `${(k / f).toFixed(2)}×`,
    ];
  });
  return render(
    [
      'estimator',
      'parameters',
      'train/test',
      'fmnist fit s',
      'predict s',
      'acc',
      'sklearn fit s',
      'predict s',
      'acc',
      'speed-up',
    ],
    body,
    format,
  );
}
