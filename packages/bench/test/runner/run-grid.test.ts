// Integration: the real runner (worker threads from dist/, built by `npm test` first) on the real
// Fashion-MNIST (Debian copy), quick subsample, a small GaussianNB grid.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { jobKey } from '../../src/grid/job.js';
import { readResults } from '../../src/record/results-file.js';
import { runGrid, type RunEvent } from '../../src/runner/run-grid.js';
import { RunProgress } from '../../src/runner/run-progress.js';

const GRID = fileURLToPath(new URL('../fixtures/gnb-grid.json', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../fixtures/run-grid.mjs', import.meta.url));
const DATA = '/usr/share/datasets/fashion-mnist';
const dir = mkdtempSync(join(tmpdir(), 'run-grid-'));
const base = { grid: GRID, datasets: ['fashion' as const], quick: true, dataDir: DATA, workers: 2 };

describe('runGrid', () => {
  it('writes one record per job with the right status, then a rerun skips them all', async () => {
    const out = join(dir, 'a.jsonl');
    const events: RunEvent[] = [];
    const s = await runGrid({ ...base, out, onEvent: (e) => events.push(e) });
    expect(s).toMatchObject({
      total: 10,
      skipped: 0,
      written: 10,
      byStatus: { ok: 8, cannot_create: 1, unsupported: 1 },
    });
    const { records } = readResults(out);
    expect(new Set(records.map((r) => jobKey(r))).size).toBe(10);
    const ok = records.filter((r) => r.status === 'ok');
    for (const r of ok) {
      expect(r.num_repeat).toBe(1); // quick: one repeat
      expect(r.score[0]).toBeGreaterThan(0.5);
      expect(r.mean_accuracy).toBe(r.score[0]);
      expect([r.train_size, r.test_size, r.quick]).toEqual([10_000, 2_000, true]);
      expect(r.predictions_hash[0]).toMatch(/^[0-9a-f]{8}$/);
    }
    const bad = records.find((r) => r.status === 'cannot_create')!;
    expect(bad.parameter).toEqual({ var_smoothing: -1 });
    expect(bad.message).toMatch(/varSmoothing must be a number ≥ 0, got -1/);
    expect(events.filter((e) => e.type === 'record')).toHaveLength(10);

    const again = await runGrid({ ...base, out });
    expect(again).toMatchObject({ total: 10, skipped: 10, written: 0 });
    const rerun = await runGrid({ ...base, out, only: ['GaussianNB'], rerun: true });
    expect(rerun).toMatchObject({ total: 9, skipped: 0, written: 9 });
    // The same seed gives the same predictions on a rerun.
    const after = readResults(out).records.filter((r) => r.status === 'ok');
    expect(
      after
        .slice(8)
        .map((r) => r.predictions_hash[0])
        .sort(),
    ).toEqual(ok.map((r) => r.predictions_hash[0]).sort());
  });

  it('full protocol: 2 repeats on shuffled data unless invariant (GaussianNB is: stops at 2)', async () => {
    const out = join(dir, 'b.jsonl');
    await runGrid({ ...base, out, only: ['GaussianNB'], numRepeat: 5, workers: 1 });
    const ok = readResults(out).records.filter((r) => r.status === 'ok');
    for (const r of ok) {
      expect(r.num_repeat).toBe(2);
      expect(Math.abs(r.score[0] - r.score[1])).toBeLessThan(1e-3);
    }
  });

  it('a job over the time limit is recorded as timeout and the run goes on', async () => {
    const out = join(dir, 'c.jsonl');
    const s = await runGrid({ ...base, out, only: ['GaussianNB'], timeoutMs: 1, workers: 1 });
    expect(s.written).toBe(9);
    const statuses = readResults(out).records.map((r) => r.status);
    expect(statuses.filter((x) => x === 'timeout').length).toBeGreaterThan(0);
    expect(readResults(out).records.find((r) => r.status === 'timeout')?.message).toMatch(
      /time limit/,
    );
  });

  it('the memory guard restarts busy workers, retries their task once, then records it as failed', async () => {
    const out = join(dir, 'mem.jsonl');
    const events: RunEvent[] = [];
    // A limit of 0 % is always exceeded: every running task is restarted, retried, restarted again.
    const s = await runGrid({
      ...base,
      out,
      only: ['GaussianNB'],
      workers: 1,
      memoryLimitPct: 0,
      memoryCheckMs: 30,
      onEvent: (e) => events.push(e),
    });
    expect(s.written).toBe(9);
    const records = readResults(out).records;
    const failed = records.filter((r) => r.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0].message).toMatch(/worker restarted twice \(memory use .*% > 0%\)/);
    expect(events.some((e) => e.type === 'memory')).toBe(true);
    expect(new Set(records.map((r) => jobKey(r))).size).toBe(9);
  });

  it('an unknown --only family and a missing grid are clear errors', async () => {
    await expect(
      runGrid({ ...base, out: join(dir, 'd.jsonl'), only: ['Nope'] }),
    ).rejects.toThrowError(/no configuration of Nope/);
    await expect(
      runGrid({ ...base, out: join(dir, 'd.jsonl'), grid: join(dir, 'nope.json') }),
    ).rejects.toThrowError(/cannot read grid/);
  });

  it('its events fold into a RunProgress that ends finished, every job done, nothing running', async () => {
    const out = join(dir, 'progress.jsonl');
    const progress = new RunProgress();
    const events: RunEvent[] = [];
    await runGrid({
      ...base,
      out,
      onEvent: (e) => {
        events.push(e);
        progress.update(e);
      },
    });
    expect(events[0].type).toBe('plan');
    expect(events.at(-1)).toEqual({ type: 'end', outcome: 'finished' });
    const s = progress.snapshot();
    expect(s).toMatchObject({ state: 'finished', total: 10, done: 10, skipped: 0, running: [] });
    expect(s.byStatus).toEqual({ ok: 8, cannot_create: 1, unsupported: 1 });
    expect(s.data).toEqual({ dataset: 'fashion', train: 10_000, test: 2_000, quick: true });
  });

  it('an abort signal stops the run: finished records stay, a rerun runs only the rest', async () => {
    const out = join(dir, 'aborted.jsonl');
    const stop = new AbortController();
    const events: RunEvent[] = [];
    const run = runGrid({
      ...base,
      out,
      signal: stop.signal,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'record') stop.abort();
      },
    });
    await expect(run).rejects.toThrowError(/abort/i);
    expect(events.at(-1)).toEqual({ type: 'end', outcome: 'stopped', message: 'stopped' });
    const kept = readResults(out).records;
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(kept.length).toBeLessThan(10);
    expect(kept.every((r) => r.status !== 'timeout' && r.status !== 'failed')).toBe(true);
    const s = await runGrid({ ...base, out });
    expect(s).toMatchObject({ total: 10, skipped: kept.length, written: 10 - kept.length });
    const all = readResults(out).records;
    expect(new Set(all.map((r) => jobKey(r))).size).toBe(10);
    expect(all).toHaveLength(10);
  });

  it('kill -9 mid-run loses only the jobs in flight; a rerun completes the grid without duplicates', async () => {
    const out = join(dir, 'killed.jsonl');
    const child = spawn(process.execPath, [SCRIPT, GRID, out, '1'], { stdio: 'ignore' });
    // Wait until some records are on disk, then kill without warning.
    const t0 = Date.now();
    while (
      !(existsSync(out) && readFileSync(out, 'utf8').split('\n').length > 3) &&
      Date.now() - t0 < 60_000
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const before = readResults(out);
    expect(before.records.length).toBeGreaterThanOrEqual(3);
    expect(before.records.length).toBeLessThan(10);
    const size = statSync(out).size;
    const s = await runGrid({ ...base, out });
    expect(s.skipped).toBe(before.records.length);
    const after = readResults(out);
    expect(after.badLines).toEqual([]);
    expect(after.records).toHaveLength(10);
    expect(new Set(after.records.map((r) => jobKey(r))).size).toBe(10);
    expect(statSync(out).size).toBeGreaterThan(size);
  });
});
