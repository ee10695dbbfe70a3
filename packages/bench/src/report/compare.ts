import { stableStringify } from '../grid/job.js';
import type { BenchRecord } from '../record/record.js';
import { latestRecords, render } from './table.js';

/** One configuration present in both result sets. */
export interface Comparison {
  dataset: string;
  name: string;
  parameter: Record<string, unknown>;
  a?: BenchRecord;
  b?: BenchRecord;
  /** b − a accuracy. */
  deltaAcc?: number;
  /** a's seconds per repeat / b's: > 1 means b is faster. */
  speedup?: number;
}

const secs = (r: BenchRecord) =>
  (r.fit_ms.reduce((x, y) => x + y, 0) + r.predict_ms.reduce((x, y) => x + y, 0)) /
  1000 /
  Math.max(1, r.num_repeat);

/** Pairs the records of two runs (e.g. sklearn vs fmnist) by dataset + name + parameters. */
export function compareRecords(a: BenchRecord[], b: BenchRecord[]): Comparison[] {
  const key = (r: BenchRecord) => `${r.dataset}|${r.name}|${stableStringify(r.parameter)}`;
  const out = new Map<string, Comparison>();
  for (const [side, rs] of [
    ['a', latestRecords(a)],
    ['b', latestRecords(b)],
  ] as const) {
    for (const r of rs) {
      const c = out.get(key(r)) ?? { dataset: r.dataset, name: r.name, parameter: r.parameter };
      c[side] = r;
      out.set(key(r), c);
    }
  }
  for (const c of out.values()) {
    if (c.a?.status === 'ok' && c.b?.status === 'ok') {
      c.deltaAcc = (c.b.mean_accuracy ?? 0) - (c.a.mean_accuracy ?? 0);
      const sb = secs(c.b);
      c.speedup = sb > 0 ? secs(c.a) / sb : undefined;
    }
  }
  return [...out.values()].sort(
    (x, y) =>
      x.name.localeCompare(y.name) ||
      stableStringify(x.parameter).localeCompare(stableStringify(y.parameter)),
  );
}

/** The comparison as a table: accuracy and time of each side, the difference and the speed-up. */
export function formatComparison(
  cs: Comparison[],
  labels: [string, string],
  format: 'text' | 'markdown' | 'csv' = 'text',
): string {
  const acc = (r?: BenchRecord) =>
    r ? (r.status === 'ok' ? (r.mean_accuracy ?? 0).toFixed(4) : r.status) : '—';
  const t = (r?: BenchRecord) => (r?.status === 'ok' ? secs(r).toFixed(2) : '');
  const body = cs.map((c) => [
    c.dataset,
    c.name,
    Object.keys(c.parameter)
      .sort()
      .map((k) => `${k}=${JSON.stringify(c.parameter[k])}`)
      .join(' '),
    acc(c.a),
    acc(c.b),
    c.deltaAcc === undefined ? '' : (c.deltaAcc >= 0 ? '+' : '') + c.deltaAcc.toFixed(4),
    t(c.a),
    t(c.b),
    c.speedup === undefined ? '' : `${c.speedup.toFixed(1)}×`,
  ]);
  const [la, lb] = labels;
  return render(
    [
      'dataset',
      'classifier',
      'parameters',
      `${la} acc`,
      `${lb} acc`,
      'Δacc',
      `${la} s`,
      `${lb} s`,
      'speed-up',
    ],
    body,
    format,
  );
}
