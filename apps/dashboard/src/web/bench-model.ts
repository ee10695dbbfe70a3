// The benchmark table's rows, columns, sorting and filtering: pure functions over records, so the
// rules are unit-tested without a browser (test/web/bench-model.test.ts).
import type { BenchRecord, CompareRow } from '../shared/api-types.js';
import { paramText, recordSeconds, stableStringify } from '@fmnist/bench/record';
import { formatAccuracy, formatDuration } from './format.js';

/** The benchmark tabs: one dataset, or both side by side (upstream's three tabs). */
export type BenchTab = 'fashion' | 'mnist' | 'side';

/** One configuration: its record on each dataset (upstream merges on name + JSON of parameter). */
export interface ConfigRow {
  key: string;
  name: string;
  parameter: Record<string, unknown>;
  params: string;
  fashion?: BenchRecord;
  mnist?: BenchRecord;
}

/** Merges records into one row per configuration (the last record of a job wins). */
export function configRows(records: readonly BenchRecord[]): ConfigRow[] {
  const rows = new Map<string, ConfigRow>();
  for (const r of records) {
    const key = `${r.name}|${stableStringify(r.parameter)}`;
    let row = rows.get(key);
    if (!row) {
      row = { key, name: r.name, parameter: r.parameter, params: paramText(r.parameter) };
      rows.set(key, row);
    }
    row[r.dataset] = r;
  }
  return [...rows.values()];
}

/** A sortable column: a sort key (numbers sort numerically; null always sorts last) and a cell. */
export interface Column<R> {
  id: string;
  label: string;
  sortKey(row: R): number | string | null;
  cell(row: R): string;
  /** Extra text for the cell's tooltip. */
  title?(row: R): string;
  numeric?: boolean;
}

const acc = (r?: BenchRecord) =>
  r?.status === 'ok' && r.mean_accuracy !== null ? r.mean_accuracy : null;
const secs = (r?: BenchRecord) => (r?.status === 'ok' ? recordSeconds(r) : null);
const timeTitle = (r?: BenchRecord) =>
  r?.status === 'ok'
    ? `${recordSeconds(r).toFixed(3)} s per repeat (fit + predict); upstream time_per_repeat ${r.time_per_repeat} s; ${r.num_repeat} repeat(s)${r.solver ? `; solver ${r.solver}` : ''}`
    : (r?.message ?? '');

function datasetColumns(d: 'fashion' | 'mnist', prefix: string): Column<ConfigRow>[] {
  return [
    {
      id: `${d}-acc`,
      label: `${prefix}accuracy`,
      sortKey: (r) => acc(r[d]),
      cell: (r) => formatAccuracy(r[d]),
      title: (r) => r[d]?.message ?? (r[d]?.score ?? []).map((s) => s.toFixed(4)).join(', '),
      numeric: true,
    },
    {
      id: `${d}-time`,
      label: `${prefix}time per repeat`,
      sortKey: (r) => secs(r[d]),
      cell: (r) => {
        const s = secs(r[d]);
        return s === null ? '' : formatDuration(s);
      },
      title: (r) => timeTitle(r[d]),
      numeric: true,
    },
  ];
}

/** The columns of a tab: classifier, parameters, then accuracy and time (per dataset). */
export function benchColumns(tab: BenchTab): Column<ConfigRow>[] {
  const first: Column<ConfigRow>[] = [
    { id: 'name', label: 'classifier', sortKey: (r) => r.name, cell: (r) => r.name },
    { id: 'params', label: 'parameters', sortKey: (r) => r.params, cell: (r) => r.params },
  ];
  if (tab === 'side')
    return [
      ...first,
      ...datasetColumns('fashion', 'Fashion '),
      ...datasetColumns('mnist', 'MNIST '),
    ];
  return [
    ...first,
    ...datasetColumns(tab, ''),
    {
      id: 'status',
      label: 'status',
      sortKey: (r) => r[tab]?.status ?? null,
      cell: (r) => r[tab]?.status ?? '',
      title: (r) => r[tab]?.message ?? '',
    },
  ];
}

/** The table's filter: a family (classifier name; '' for all), free text, and failed jobs. */
export interface RowFilter {
  family: string;
  text: string;
  /** Show configurations that did not run (cannot_create, unsupported, timeout, failed). */
  showNotRun: boolean;
}

