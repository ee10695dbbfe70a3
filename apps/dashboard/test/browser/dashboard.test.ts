// The dashboard in a real browser: Debian's chromium driven by playwright-core, against a server
// started here on a free port with the results fixtures (fixtures/make-results.mjs) and Debian's
// Fashion-MNIST. A screenshot of each view goes to test-artifacts/dashboard/.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FASHION_CLASS_NAMES } from '@fmnist/idx';
import { createServer, DEFAULT_STATIC_DIR, type DashboardServer } from '../../src/index.js';
import { FASHION_DIR, tempWithFixtures } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const APP_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/dashboard/', import.meta.url));

let dir: string;
let server: DashboardServer;
let browser: Browser;
let page: Page;
let problems: string[];

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: the browser tests need Debian's Chromium (apt-get install chromium).`,
    );
  // `npm test` builds first; a lone `vitest run` builds the front end here if it is missing.
  if (!existsSync(join(DEFAULT_STATIC_DIR, 'index.html'))) {
    const { build } = await import('vite');
    await build({ configFile: join(APP_ROOT, 'vite.config.ts'), logLevel: 'error' });
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = tempWithFixtures('results.jsonl', 'sklearn.jsonl');
  server = await createServer({
    results: [join(dir, 'results.jsonl'), join(dir, 'sklearn.jsonl')],
    dataDir: FASHION_DIR,
    mnistDir: join(dir, 'no-mnist-here'),
    port: 0,
    pollMs: 100,
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  problems = [];
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    // The event stream is cut when the page closes; anything else failing is a fault.
    if (!r.url().includes('/api/results/stream')) problems.push(`request failed: ${r.url()}`);
  });
});

afterEach(async () => {
  await page.close();
  expect(problems).toEqual([]);
});

const rowNames = (p: Page, table = '#bench-table') =>
  p.$$eval(`${table} tbody tr td.col-name`, (tds) => tds.map((td) => td.textContent));
const rowCount = (p: Page, table = '#bench-table') =>
  p.$$eval(`${table} tbody tr[data-key]`, (trs) => trs.length);

async function openBench(tab: string): Promise<void> {
  await page.goto(`${server.url}#/bench/${tab}`);
  await page.waitForSelector('#bench-table tbody tr[data-key]');
}

describe('benchmark view', () => {
  it('shows the Fashion-MNIST table, best first, and says a line was skipped', async () => {
    await openBench('fashion');
    expect(await rowCount(page)).toBe(7);
    expect((await rowNames(page))[0]).toBe('SVC');
    const first = await page.$eval('#bench-table tbody tr', (tr) => tr.textContent);
    expect(first).toContain('C=10 kernel="rbf"');
    expect(first).toContain('0.871 ± 0.001');
    // The GaussianNB rerun's record replaced the first one.
    const nb = await page.$eval(
      '#bench-table tbody tr[data-key^="GaussianNB"] td.col-fashion-acc',
      (td) => td.textContent,
    );
    expect(nb).toBe('0.571 ± 0.000');
    expect(await page.textContent('#bad-lines')).toContain('1 malformed line(s) skipped (line 6)');
    // A watched file's quick records say which subsample they are; no run runs in this process.
    expect(await page.textContent('#subsample-note')).toContain(
      'stratified subsample of 6,000 training and 1,000 test images',
    );
    expect(await page.$('#run-panel')).toBeNull();
    await page.waitForSelector('#time-chart svg');
    await page.waitForSelector('#family-chart svg');
    await page.screenshot({ path: join(ARTIFACTS, 'bench-fashion.png'), fullPage: true });
  });

  it('sorts by every column, both ways', async () => {
    await openBench('fashion');
    const header = (id: string) => page.click(`#bench-table th button[data-column="${id}"]`);
    await header('name');
    expect((await rowNames(page))[0]).toBe('DecisionTreeClassifier');
    await header('name');
    expect((await rowNames(page))[0]).toBe('SVC');
    await header('fashion-time');
    expect((await rowNames(page))[0]).toBe('LogisticRegression');
    await header('fashion-time');
    expect((await rowNames(page))[0]).toBe('GaussianNB');
    await header('fashion-acc');
    expect((await rowNames(page)).at(-1)).toBe('GaussianNB');
    await header('params');
    const params = await page.$$eval('#bench-table td.col-params', (t) =>
      t.map((x) => x.textContent),
    );
    expect(params).toEqual([...params].sort((a, b) => a!.localeCompare(b!)));
    await header('status');
    expect(
      await page.getAttribute('#bench-table th:has(button[data-column="status"])', 'aria-sort'),
    ).toBe('ascending');
  });

  it('filters by family, by text, and shows jobs that did not run on request', async () => {
    await openBench('fashion');
    await page.selectOption('#family-filter', 'SVC');
    expect(await rowCount(page)).toBe(2);
    await page.fill('#text-filter', 'rbf');
    expect(await rowCount(page)).toBe(1);
    await page.selectOption('#family-filter', '');
    await page.fill('#text-filter', 'distance');
    expect(await rowNames(page)).toEqual(['KNeighborsClassifier']);
    await page.fill('#text-filter', 'no such thing');
    expect(await rowCount(page)).toBe(0);
    expect(await page.textContent('#bench-table tbody')).toContain('no configuration matches');
    await page.fill('#text-filter', '');
    await page.check('#show-not-run');
    expect(await rowCount(page)).toBe(8);
    const status = await page.$$eval('#bench-table td.col-status', (t) =>
      t.map((x) => x.textContent),
    );
    expect(status).toContain('cannot_create');
  });

  it('shows the MNIST tab and the side-by-side tab', async () => {
    await openBench('fashion');
    await page.click('a[data-tab="mnist"]');
    await page.waitForSelector('#bench-table th button[data-column="mnist-acc"]');
    expect(await rowCount(page)).toBe(7);
    expect((await rowNames(page)).at(-1)).toBe('GaussianNB');
    const mnistNb = await page.$eval(
      '#bench-table tr[data-key^="GaussianNB"] td.col-mnist-acc',
      (td) => td.textContent,
    );
    expect(mnistNb).toBe('0.551 ± 0.000');
    await page.screenshot({ path: join(ARTIFACTS, 'bench-mnist.png'), fullPage: true });

    await page.click('a[data-tab="side"]');
    await page.waitForSelector('#bench-table th button[data-column="fashion-acc"]');
    const headers = await page.$$eval('#bench-table th', (t) => t.map((x) => x.textContent));
    expect(headers.map((x) => x!.replace(/[▲▼ ]+$/, ''))).toEqual([
      'classifier',
      'parameters',
      'Fashion accuracy',
      'Fashion time per repeat',
      'MNIST accuracy',
      'MNIST time per repeat',
    ]);
    expect(await rowCount(page)).toBe(7);
    const rbf = await page.$eval('#bench-table tbody tr', (tr) => tr.textContent);
    expect(rbf).toContain('0.871 ± 0.001');
    expect(rbf).toContain('0.971 ± 0.001');
    await page.waitForSelector('#family-chart svg');
    await page.screenshot({ path: join(ARTIFACTS, 'bench-side-by-side.png'), fullPage: true });
  });

  it('compares two results files', async () => {
    await page.goto(`${server.url}#/bench/compare`);
    await page.waitForSelector('#compare-table tbody tr[data-key]');
    expect(await rowCount(page, '#compare-table')).toBe(16);
    await page.selectOption('#compare-dataset', 'fashion');
    expect(await rowCount(page, '#compare-table')).toBe(8);
    const svc = await page.$eval(
      '#compare-table tr[data-key^="fashion|SVC|C=10"]',
      (tr) => tr.textContent,
    );
    expect(svc).toContain('-0.0010');
    expect(svc).toContain('0.3×');
    await page.waitForSelector('#compare-chart svg');
    await page.screenshot({ path: join(ARTIFACTS, 'bench-compare.png'), fullPage: true });
  });

  it('updates live while a benchmark appends to the file', async () => {
    await openBench('fashion');
    await page.waitForSelector('#live.on');
    const line = readFileSync(join(dir, 'results.jsonl'), 'utf8')
      .split('\n')[0]
      .replace('"name":"SVC"', '"name":"RandomForestClassifier"');
    appendFileSync(join(dir, 'results.jsonl'), `${line}\n`);
    await page.waitForSelector('#bench-table tr[data-key^="RandomForestClassifier"]', {
      timeout: 10_000,
    });
    expect(await rowCount(page)).toBe(8);
  });
});

