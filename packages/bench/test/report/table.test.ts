import { describe, expect, it } from 'vitest';
import type { BenchRecord } from '../../src/record/record.js';
import {
  formatFamilySummary,
  formatTable,
  latestRecords,
  tableRows,
} from '../../src/report/table.js';

function rec(
  dataset: 'fashion' | 'mnist',
  name: string,
  parameter: Record<string, unknown>,
  acc: number | null,
  ms = 1000,
  status: BenchRecord['status'] = 'ok',
): BenchRecord {
  return {
    name,
    parameter,
    dataset,
    status,
    score: acc === null ? [] : [acc],
    mean_accuracy: acc,
    std_accuracy: acc === null ? null : 0,
    start_time: 0,
    done_time: 1,
    num_repeat: acc === null ? 0 : 1,
    time_per_repeat: 1,
    fit_ms: acc === null ? [] : [ms],
    predict_ms: acc === null ? [] : [0],
    peak_rss_mb: 1,
    predictions_hash: [],
    seed: 0,
    threads: 1,
    quick: false,
    train_size: 1,
    test_size: 1,
    fmnist_version: 'x',
    host: 'h',
  };
}

const records = [
  rec('fashion', 'A', { k: 1 }, 0.8, 3000),
  rec('mnist', 'A', { k: 1 }, 0.95, 3000),
  rec('fashion', 'A', { k: 2 }, 0.7, 1000),
  rec('fashion', 'B', {}, 0.9, 2000),
  rec('fashion', 'C', {}, null, 0, 'unsupported'),
  rec('fashion', 'A', { k: 2 }, 0.75, 1000), // a rerun replaces the earlier record
];

describe('tables', () => {
  it('merges datasets on name + parameters and keeps the latest record', () => {
    expect(latestRecords(records)).toHaveLength(5);
    const rows = tableRows(records);
    const a1 = rows.find((r) => r.name === 'A' && r.parameter.k === 1)!;
    expect([a1.fashion?.mean_accuracy, a1.mnist?.mean_accuracy]).toEqual([0.8, 0.95]);
    expect(rows.find((r) => r.parameter.k === 2)!.fashion?.mean_accuracy).toBe(0.75);
  });
  it('sorts by accuracy or time, filters, and hides non-ok rows unless asked', () => {
    const names = (t: string) =>
      t
        .split('\n')
        .slice(2)
        .map((l) => l.split(/\s+/)[0] + (l.includes('k=') ? l.match(/k=\d/)![0] : ''));
    expect(names(formatTable(records))).toEqual(['B', 'Ak=1', 'Ak=2']);
    expect(names(formatTable(records, { sort: 'time' }))).toEqual(['Ak=2', 'B', 'Ak=1']);
    expect(names(formatTable(records, { only: ['A'] }))).toEqual(['Ak=1', 'Ak=2']);
    expect(formatTable(records, { all: true })).toContain('unsupported');
    const md = formatTable(records, { format: 'markdown' });
    expect(md.split('\n')[1]).toBe('|---|---|---|---|---|');
    const csv = formatTable(records, { format: 'csv' });
    expect(csv.split('\n')[0]).toBe('classifier,parameters,fashion acc,mnist acc,s/repeat');
  });
  it('summarises per family', () => {
    const s = formatFamilySummary(records);
    expect(s).toMatch(/A\s+0\.800\s+0\.950\s+3/);
    expect(s).toMatch(/C\s+.*unsupported 1/);
  });
});
