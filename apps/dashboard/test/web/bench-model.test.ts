// The benchmark table's rules (rows, filters, sorting, best per family) on hand-made records.
import { describe, expect, it } from 'vitest';
import type { BenchRecord } from '../../src/shared/api-types.js';
import {
  benchColumns,
  bestPerFamily,
  configRows,
  families,
  filterRows,
  sortRows,
} from '../../src/web/bench-model.js';
import { recordSeconds } from '@fmnist/bench/record';
import { formatDuration, formatHms } from '../../src/web/format.js';

const rec = (
  dataset: 'fashion' | 'mnist',
  name: string,
  parameter: Record<string, unknown>,
  acc: number | null,
  ms: number,
  status: BenchRecord['status'] = 'ok',
): BenchRecord =>
  ({
    dataset,
    name,
    parameter,
    status,
    score: acc === null ? [] : [acc],
    mean_accuracy: acc,
    std_accuracy: acc === null ? null : 0,
    num_repeat: acc === null ? 0 : 1,
    time_per_repeat: Math.round(ms / 1000),
    fit_ms: acc === null ? [] : [ms],
    predict_ms: acc === null ? [] : [0],
  }) as unknown as BenchRecord;

const records = [
  rec('fashion', 'SVC', { kernel: 'rbf', C: 10 }, 0.87, 50_000),
  rec('mnist', 'SVC', { C: 10, kernel: 'rbf' }, 0.97, 40_000),
  rec('fashion', 'GaussianNB', { priors: null }, 0.57, 100),
  rec('fashion', 'LogisticRegression', { multi_class: 'multinomial' }, null, 0, 'cannot_create'),
  rec('mnist', 'KNeighborsClassifier', { n_neighbors: 5 }, 0.96, 5_000),
];

describe('configRows', () => {
  it('merges datasets on name + parameters whatever the key order', () => {
    const rows = configRows(records);
    expect(rows).toHaveLength(4);
    const svc = rows.find((r) => r.name === 'SVC')!;
    expect([svc.fashion?.mean_accuracy, svc.mnist?.mean_accuracy]).toEqual([0.87, 0.97]);
    expect(svc.params).toBe('C=10 kernel="rbf"');
  });
});

describe('filterRows', () => {
  const rows = configRows(records);
  const none = { family: '', text: '', showNotRun: false };
  it('keeps rows with a record of the tab, and hides jobs that did not run', () => {
    expect(filterRows(rows, 'fashion', none).map((r) => r.name)).toEqual(['SVC', 'GaussianNB']);
    expect(filterRows(rows, 'mnist', none)).toHaveLength(2);
    expect(filterRows(rows, 'side', none)).toHaveLength(3);
    expect(filterRows(rows, 'fashion', { ...none, showNotRun: true })).toHaveLength(3);
  });
  it('filters by family and by every word of the text', () => {
    expect(filterRows(rows, 'side', { ...none, family: 'SVC' })).toHaveLength(1);
    expect(filterRows(rows, 'side', { ...none, text: 'RBF c=10' })).toHaveLength(1);
    expect(filterRows(rows, 'side', { ...none, text: 'rbf linear' })).toHaveLength(0);
    expect(families(rows)).toEqual([
      'GaussianNB',
      'KNeighborsClassifier',
      'LogisticRegression',
      'SVC',
    ]);
  });
});

describe('sortRows', () => {
  const rows = configRows(records);
  const cols = benchColumns('side');
  const names = (column: string, descending: boolean) =>
    sortRows(rows, cols, { column, descending }).map((r) => r.name);
  it('sorts numbers numerically with missing values last, either way', () => {
    expect(names('fashion-acc', true)).toEqual([
      'SVC',
      'GaussianNB',
      'LogisticRegression',
      'KNeighborsClassifier',
    ]);
    expect(names('fashion-acc', false)).toEqual([
      'GaussianNB',
      'SVC',
      'LogisticRegression',
      'KNeighborsClassifier',
    ]);
    expect(names('mnist-time', false)).toEqual([
      'KNeighborsClassifier',
      'SVC',
      'GaussianNB',
      'LogisticRegression',
    ]);
  });
  it('sorts text and keeps ties in order', () => {
    expect(names('name', false)).toEqual([
      'GaussianNB',
      'KNeighborsClassifier',
      'LogisticRegression',
      'SVC',
    ]);
    expect(names('name', true)).toEqual([
      'SVC',
      'LogisticRegression',
      'KNeighborsClassifier',
      'GaussianNB',
    ]);
  });
  it('every column of every tab sorts', () => {
    for (const tab of ['fashion', 'mnist', 'side'] as const)
      for (const c of benchColumns(tab))
        expect(sortRows(rows, benchColumns(tab), { column: c.id, descending: false })).toHaveLength(
          4,
        );
  });
});

describe('bestPerFamily and formats', () => {
  it('keeps the best ok accuracy of each family per dataset', () => {
    const best = bestPerFamily(configRows(records));
    expect(best.map((b) => `${b.family} ${b.dataset} ${b.accuracy}`).sort()).toEqual([
      'GaussianNB Fashion-MNIST 0.57',
      'KNeighborsClassifier MNIST 0.96',
      'SVC Fashion-MNIST 0.87',
      'SVC MNIST 0.97',
    ]);
  });
  it('formats times as upstream (h:mm:ss) beyond a minute', () => {
    expect(formatHms(3725)).toBe('1:02:05');
    expect(formatDuration(95.4)).toBe('0:01:35');
    expect(formatDuration(4.2)).toBe('4.20 s');
    expect(formatDuration(52.3)).toBe('52.3 s');
    expect(recordSeconds(records[0])).toBe(50);
    // Upstream records have no millisecond timings: their integer seconds are used.
    expect(recordSeconds({ ...records[0], fit_ms: [], predict_ms: [], time_per_repeat: 7 })).toBe(
      7,
    );
  });
});
