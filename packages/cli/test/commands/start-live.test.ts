// `npm start` end to end: the built `fmnist start` as a real process on Debian's Fashion-MNIST, its
// dashboard in Debian's Chromium (playwright-core). The page must be up before the benchmark's
// first record exists and show rows as they are written; Ctrl-C (SIGINT) stops the benchmark and
// the server and keeps the finished records; the next start resumes. `--only MLP` keeps it short:
// 8 jobs of 4–19 s each on the quick subsample. A screenshot goes to test-artifacts/start/.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResults } from '@fmnist/bench';
import { DEBIAN_DIR } from '../helpers.js';

const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/start/', import.meta.url));

/** `fmnist <args>` as a child process, its output kept, with a way to wait for a line. */
function fmnist(args: string[], cwd: string) {
  const child: ChildProcess = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, FMNIST_DATA: DEBIAN_DIR },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (out += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => out,
    /** Resolves with the match once the output matches `re`; rejects if the process ends first. */
    async waitFor(re: RegExp, ms: number): Promise<RegExpMatchArray> {
      const end = Date.now() + ms;
      let ended = false;
      void exited.then(() => (ended = true));
      for (;;) {
        const m = re.exec(out);
        if (m) return m;
        if (ended || Date.now() > end)
          throw new Error(`no ${re} in fmnist's output${ended ? ' (it exited)' : ''}:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

let browser: Browser;
const cwd = mkdtempSync(join(tmpdir(), 'fmnist-start-live-'));
const results = join(cwd, 'out', 'quick-results.jsonl');

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first.`);
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium (see .ci/run).`);
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  rmSync(cwd, { recursive: true, force: true });
});

describe('fmnist start (built, real process, Chromium)', () => {
  it('serves the page before the first record, fills it live, stops on Ctrl-C, and resumes', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    // Every row count the table shows, in order, and whether a row came in highlighted.
    await page.addInitScript(() => {
      const w = window as unknown as { rowCounts: number[]; sawFresh: boolean };
      w.rowCounts = [];
      w.sawFresh = false;
      new MutationObserver(() => {
        if (!document.querySelector('#bench-table')) return;
        const n = document.querySelectorAll('#bench-table tbody tr[data-key]').length;
        if (n !== w.rowCounts.at(-1)) w.rowCounts.push(n);
        if (document.querySelector('#bench-table tr.fresh')) w.sawFresh = true;
      }).observe(document, { childList: true, subtree: true });
    });

    const first = fmnist(['start', '--port', '0', '--only', 'MLP'], cwd);
    try {
      const [, url] = await first.waitFor(/dashboard: (http:\/\/\S+)/, 60_000);
      await page.goto(url);
      await page.waitForSelector('#run-panel');
      await page.waitForSelector('#bench-table tr.empty');
      // The page is up with an empty table, and the file still has no record: the page came first.
      expect(readResults(results).records).toHaveLength(0);
      expect(await page.textContent('#bench-table tr.empty')).toContain('no results yet');
      expect(await page.textContent('#run-headline')).toMatch(
        /^The quick benchmark \(MLP only\) is (starting|running)/,
      );
      // The running job, the subsample the run is on, then the ETA once a job has finished.
      await page.waitForSelector('#run-jobs li', { timeout: 60_000 });
      expect(await page.textContent('#run-jobs')).toContain('MLPClassifier');
      await page.waitForSelector('#subsample-note');
      expect(await page.textContent('#subsample-note')).toContain(
        '10,000 training and 2,000 test images',
      );
      await page.waitForFunction(
        () => document.querySelectorAll('#bench-table tbody tr[data-key]').length >= 3,
        null,
        { timeout: 180_000, polling: 100 },
      );
      expect(await page.textContent('#run-headline')).toMatch(
        /is running: \d+ of 8 jobs done · \d+:\d\d elapsed · ETA \d+:\d\d/,
      );
      const seen = await page.evaluate(() => {
        const w = window as unknown as { rowCounts: number[]; sawFresh: boolean };
        return { counts: w.rowCounts, fresh: w.sawFresh };
      });
      // Rows came in as they were written: from none, one step at a time for the most part.
      expect(seen.counts[0]).toBe(0);
      expect(seen.counts).toEqual([...seen.counts].sort((a, b) => a - b));
      expect(seen.counts.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
      expect(seen.fresh).toBe(true);
      const shown = await page.$$eval('#bench-table tbody tr[data-key]', (trs) =>
        trs.map((tr) => tr.getAttribute('data-key')),
      );
      expect(shown.every((k) => k!.startsWith('MLPClassifier|'))).toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, 'start-live.png'), fullPage: true });

      first.child.kill('SIGINT');
      expect(await first.exited).toBe(0);
      expect(first.output()).toMatch(/stopped after \d+:\d\d: \d+\/8 jobs done and kept/);
      const kept = readResults(results).records;
      expect(kept.length).toBeGreaterThanOrEqual(shown.length);
      expect(kept.length).toBeLessThan(8);
      expect(kept.every((r) => r.status === 'ok' && r.quick)).toBe(true);
    } finally {
      first.child.kill('SIGKILL');
      await page.close();
    }
    expect(problems).toEqual([]);

    // The next start skips the finished jobs, and Ctrl-C stops it again before any more.
    const kept = readResults(results).records.length;
    const again = fmnist(['start', '--port', '0', '--only', 'MLP'], cwd);
    try {
      const [, done] = await again.waitFor(/8 jobs, (\d+) already done/, 60_000);
      expect(Number(done)).toBe(kept);
      again.child.kill('SIGINT');
      expect(await again.exited).toBe(0);
    } finally {
      again.child.kill('SIGKILL');
    }
    const after = readResults(results).records;
    expect(new Set(after.map((r) => JSON.stringify(r.parameter))).size).toBe(after.length);
  }, 360_000); // about 40 s alone; the whole suite shares 2 cores
});
