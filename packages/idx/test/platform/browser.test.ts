// The browser byte source (src/platform/browser.ts) runs on web APIs that Node 20 also has
// (fetch, DecompressionStream, Blob), so it is tested here against a local HTTP server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeIdx, FASHION_MNIST, parseIdx } from '../../src/index.js';
import * as browser from '../../src/platform/browser.js';
import * as node from '../../src/platform/node.js';
import type { Platform } from '../../src/platform/platform.js';

const { gunzip, gzip, locateSplit, readBytes } = browser;
// Compile-time: both runtimes provide the whole platform interface.
export const platforms: Platform[] = [browser, node];

let server: Server;
let base: string;
const labels = encodeIdx({ shape: [3], data: new Uint8Array([9, 0, 3]) });
const images = encodeIdx({ shape: [3, 2, 2], data: new Uint8Array(12).map((_, i) => i) });

beforeAll(async () => {
  server = createServer((req, res) => {
    const body = req.url?.endsWith('t10k-labels-idx1-ubyte.gz')
      ? gzipSync(labels)
      : req.url?.endsWith('t10k-images-idx3-ubyte.gz')
        ? gzipSync(images)
        : undefined;
    if (!body) return res.writeHead(404).end();
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('browser platform', () => {
  it('gzip and gunzip round trip through the streams API', async () => {
    const bytes = new Uint8Array(1000).map((_, i) => (i * 7) % 256);
    expect(await gunzip(await gzip(bytes))).toEqual(bytes);
  });
  it('locates a split under a base URL and reads it', async () => {
    const where = await locateSplit(FASHION_MNIST, 'test', { dataDir: base });
    expect(where.images).toBe(`${base}t10k-images-idx3-ubyte.gz`);
    const t = parseIdx(await gunzip(await readBytes(where.labels)));
    expect(Array.from(t.data)).toEqual([9, 0, 3]);
  });
  it('a 404 is a DataError naming the URL and status', async () => {
    await expect(readBytes(`${base}nope.gz`)).rejects.toMatchObject({
      name: 'DataError',
      message: expect.stringContaining('HTTP 404'),
    });
  });
});
