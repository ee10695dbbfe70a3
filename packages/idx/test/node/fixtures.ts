// Test helpers: a tiny four-file dataset built in memory and a local HTTP server to serve it.
// Nothing here touches the network beyond 127.0.0.1.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx } from '../../src/codec/encode-idx.js';
import type { DatasetFile, DatasetSpec } from '../../src/datasets/registry.js';

/** A dataset small enough to build per test run: 40 train and 12 test images of 28×28. */
export interface Fixture {
  spec: DatasetSpec;
  /** Official .gz bytes by file name. */
  gz: Map<string, Buffer>;
  /** Decompressed bytes by file name (the .gz name). */
  raw: Map<string, Buffer>;
}

/** Deterministic pseudo-random bytes (an LCG): noisy enough that gzip keeps them large. */
function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

/**
 * Builds the fixture; `withRawSha256: false` gives an MNIST-like spec whose only identity is the
 * .gz MD5. The hashes are computed here from the bytes served, never written down.
 */
export function makeFixture(options: { withRawSha256?: boolean; seed?: number } = {}): Fixture {
  const seed = options.seed ?? 1;
  const gz = new Map<string, Buffer>();
  const raw = new Map<string, Buffer>();
  const files: DatasetFile[] = [];
  const add = (
    name: string,
    split: 'train' | 'test',
    kind: 'images' | 'labels',
    bytes: Uint8Array,
  ) => {
    const compressed = gzipSync(bytes);
    gz.set(name, compressed);
    raw.set(name, Buffer.from(bytes));
    files.push({
      name,
      split,
      kind,
      rawBytes: bytes.length,
      gzMd5: md5(compressed),
      ...(options.withRawSha256 === false ? {} : { rawSha256: sha256(bytes) }),
    });
  };
  const images = (n: number, s: number) =>
    encodeIdx({ shape: [n, 28, 28], data: noise(n * 784, s) });
  const labels = (n: number, s: number) =>
    encodeIdx({ shape: [n], data: noise(n, s).map((v) => v % 10) });
  add('train-images-idx3-ubyte.gz', 'train', 'images', images(40, seed));
  add('train-labels-idx1-ubyte.gz', 'train', 'labels', labels(40, seed + 1));
  add('t10k-images-idx3-ubyte.gz', 'test', 'images', images(12, seed + 2));
  add('t10k-labels-idx1-ubyte.gz', 'test', 'labels', labels(12, seed + 3));
  const spec: DatasetSpec = {
    name: 'fashion',
    title: 'Fixture-MNIST',
    urls: [],
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    files,
    license: 'test',
    citation: 'test',
  };
  return { spec, gz, raw };
}

/** One request the server saw. */
export interface Seen {
  path: string;
  range?: string;
}

/** A handler for one request; return false to fall through to the next rule. */
export type Rule = (req: IncomingMessage, res: ServerResponse, seen: Seen) => boolean | void;

/** A local server on 127.0.0.1 (port 0): `base(prefix)` gives a base URL, `seen` logs requests. */
export interface TestServer {
  base(prefix: string): string;
  seen: Seen[];
  rules: Rule[];
  close(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  const seen: Seen[] = [];
  const rules: Rule[] = [];
  const server: Server = createServer((req, res) => {
    const s: Seen = {
      path: req.url ?? '',
      ...(req.headers.range ? { range: req.headers.range } : {}),
    };
    seen.push(s);
    for (const rule of rules) if (rule(req, res, s) !== false) return;
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    base: (prefix) => `http://127.0.0.1:${port}/${prefix}/`,
    seen,
    rules,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Serves `body`, honouring `Range: bytes=N-` with a 206 like a real static server. */
export function sendBody(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  if (m) {
    const start = Number(m[1]);
    if (start >= body.length) {
      res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
      return;
    }
    res.writeHead(206, {
      'content-length': body.length - start,
      'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
    });
    res.end(body.subarray(start));
    return;
  }
  res.writeHead(200, { 'content-length': body.length });
  res.end(body);
}

/** A rule serving the fixture's files under `/<prefix>/<name>`. */
export function serveFiles(prefix: string, files: Map<string, Buffer>): Rule {
  return (req, res) => {
    const name = fileOf(req, prefix);
    const body = name === undefined ? undefined : files.get(name);
    if (!body) return false;
    sendBody(req, res, body);
  };
}

/** The file name a request asks for under `/<prefix>/`, or undefined. */
export function fileOf(req: IncomingMessage, prefix: string): string | undefined {
  const p = `/${prefix}/`;
  return req.url?.startsWith(p) ? req.url.slice(p.length) : undefined;
}

/** A fresh temporary folder, removed by the returned cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'fmnist-node-test-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
