import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataError } from '../../src/datasets/data-error.js';
import { fetchDataset, type FetchOptions } from '../../src/node/fetch-dataset.js';
import type { FetchEvent } from '../../src/node/progress.js';
import {
  fileOf,
  makeFixture,
  sendBody,
  serveFiles,
  startServer,
  tempDir,
  type Fixture,
  type TestServer,
} from './fixtures.js';

const IMAGES = 'train-images-idx3-ubyte.gz';

let fx: Fixture;
let server: TestServer;
let dir: string;
let cleanup: () => Promise<void>;
let events: FetchEvent[];

beforeEach(async () => {
  fx = makeFixture();
  server = await startServer();
  ({ dir, cleanup } = await tempDir());
  events = [];
});
afterEach(async () => {
  await server.close();
  await cleanup();
});

/** Fast settings: tiny back-off and timeout so that failure cases take milliseconds. */
const fetchWith = (urls: string[], extra: FetchOptions = {}) =>
  fetchDataset(
    { ...fx.spec, urls },
    {
      dir,
      retries: 2,
      retryDelayMs: 1,
      connectTimeoutMs: 2000,
      idleTimeoutMs: 2000,
      onProgress: (e) => events.push(e),
      ...extra,
    },
  );

/** Every final file equals the fixture's .gz, and no partial or temp file is left. */
async function expectComplete() {
  const names = (await readdir(dir)).sort();
  expect(names).toEqual([...fx.gz.keys()].sort());
  for (const [name, bytes] of fx.gz) expect(await readFile(join(dir, name))).toEqual(bytes);
}

const notices = () => events.flatMap((e) => (e.type === 'notice' ? [e.message] : []));

