// `fmnist start` (what `npm start` runs): info on Fashion-MNIST and out/examples.png under the cwd,
// and the quick benchmark in the foreground with --no-serve (start-live.test.ts: with the page).
// FMNIST_DATA points at Debian's copy so the search never reaches the user cache or the network.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { readResults } from '@fmnist/bench';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DEBIAN_DIR, run } from '../helpers.js';

const cwd = mkdtempSync(join(tmpdir(), 'fmnist-start-'));
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(cwd, { recursive: true, force: true });
});

describe('fmnist start', () => {
  it('prints data info and writes out/examples.png', async () => {
    vi.stubEnv('FMNIST_DATA', DEBIAN_DIR);
    const r = await run(['start', '--no-bench', '--no-serve'], cwd);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('train: 60,000 images of 28×28');
    expect(r.stdout).toContain('test: 10,000 images of 28×28');
    expect(r.stdout).toContain(`source    ${DEBIAN_DIR} (env)`);
    const png = join(cwd, 'out', 'examples.png');
    expect(r.stdout).toContain(`examples grid: ${png}`);
    expect(existsSync(png)).toBe(true);
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    expect(meta.height).toBe(10 * 56 + 11 * 4);
  });

  it('--no-serve runs the quick benchmark in the foreground, prints its table, and resumes', async () => {
    vi.stubEnv('FMNIST_DATA', DEBIAN_DIR);
    const results = join(cwd, 'out', 'quick-results.jsonl');
    const r = await run(['start', '--no-serve', '--only', 'NB'], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('the quick benchmark (baselines.json on a stratified 10,000/2,000');
    expect(r.stdout).not.toContain('dashboard:');
    expect(r.stdout).toMatch(/GaussianNB/);
    expect(r.stdout).toContain(`results: ${results}`);
    expect(r.stderr).toContain('1 jobs, 0 already done, 1 tasks to run');
    expect(r.stderr).toMatch(/\[1\/1\] fashion GaussianNB\(.*\): acc 0\.\d{4}/);
    const records = readResults(results).records;
    expect(records.map((x) => [x.name, x.status, x.quick, x.train_size])).toEqual([
      ['GaussianNB', 'ok', true, 10_000],
    ]);
    const again = await run(['start', '--no-serve', '--only', 'NB'], cwd);
    expect(again.stderr).toContain('1 jobs, 1 already done, 0 tasks to run');
    expect(readResults(results).records).toHaveLength(1);
  });
});