/** Rows of a tab that pass the filter. On a dataset tab a row needs a record of that dataset. */
export function filterRows(rows: readonly ConfigRow[], tab: BenchTab, f: RowFilter): ConfigRow[] {
  const words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  const records = (r: ConfigRow) =>
    tab === 'side' ? [r.fashion, r.mnist].filter((x) => x !== undefined) : r[tab] ? [r[tab]] : [];
  return rows.filter((r) => {
    const rs = records(r);
    if (rs.length === 0) return false;
    if (!f.showNotRun && !rs.some((x) => x.status === 'ok')) return false;
    if (f.family && r.name !== f.family) return false;
    const hay = `${r.name} ${r.params}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** The sort state: a column id and a direction. */
export interface SortState {
  column: string;
  descending: boolean;
}

/** Sorts rows by a column; missing values stay last either way; ties keep their order. */
export function sortRows<R>(rows: readonly R[], columns: readonly Column<R>[], s: SortState): R[] {
  const col = columns.find((c) => c.id === s.column);
  if (!col) return [...rows];
  const sign = s.descending ? -1 : 1;
  return rows
    .map((row, i) => ({ row, i, k: col.sortKey(row) }))
    .sort((a, b) => {
      if (a.k === null || b.k === null)
        return (a.k === null ? 1 : 0) - (b.k === null ? 1 : 0) || a.i - b.i;
      const c =
        typeof a.k === 'number' && typeof b.k === 'number'
          ? a.k - b.k
          : String(a.k).localeCompare(String(b.k));
      return sign * c || a.i - b.i;
    })
    .map((x) => x.row);
}

/** The families (classifier names) present, sorted. */
export function families(rows: readonly { name: string }[]): string[] {
  return [...new Set(rows.map((r) => r.name))].sort();
}

/** The best accuracy of each family on each dataset (the bars). */
export function bestPerFamily(
  rows: readonly ConfigRow[],
): { family: string; dataset: 'Fashion-MNIST' | 'MNIST'; accuracy: number; params: string }[] {
  const best = new Map<
    string,
    { family: string; dataset: 'Fashion-MNIST' | 'MNIST'; accuracy: number; params: string }
  >();
  for (const r of rows)
    for (const [d, label] of [
      ['fashion', 'Fashion-MNIST'],
      ['mnist', 'MNIST'],
    ] as const) {
      const a = acc(r[d]);
      if (a === null) continue;
      const key = `${r.name}|${d}`;
      const cur = best.get(key);
      if (!cur || a > cur.accuracy)
        best.set(key, { family: r.name, dataset: label, accuracy: a, params: r.params });
    }
  return [...best.values()];
}

/** The columns of the comparison of two files. */
export function compareColumns(labelA: string, labelB: string): Column<CompareRow>[] {
  const ok = (r?: BenchRecord) => r?.status === 'ok';
  return [
    { id: 'dataset', label: 'dataset', sortKey: (r) => r.dataset, cell: (r) => r.dataset },
    { id: 'name', label: 'classifier', sortKey: (r) => r.name, cell: (r) => r.name },
    {
      id: 'params',
      label: 'parameters',
      sortKey: (r) => paramText(r.parameter),
      cell: (r) => paramText(r.parameter),
    },
    {
      id: 'a-acc',
      label: `${labelA} accuracy`,
      sortKey: (r) => acc(r.a),
      cell: (r) => (r.a ? formatAccuracy(r.a) : '—'),
      numeric: true,
    },
    {
      id: 'b-acc',
      label: `${labelB} accuracy`,
      sortKey: (r) => acc(r.b),
      cell: (r) => (r.b ? formatAccuracy(r.b) : '—'),
      numeric: true,
    },
    {
      id: 'delta',
      label: 'Δ accuracy',
      sortKey: (r) => r.deltaAcc ?? null,
      cell: (r) =>
        r.deltaAcc === undefined ? '' : `${r.deltaAcc >= 0 ? '+' : ''}${r.deltaAcc.toFixed(4)}`,
      numeric: true,
    },
    {
      id: 'a-time',
      label: `${labelA} time`,
      sortKey: (r) => secs(r.a),
      cell: (r) => (ok(r.a) ? formatDuration(recordSeconds(r.a!)) : ''),
      numeric: true,
    },
    {
      id: 'b-time',
      label: `${labelB} time`,
      sortKey: (r) => secs(r.b),
      cell: (r) => (ok(r.b) ? formatDuration(recordSeconds(r.b!)) : ''),
      numeric: true,
    },
    {
      id: 'speedup',
      label: 'speed-up',
      sortKey: (r) => r.speedup ?? null,
      cell: (r) => (r.speedup === undefined ? '' : `${r.speedup.toFixed(1)}×`),
      title: () => `${labelA} time / ${labelB} time: above 1, ${labelB} is faster`,
      numeric: true,
    },
  ];
}
