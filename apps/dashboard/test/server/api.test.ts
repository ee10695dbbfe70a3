// The dashboard server's API over the committed results fixtures (fixtures/make-results.mjs) and
// Debian's copy of Fashion-MNIST: routes, bad and partial lines, path traversal, live changes.
import { appendFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunProgress } from '@fmnist/bench';
import { FASHION_CLASS_NAMES, loadFashionMnist } from '@fmnist/idx';
import { createServer, type DashboardServer } from '../../src/index.js';
import type {
  BalanceResponse,
  CompareResponse,
  DatasetInfo,
  ImageResponse,
  MeanResponse,
  ResultsFileInfo,
  ResultsResponse,
  RunResponse,
  SamplesResponse,
} from '../../src/shared/api-types.js';
import { FASHION_DIR, rawGet, tempWithFixtures } from '../helpers.js';

let dir: string;
let server: DashboardServer;
const get = async <T>(path: string): Promise<{ status: number; body: T }> => {
  const r = await rawGet(server.port, path);
  return { status: r.status, body: JSON.parse(r.body) as T };
};

beforeAll(async () => {
  dir = tempWithFixtures('results.jsonl', 'sklearn.jsonl');
  // The static root, and a secret beside it that no URL may reach.
  const web = join(dir, 'web');
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>fixture</title>');
  writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1);');
  writeFileSync(join(dir, 'secret.txt'), 'TOP SECRET');
  symlinkSync(join(dir, 'secret.txt'), join(web, 'link.txt'));
  mkdirSync(join(dir, 'no-mnist'));
  server = await createServer({
    results: [join(dir, 'results.jsonl'), join(dir, 'sklearn.jsonl'), join(dir, 'later.jsonl')],
    staticDir: web,
    dataDir: FASHION_DIR,
    mnistDir: join(dir, 'no-mnist'),
    port: 0,
    pollMs: 100,
  });
});
afterAll(() => server?.close());