describe('fetchDataset', () => {
  it('downloads and verifies every file, creating the folder', async () => {
    server.rules.push(serveFiles('a', fx.gz));
    dir = join(dir, 'new', 'folder');
    const report = await fetchWith([server.base('a')]);
    expect(report.dir).toBe(dir);
    expect(report.files.map((f) => [f.name, f.status, f.check.status])).toEqual(
      fx.spec.files.map((f) => [f.name, 'downloaded', 'ok']),
    );
    expect(report.files[0].url).toBe(server.base('a') + IMAGES);
    expect(report.files.every((f) => f.check.officialBytes)).toBe(true);
    await expectComplete();
    expect(events.filter((e) => e.type === 'done')).toHaveLength(4);
    expect(events.find((e) => e.type === 'start')).toMatchObject({ file: IMAGES, offset: 0 });
  });

  it('defaults to <user cache>/<dataset> from the environment', async () => {
    server.rules.push(serveFiles('a', fx.gz));
    const report = await fetchDataset(
      { ...fx.spec, urls: [server.base('a')] },
      { env: { XDG_CACHE_HOME: dir }, retryDelayMs: 1 },
    );
    expect(report.dir).toBe(join(dir, 'fmnist', 'fashion'));
    expect(report.files.every((f) => existsSync(f.path))).toBe(true);
  });

  it('moves on from a 404 to the next source, mirrors option first', async () => {
    server.rules.push(serveFiles('good', fx.gz));
    const report = await fetchWith([server.base('missing'), server.base('good')], {
      mirrors: [server.base('mirror-404')],
    });
    expect(report.files.every((f) => f.url?.startsWith(server.base('good')))).toBe(true);
    // mirror first, then the spec's URLs in order; a 404 is not retried.
    expect(server.seen.filter((s) => s.path.endsWith(IMAGES)).map((s) => s.path)).toEqual([
      `/mirror-404/${IMAGES}`,
      `/missing/${IMAGES}`,
      `/good/${IMAGES}`,
    ]);
    expect(
      notices().some((m) => m.includes('HTTP 404') && m.includes('trying the next source')),
    ).toBe(true);
    await expectComplete();
  });

  it('fails with a download error listing every source when none works', async () => {
    const err = await fetchWith([server.base('x'), server.base('y')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('download');
    expect((err as DataError).message).toContain(`${server.base('x')}${IMAGES}: HTTP 404`);
    expect((err as DataError).message).toContain(`${server.base('y')}${IMAGES}: HTTP 404`);
    expect(await readdir(dir)).toEqual([]);
  });

  it('resumes a truncated body (Content-Length larger than sent) with Range', async () => {
    let cut = true;
    server.rules.push((req, res) => {
      const body = fx.gz.get(fileOf(req, 'a') ?? '');
      if (!body) return false;
      if (cut && fileOf(req, 'a') === IMAGES) {
        cut = false;
        res.writeHead(200, { 'content-length': body.length });
        // A clean close, too early; the pause lets the client take in the bytes before the close.
        res.write(body.subarray(0, 5000), () => setTimeout(() => res.socket?.end(), 50));
        return;
      }
      sendBody(req, res, body);
    });
    const report = await fetchWith([server.base('a')]);
    expect(report.files[0].status).toBe('downloaded');
    const imageRequests = server.seen.filter((s) => s.path.endsWith(IMAGES));
    expect(imageRequests).toHaveLength(2);
    expect(imageRequests[1].range).toBe('bytes=5000-');
    expect(notices().some((m) => /5000 of \d+ bytes/.test(m) && m.includes('retry 1 of 2'))).toBe(
      true,
    );
    await expectComplete();
  });

  it('resumes after a connection reset mid-stream', async () => {
    let reset = true;
    server.rules.push((req, res) => {
      const body = fx.gz.get(fileOf(req, 'a') ?? '');
      if (!body) return false;
      if (reset && fileOf(req, 'a') === IMAGES) {
        reset = false;
        res.writeHead(200, { 'content-length': body.length });
        res.write(body.subarray(0, 7000), () =>
          setTimeout(() => res.socket?.resetAndDestroy(), 50),
        );
        return;
      }
      sendBody(req, res, body);
    });
    await fetchWith([server.base('a')]);
    const imageRequests = server.seen.filter((s) => s.path.endsWith(IMAGES));
    expect(imageRequests.map((s) => s.range)).toEqual([undefined, 'bytes=7000-']);
    await expectComplete();
  });

  it('restarts from byte 0 when the server ignores Range', async () => {
    let cut = true;
    server.rules.push((req, res) => {
      const body = fx.gz.get(fileOf(req, 'a') ?? '');
      if (!body) return false;
      res.writeHead(200, { 'content-length': body.length }); // never 206
      if (cut && fileOf(req, 'a') === IMAGES) {
        cut = false;
        res.write(body.subarray(0, 3000), () => setTimeout(() => res.socket?.destroy(), 50));
        return;
      }
      res.end(body);
    });
    await fetchWith([server.base('a')]);
    expect(server.seen.filter((s) => s.path.endsWith(IMAGES)).map((s) => s.range)).toEqual([
      undefined,
      'bytes=3000-',
    ]);
    expect(notices().some((m) => m.includes('ignored the Range request'))).toBe(true);
    await expectComplete();
  });

  it('resumes a .part left by an earlier run, and starts over when that part was wrong', async () => {
    server.rules.push(serveFiles('a', fx.gz));
    const good = fx.gz.get(IMAGES)!;
    await writeFile(join(dir, `${IMAGES}.part`), good.subarray(0, 4000));
    await fetchWith([server.base('a')]);
    expect(server.seen.find((s) => s.path.endsWith(IMAGES))?.range).toBe('bytes=4000-');
    await expectComplete();

    // Same again with a .part whose bytes are not the file's: resumed, fails the check, restarts.
    ({ dir, cleanup } = await tempDir());
    server.seen.length = 0;
    await writeFile(join(dir, `${IMAGES}.part`), Buffer.alloc(4000, 7));
    await fetchWith([server.base('a')]);
    expect(server.seen.filter((s) => s.path.endsWith(IMAGES)).map((s) => s.range)).toEqual([
      'bytes=4000-',
      undefined,
    ]);
    expect(notices().some((m) => m.includes('downloading again from byte 0'))).toBe(true);
    await expectComplete();
  });

  it('rejects wrong bytes: checksum error naming file, expected and actual; nothing left', async () => {
    const other = makeFixture({ seed: 99 }); // valid gzip, valid IDX, right size, wrong content
    server.rules.push(serveFiles('bad', other.gz));
    const err = await fetchWith([server.base('bad')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    const e = err as DataError;
    expect(e.code).toBe('checksum');
    expect(e.file).toBe(IMAGES);
    const expected = fx.spec.files[0].rawSha256!;
    const actual = other.spec.files[0].rawSha256!;
    expect(expected).not.toBe(actual);
    expect(e.message).toContain(IMAGES);
    expect(e.message).toContain(`expected ${expected}`);
    expect(e.message).toContain(actual);
    expect(await readdir(dir)).toEqual([]); // no final file, no .part
  });

  it('moves on from a source serving wrong bytes to one serving the right ones', async () => {
    server.rules.push(serveFiles('bad', makeFixture({ seed: 5 }).gz), serveFiles('good', fx.gz));
    const report = await fetchWith([server.base('bad'), server.base('good')]);
    expect(report.files.every((f) => f.url?.startsWith(server.base('good')))).toBe(true);
    expect(
      notices().some((m) => m.includes('served wrong bytes') && m.includes('next source')),
    ).toBe(true);
    await expectComplete();
  });

  it('rejects a truncated gzip that the server declares complete', async () => {
    const cutGz = new Map([...fx.gz].map(([k, v]) => [k, v.subarray(0, v.length - 100)]));
    server.rules.push(serveFiles('short', cutGz));
    const err = (await fetchWith([server.base('short')]).catch((e: unknown) => e)) as DataError;
    expect(err.code).toBe('checksum');
    expect(err.message).toMatch(/gzip|size/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('gives up on a body that stalls after the idle timeout; a sole source gets one more try', async () => {
    server.rules.push((req, res) => {
      if (!fileOf(req, 'slow')) return false;
      res.writeHead(200, { 'content-length': 100_000 });
      res.write(Buffer.alloc(10)); // then silence
    });
    const err = (await fetchWith([server.base('slow')], {
      idleTimeoutMs: 150,
      concurrency: 1,
    }).catch((e: unknown) => e)) as DataError;
    expect(err.code).toBe('download');
    expect(err.message).toContain('no data for 150 ms after 10 bytes (idle timeout)');
    // A stall is not retried like a reset (retries: 2 here): the first file tries twice (the
    // second time only because no other source is left, resuming); once that try failed too, the
    // other files try the source once each.
    const images = server.seen.filter((s) => s.path.endsWith(IMAGES));
    expect(images.map((s) => s.range)).toEqual([undefined, 'bytes=10-']);
    expect(server.seen).toHaveLength(2 + 3);
    expect(notices().some((m) => m.includes('retry'))).toBe(false);
    // Kept for a later resume, never under a final name.
    expect((await readdir(dir)).sort()).toEqual(fx.spec.files.map((f) => `${f.name}.part`).sort());
  });

  it('times out a server that never answers, then uses the next source', async () => {
    server.rules.push((req) => fileOf(req, 'mute') !== undefined, serveFiles('good', fx.gz));
    const report = await fetchWith([server.base('mute'), server.base('good')], {
      connectTimeoutMs: 100,
      retries: 0,
    });
    expect(report.files[0].url).toContain('/good/');
    const demoted = events.filter((e) => e.type === 'demoted');
    expect(demoted).toHaveLength(1);
    expect(demoted[0]).toMatchObject({ source: server.base('mute'), fault: 'silent' });
    expect(demoted[0].type === 'demoted' && demoted[0].message).toContain(
      'no response within 100 ms (connect timeout)',
    );
    await expectComplete();
  });

  it('retries a 503 and succeeds', async () => {
    let fail = 2;
    server.rules.push(
      (req, res) => {
        if (fileOf(req, 'a') === IMAGES && fail-- > 0) {
          res.writeHead(503).end();
          return;
        }
        return false;
      },
      serveFiles('a', fx.gz),
    );
    await fetchWith([server.base('a')]);
    expect(server.seen.filter((s) => s.path.endsWith(IMAGES))).toHaveLength(3);
    await expectComplete();
  });

  it('follows redirects', async () => {
    server.rules.push(
      (req, res) => {
        const name = fileOf(req, 'old');
        if (!name) return false;
        res.writeHead(302, { location: `/new/${name}` }).end();
      },
      serveFiles('new', fx.gz),
    );
    await fetchWith([server.base('old')]);
    await expectComplete();
  });

  it('keeps files already present and verified; force downloads again', async () => {
    server.rules.push(serveFiles('a', fx.gz));
    await fetchWith([server.base('a')]);
    server.seen.length = 0;
    const again = await fetchWith([server.base('a')]);
    expect(again.files.map((f) => f.status)).toEqual(['present', 'present', 'present', 'present']);
    expect(server.seen).toEqual([]);
    const forced = await fetchWith([server.base('a')], { force: true });
    expect(forced.files.map((f) => f.status)).toEqual(Array(4).fill('downloaded'));
    expect(server.seen).toHaveLength(4);
    await expectComplete();
  });

  it('accepts decompressed copies (verified by raw SHA-256) as present', async () => {
    for (const [name, bytes] of fx.raw)
      await writeFile(join(dir, name.replace(/\.gz$/, '')), bytes);
    const report = await fetchWith([server.base('a')]);
    expect(report.files.map((f) => f.status)).toEqual(Array(4).fill('present'));
    expect(server.seen).toEqual([]);
  });

  it('replaces a corrupt file under the final name', async () => {
    server.rules.push(serveFiles('a', fx.gz));
    await fetchWith([server.base('a')]);
    const labels = join(dir, 'train-labels-idx1-ubyte.gz');
    const bad = Buffer.from(fx.gz.get('train-labels-idx1-ubyte.gz')!);
    bad[bad.length - 20] ^= 0xff;
    await writeFile(labels, bad);
    server.seen.length = 0;
    const report = await fetchWith([server.base('a')]);
    expect(report.files[1]).toMatchObject({ status: 'downloaded', replaced: labels });
    expect(server.seen.map((s) => s.path)).toEqual(['/a/train-labels-idx1-ubyte.gz']);
    await expectComplete();
  });

  it('uses the .gz MD5 as identity when the spec has no raw SHA-256 (MNIST)', async () => {
    const mnist = makeFixture({ withRawSha256: false });
    // Same content re-compressed: a different .gz, so the MD5 check must reject it.
    const recompressed = new Map([...mnist.raw].map(([k, v]) => [k, gzipSync(v, { level: 1 })]));
    server.rules.push(serveFiles('re', recompressed), serveFiles('a', mnist.gz));
    fx = mnist;
    const report = await fetchWith([server.base('re'), server.base('a')]);
    expect(report.files.every((f) => f.url?.includes('/a/'))).toBe(true);
    expect(notices().some((m) => m.includes('MD5'))).toBe(true);
    await expectComplete();
  });
});
