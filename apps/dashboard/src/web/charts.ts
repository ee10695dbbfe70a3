// The dashboard's charts, drawn with Observable Plot. Loaded on demand (a dynamic import), so the
// table shows before the plotting library has arrived.
import * as Plot from '@observablehq/plot';
import type { CompareRow } from '../shared/api-types.js';
import { bestPerFamily, type BenchTab, type ConfigRow } from './bench-model.js';
import { recordSeconds } from '@fmnist/bench/record';

const DATASET_LABEL = { fashion: 'Fashion-MNIST', mnist: 'MNIST' } as const;

/** Accuracy against seconds per repeat (log scale), one colour per family. */
export function accuracyVsTime(rows: readonly ConfigRow[], tab: BenchTab, width: number) {
  const datasets = tab === 'side' ? (['fashion', 'mnist'] as const) : [tab];
  const points = rows.flatMap((r) =>
    datasets.flatMap((d) => {
      const rec = r[d];
      if (!rec || rec.status !== 'ok' || rec.mean_accuracy === null) return [];
      // A log axis has no zero: sub-millisecond jobs sit at 1 ms.
      const seconds = Math.max(recordSeconds(rec), 1e-3);
      return [
        {
          family: r.name,
          params: r.params,
          dataset: DATASET_LABEL[d],
          seconds,
          accuracy: rec.mean_accuracy,
        },
      ];
    }),
  );
  return Plot.plot({
    width,
    height: 360,
    marginLeft: 50,
    grid: true,
    x: {
      type: 'log',
      nice: true,
      inset: 10,
      label: 'seconds per repeat (fit + predict) →',
      tickFormat: '~g',
    },
    y: { label: '↑ accuracy', inset: 10 },
    color: { legend: true, type: 'categorical' },
    symbol: tab === 'side' ? { legend: true } : undefined,
    marks: [
      Plot.dot(points, {
        x: 'seconds',
        y: 'accuracy',
        stroke: 'family',
        fill: 'family',
        fillOpacity: 0.35,
        symbol: tab === 'side' ? 'dataset' : undefined,
        r: 4.5,
        strokeWidth: 1.5,
        tip: true,
        channels: { parameters: 'params', dataset: 'dataset' },
      }),
    ],
  });
}

/** The best accuracy of each family, Fashion-MNIST and MNIST bars side by side. */
export function bestPerFamilyBars(rows: readonly ConfigRow[], width: number) {
  const best = bestPerFamily(rows);
  const nFamilies = new Set(best.map((b) => b.family)).size;
  return Plot.plot({
    width,
    height: Math.max(120, nFamilies * 44 + 40),
    marginLeft: 190,
    marginRight: 50,
    x: { domain: [0, 1], label: 'best accuracy →', grid: true },
    y: { axis: null, domain: ['Fashion-MNIST', 'MNIST'] },
    fy: { label: null, axis: 'left' },
    color: { legend: true, domain: ['Fashion-MNIST', 'MNIST'], range: ['#4269d0', '#efb118'] },
    marks: [
      Plot.barX(best, {
        x: 'accuracy',
        y: 'dataset',
        fy: 'family',
        fill: 'dataset',
        tip: true,
        channels: { parameters: 'params' },
      }),
      Plot.text(best, {
        x: 'accuracy',
        y: 'dataset',
        fy: 'family',
        text: (d: { accuracy: number }) => d.accuracy.toFixed(3),
        textAnchor: 'start',
        dx: 4,
        fontSize: 10,
      }),
      Plot.ruleX([0]),
    ],
  });
}

/** Two runs' times for the same configurations, log–log, with the line of equal time. */
export function compareTimes(rows: readonly CompareRow[], labels: [string, string], width: number) {
  const points = rows.flatMap((r) =>
    r.a?.status === 'ok' && r.b?.status === 'ok'
      ? [
          {
            family: r.name,
            dataset: r.dataset,
            a: Math.max(recordSeconds(r.a), 1e-3),
            b: Math.max(recordSeconds(r.b), 1e-3),
            delta: r.deltaAcc ?? 0,
          },
        ]
      : [],
  );
  const all = points.flatMap((p) => [p.a, p.b]);
  const lo = Math.min(...all, 1e-2);
  const hi = Math.max(...all, 1);
  return Plot.plot({
    width,
    height: 360,
    grid: true,
    x: {
      type: 'log',
      label: `${labels[0]} seconds per repeat →`,
      domain: [lo, hi],
      tickFormat: '~g',
    },
    y: {
      type: 'log',
      label: `↑ ${labels[1]} seconds per repeat`,
      domain: [lo, hi],
      tickFormat: '~g',
    },
    color: { legend: true },
    marks: [
      Plot.line(
        [
          [lo, lo],
          [hi, hi],
        ],
        { stroke: '#999', strokeDasharray: '4 3' },
      ),
      Plot.dot(points, {
        x: 'a',
        y: 'b',
        stroke: 'family',
        fill: 'family',
        fillOpacity: 0.35,
        r: 4.5,
        tip: true,
        channels: { dataset: 'dataset', 'Δ accuracy': 'delta' },
      }),
    ],
  });
}

/** Examples per class in each split. */
export function classBalance(
  data: readonly { className: string; split: string; count: number }[],
  classNames: readonly string[],
  width: number,
) {
  return Plot.plot({
    width,
    height: 260,
    marginBottom: 50,
    x: { axis: null, domain: ['train', 'test'] },
    fx: { label: null, domain: classNames, tickRotate: -20 },
    y: { label: '↑ examples', grid: true },
    color: { legend: true, domain: ['train', 'test'], range: ['#4269d0', '#ff725c'] },
    marks: [
      Plot.barY(data, { fx: 'className', x: 'split', y: 'count', fill: 'split', tip: true }),
      Plot.ruleY([0]),
    ],
  });
}