describe('static files', () => {
  it('serves the front end', async () => {
    const page = await rawGet(server.port, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('fixture');
    const js = await rawGet(server.port, '/assets/app.js');
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toContain('immutable');
    expect(js.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each([
    '/../secret.txt',
    '/../../etc/passwd',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/index.html%00.js',
    '/%zz',
    '/link.txt',
  ])('refuses %s', async (path) => {
    const r = await rawGet(server.port, path);
    expect(r.status).toBe(403);
    expect(r.body).not.toContain('TOP SECRET');
    expect(r.body).not.toContain('root:');
  });

  it('answers 404 for a missing file and 405 for other methods', async () => {
    expect((await rawGet(server.port, '/nope.js')).status).toBe(404);
    expect((await rawGet(server.port, '/assets/')).status).toBe(404);
    const post = await rawGet(server.port, '/api/files', {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('answers only to localhost names (DNS rebinding)', async () => {
    const r = await rawGet(server.port, '/api/files', { host: `evil.example:${server.port}` });
    expect(r.status).toBe(403);
    expect((await rawGet(server.port, '/api/files', { host: 'localhost' })).status).toBe(200);
  });
});

describe('results API', () => {
  it('lists the files by index, a missing one as empty', async () => {
    const { body } = await get<ResultsFileInfo[]>('/api/files');
    expect(body.map((f) => [f.index, f.label, f.exists])).toEqual([
      [0, 'results.jsonl', true],
      [1, 'sklearn.jsonl', true],
      [2, 'later.jsonl', false],
    ]);
    const later = await get<ResultsResponse>('/api/results?file=2');
    expect(later.status).toBe(200);
    expect(later.body.records).toEqual([]);
  });

  it('skips and counts the malformed line, keeps the last record of a rerun', async () => {
    const { status, body } = await get<ResultsResponse>('/api/results?file=0');
    expect(status).toBe(200);
    expect(body.badLines).toBe(1);
    expect(body.badLineNumbers).toEqual([6]);
    expect(body.partialTail).toBe(false);
    expect(body.totalLines).toBe(17);
    // 7 configurations ok + 1 cannot_create, on both datasets; the GaussianNB rerun replaces the first.
    expect(body.records).toHaveLength(16);
    const nb = body.records.filter((r) => r.name === 'GaussianNB' && r.dataset === 'fashion');
    expect(nb.map((r) => r.score)).toEqual([[0.5712]]);
    expect(body.records.filter((r) => r.status === 'cannot_create')).toHaveLength(2);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await rawGet(server.port, '/api/results?file=0');
    const etag = String(first.headers.etag);
    expect(first.headers['last-modified']).toBeTruthy();
    const again = await rawGet(server.port, '/api/results?file=0', { 'if-none-match': etag });
    expect(again.status).toBe(304);
  });

  it('rejects a file index it was not given (never a path)', async () => {
    for (const q of ['file=3', 'file=-1', 'file=abc', 'file=../../etc/passwd', 'file=1.5'])
      expect((await rawGet(server.port, `/api/results?${q}`)).status).toBe(404);
  });

  it('pairs two files for comparison', async () => {
    const { body } = await get<CompareResponse>('/api/compare?a=0&b=1');
    expect(body.a.label).toBe('results.jsonl');
    const rbf = body.rows.find(
      (r) => r.dataset === 'fashion' && r.name === 'SVC' && r.parameter.kernel === 'rbf',
    )!;
    expect(rbf.deltaAcc).toBeCloseTo(-0.001, 6);
    expect(rbf.speedup).toBeCloseTo(1 / 3, 6);
    expect(body.rows).toHaveLength(16);
    expect(body.rows.filter((r) => r.a && r.b)).toHaveLength(7);
    expect((await rawGet(server.port, '/api/compare?a=0')).status).toBe(404);
  });

  it('unknown API routes are 404 with a JSON error', async () => {
    const r = await get<{ error: string }>('/api/nothing');
    expect(r.status).toBe(404);
    expect(r.body.error).toContain('/api/nothing');
  });
});

describe('partial lines and live changes', () => {
  it('counts a half-written last line apart, and the stream reports each change', async () => {
    const path = join(dir, 'later.jsonl');
    const events: string[] = [];
    const req = http.get(
      { host: '127.0.0.1', port: server.port, path: '/api/results/stream' },
      (res) => {
        expect(res.headers['content-type']).toMatch(/text\/event-stream/);
        res.setEncoding('utf8');
        res.on('data', (c: string) => events.push(c));
      },
    );
    try {
      await until(() => events.join('').includes('retry:'));
      await new Promise((r) => setTimeout(r, 250)); // the first poll sets the baseline
      const good = readFileSync(join(dir, 'results.jsonl'), 'utf8').split('\n')[0];
      writeFileSync(path, `${good}\n{"name": "SVC", "param`);
      await until(() => events.join('').includes('event: change'));
      expect(events.join('')).toMatch(/"index":2/);
      const partial = (await get<ResultsResponse>('/api/results?file=2')).body;
      expect(partial.records).toHaveLength(1);
      expect(partial.partialTail).toBe(true);
      expect(partial.badLines).toBe(1);
      appendFileSync(path, 'this line is damaged\n');
      await until(() => events.join('').split('event: change').length > 2);
      const damaged = (await get<ResultsResponse>('/api/results?file=2')).body;
      expect(damaged.partialTail).toBe(false);
      expect(damaged.badLines).toBe(1);
    } finally {
      req.destroy();
    }
  });
});

describe('a benchmark running in the server’s process (fmnist start)', () => {
  it('is absent from a server that only watches files', async () => {
    expect((await get<RunResponse>('/api/run')).body).toEqual({ active: false });
  });

  it('is served on /api/run and pushed as `run` on the stream at each of its events', async () => {
    const progress = new RunProgress();
    const live = await createServer({
      results: [join(dir, 'live.jsonl')],
      staticDir: join(dir, 'web'),
      port: 0,
      run: { file: 0, title: 'the quick benchmark', progress },
    });
    const events: string[] = [];
    const req = http.get(
      { host: '127.0.0.1', port: live.port, path: '/api/results/stream' },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (c: string) => events.push(c));
      },
    );
    try {
      const first = JSON.parse((await rawGet(live.port, '/api/run')).body) as RunResponse;
      expect(first).toMatchObject({ active: true, file: 0, title: 'the quick benchmark' });
      expect(first.active && first.run).toMatchObject({ state: 'starting', total: 0, running: [] });
      await until(() => events.join('').includes('retry:'));
      const task = {
        id: 0,
        jobs: [{ dataset: 'fashion' as const, name: 'GaussianNB', parameter: {} }],
        cost: 1,
      };
      progress.update({
        type: 'plan',
        total: 3,
        skipped: 1,
        tasks: 1,
        planned: [task],
        workers: 2,
        badLines: [],
      });
      progress.update({ type: 'task-start', task, worker: 0 });
      await until(() => events.join('').split('event: run').length > 2);
      const pushed = events
        .join('')
        .split('\n\n')
        .filter((e) => e.startsWith('event: run'))
        .map((e) => JSON.parse(e.slice(e.indexOf('data: ') + 6)) as RunResponse);
      const last = pushed.at(-1)!;
      expect(last.active && last.run).toMatchObject({ state: 'running', total: 3, done: 1 });
      expect(last.active && last.run.running.map((r) => r.jobs[0].name)).toEqual(['GaussianNB']);
    } finally {
      req.destroy();
      await live.close();
    }
  });
});

describe('dataset API on the real Fashion-MNIST test split', () => {
  it('lists the datasets and which splits are on disk', async () => {
    const { body } = await get<DatasetInfo[]>('/api/datasets');
    const fashion = body.find((d) => d.name === 'fashion')!;
    expect(fashion.classNames).toEqual([...FASHION_CLASS_NAMES]);
    expect(fashion.available).toEqual(['train', 'test']);
    expect(body.find((d) => d.name === 'mnist')!.available).toEqual([]);
  });

  it('gives the first examples of each class in file order', async () => {
    const { body } = await get<SamplesResponse>('/api/dataset/fashion/test/samples?perClass=3');
    expect(body.samples).toHaveLength(30);
    expect(body.samples.map((s) => s.label)).toEqual(
      Array.from({ length: 30 }, (_, i) => Math.floor(i / 3)),
    );
    // First test labels: 9 2 1 1 6 1 4 6 5 7 4 5 7 3 4 1 2 4 8 0 (dataset.md).
    expect(body.samples.find((s) => s.label === 9)!.index).toBe(0);
    expect(body.samples.filter((s) => s.label === 1).map((s) => s.index)).toEqual([2, 3, 5]);
    expect(body.samples.find((s) => s.label === 0)!.index).toBe(19);
    expect(Buffer.from(body.samples[0].pixels, 'base64')).toHaveLength(784);
    const one = await get<SamplesResponse>(
      '/api/dataset/fashion/test/samples?perClass=2&class=1&offset=1',
    );
    expect(one.body.samples.map((s) => s.index)).toEqual([3, 5]);
  });

  it('gives one image with its label and pixels', async () => {
    const test = await loadFashionMnist({ split: 'test', dataDir: FASHION_DIR });
    const { body } = await get<ImageResponse>('/api/dataset/fashion/test/image/0');
    expect(body.label).toBe(9);
    expect(body.className).toBe('Ankle boot');
    expect(body.pixels).toEqual(Array.from(test.images.subarray(0, 784)));
    expect((await rawGet(server.port, '/api/dataset/fashion/test/image/10000')).status).toBe(404);
  });

  it('counts classes and averages images per class', async () => {
    const test = await loadFashionMnist({ split: 'test', dataDir: FASHION_DIR });
    const balance = (await get<BalanceResponse>('/api/dataset/fashion/test/balance')).body;
    expect(balance.counts).toEqual(new Array(10).fill(1000));
    expect(balance.n).toBe(10_000);
    const mean = (await get<MeanResponse>('/api/dataset/fashion/test/mean')).body;
    expect(mean.means).toHaveLength(10);
    // Pixel (14, 14) of class 1 (trousers), computed here directly.
    let sum = 0;
    for (let i = 0; i < test.n; i++)
      if (test.labels[i] === 1) sum += test.images[i * 784 + 14 * 28 + 14];
    expect(mean.means[1][14 * 28 + 14]).toBe(Math.round(sum / 1000));
    expect(mean.counts).toEqual(new Array(10).fill(1000));
  });

  it('says clearly what is missing or invalid', async () => {
    const mnist = await get<{ error: string }>('/api/dataset/mnist/test/balance');
    expect(mnist.status).toBe(404);
    expect(mnist.body.error).toContain('MNIST test split not found');
    expect((await rawGet(server.port, '/api/dataset/cifar/test/mean')).status).toBe(404);
    expect((await rawGet(server.port, '/api/dataset/fashion/valid/mean')).status).toBe(404);
    expect((await rawGet(server.port, '/api/dataset/fashion/test/samples?class=10')).status).toBe(
      400,
    );
    expect((await rawGet(server.port, '/api/dataset/fashion/test/samples?perClass=0')).status).toBe(
      400,
    );
  });
});

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