describe('dataset view', () => {
  it('shows 10 classes with their names, the means and the class balance', async () => {
    await page.goto(`${server.url}#/data`);
    await page.waitForSelector('#examples .class-row');
    const names = await page.$$eval('#examples .class-name', (d) => d.map((x) => x.textContent));
    expect(names).toEqual(FASHION_CLASS_NAMES.map((n, i) => `${i} ${n}`));
    const tiles = await page.$$eval('#examples .class-row', (rows) =>
      rows.map((r) => r.querySelectorAll('.tile canvas').length),
    );
    expect(tiles).toEqual(new Array(10).fill(10));
    await page.waitForSelector('#means figure.mean');
    expect(await page.$$eval('#means figure.mean', (f) => f.length)).toBe(10);
    await page.waitForSelector('#balance-table');
    const balance = await page.$$eval('#balance-table tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)),
    );
    expect(balance).toEqual([
      ['train', ...new Array(10).fill('6,000'), '60,000'],
      ['test', ...new Array(10).fill('1,000'), '10,000'],
    ]);
    await page.waitForSelector('#balance svg');
    await page.screenshot({ path: join(ARTIFACTS, 'dataset.png'), fullPage: true });
  });

  it('filters by class and opens an image with its pixels and label', async () => {
    await page.goto(`${server.url}#/data`);
    await page.waitForSelector('#examples .class-row');
    // The first example of class 9 is test image 0, an ankle boot (dataset.md: labels 9 2 1 1 …).
    await page.click('#examples .class-row[data-label="9"] .tile');
    await page.waitForSelector('dialog#image-detail[open]');
    expect(await page.textContent('#detail-title')).toBe('#0 · label 9 · Ankle boot');
    const cells = await page.$$eval('dialog .pixels td', (t) =>
      t.map((x) => Number(x.textContent)),
    );
    expect(cells).toHaveLength(784);
    expect(Math.max(...cells)).toBeGreaterThan(200);
    await page.screenshot({ path: join(ARTIFACTS, 'dataset-detail.png') });
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog#image-detail:not([open])', { state: 'attached' });

    await page.selectOption('#class-filter', '3');
    await page.waitForFunction(
      () => document.querySelectorAll('#examples .class-row').length === 1,
    );
    expect(await page.textContent('#examples .class-name')).toBe('3 Dress');
    expect(await page.$$eval('#examples .tile', (t) => t.length)).toBe(30);
  });
});
