// `fmnist bench run | table | compare` in-process, on the real data (quick subsample) and a small
// GaussianNB grid; the runner itself is tested in packages/bench.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/commands/options.js';
import { DEBIAN_DIR, run } from '../helpers.js';

const cwd = mkdtempSync(join(tmpdir(), 'fmnist-bench-cli-'));
writeFileSync(
  join(cwd, 'grid.json'),
  JSON.stringify({ classifiers: { GaussianNB: [{ var_smoothing: [1e-9, 1e-2, -1] }] } }),
);
const common = ['--grid', 'grid.json', '--quick', '--dir', DEBIAN_DIR, '--workers', '1'];

describe('fmnist bench', () => {
  it('run writes the records, prints progress and the family summary; a rerun skips them', async () => {
    const r = await run(['bench', 'run', ...common, '--out', 'a.jsonl'], cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('3 jobs, 0 already done');
    expect(r.stderr).toMatch(/\[3\/3\] fashion GaussianNB\(var_smoothing=/);
    expect(r.stderr).toContain(
      'cannot_create: GaussianNB: option varSmoothing must be a number ≥ 0, got -1.',
    );
    expect(r.stderr).toContain('3 job(s) run (2 ok, 1 cannot_create)');
    expect(r.stdout).toMatch(/GaussianNB\s+0\.\d{3}\s+3\s+ok 2, cannot_create 1/);
    const again = await run(['bench', 'run', ...common, '--out', 'a.jsonl'], cwd);
    expect(again.stderr).toContain('3 jobs, 3 already done, 0 tasks to run');
  });

  it('table and compare read the file (markdown, csv); bad arguments are usage errors', async () => {
    await run(['bench', 'run', ...common, '--out', 'b.jsonl', '--seed', '3'], cwd);
    const t = await run(['bench', 'table', 'a.jsonl', '--format', 'markdown'], cwd);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('| classifier | parameters | fashion acc | mnist acc | s/repeat |');
    expect(t.stdout.match(/\| GaussianNB \| var_smoothing=/g)).toHaveLength(2);
    const all = await run(['bench', 'table', 'a.jsonl', '--all', '--format', 'csv'], cwd);
    expect(all.stdout).toContain('cannot_create');
    const c = await run(['bench', 'compare', 'a.jsonl', 'b.jsonl', '--labels', 'seed0,seed3'], cwd);
    expect(c.code).toBe(0);
    expect(c.stdout).toContain('seed0 acc');
    expect((await run(['bench', 'table', 'missing.jsonl'], cwd)).code).toBe(1);
    expect(
      (await run(['bench', 'run', ...common, '--only', 'NoSuchFamily', '--out', 'c.jsonl'], cwd))
        .code,
    ).toBe(1);
    expect((await run(['bench', 'run', '--timeout', 'soon'], cwd)).code).toBe(1);
    expect((await run(['bench', 'run', '--grid', 'nope.json', '--out', 'c.jsonl'], cwd)).code).toBe(
      1,
    );
  });

  it('durations parse as 90s, 30m, 2h or seconds', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('5')).toBe(5_000);
    expect(() => parseDuration('5 minutes')).toThrowError(/duration like 90s/);
  });
});
