// The sklearn peer (sklearn/run_baselines.py, Debian python3-sklearn) and fmnist run the same jobs
// on the same quick subsample and shuffles: for GaussianNB (deterministic) the predictions agree
// exactly, which also checks the peer's port of fmnist's PRNG.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readResults } from '../../src/record/results-file.js';
import { compareRecords, formatComparison } from '../../src/report/compare.js';
import { runGrid } from '../../src/runner/run-grid.js';

const PEER = fileURLToPath(new URL('../../sklearn/run_baselines.py', import.meta.url));

describe('sklearn peer', () => {
  it('writes the same record format, and the same GaussianNB predictions as fmnist', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'peer-'));
    const grid = join(dir, 'grid.json');
    writeFileSync(
      grid,
      JSON.stringify({ classifiers: { GaussianNB: [{ var_smoothing: [1e-9, 1e-3, -1] }] } }),
    );
    const sk = join(dir, 'sklearn.jsonl');
    const fm = join(dir, 'fmnist.jsonl');
    execFileSync(
      '/usr/bin/python3',
      [PEER, '--grid', grid, '--quick', '--repeats', '2', '--out', sk],
      { stdio: 'pipe' },
    );
    await runGrid({
      grid,
      out: fm,
      datasets: ['fashion'],
      quick: true,
      numRepeat: 2,
      workers: 1,
      dataDir: '/usr/share/datasets/fashion-mnist',
    });
    const a = readResults(sk);
    const b = readResults(fm);
    expect(a.badLines).toEqual([]);
    expect(a.records).toHaveLength(3);
    expect(Object.keys(a.records[0]).sort()).toEqual(
      Object.keys(b.records.find((r) => r.status === 'ok')!).sort(),
    );
    const cs = compareRecords(a.records, b.records);
    expect(cs).toHaveLength(3);
    for (const c of cs) {
      expect(c.a!.status).toBe(c.b!.status);
      if (c.a!.status === 'ok') {
        expect(c.b!.predictions_hash).toEqual(c.a!.predictions_hash);
        expect(c.deltaAcc).toBe(0);
      }
    }
    const text = formatComparison(cs, ['sklearn', 'fmnist']);
    expect(text).toContain('var_smoothing=0.001');
    expect(text.split('\n')).toHaveLength(2 + 3);
  });
});
