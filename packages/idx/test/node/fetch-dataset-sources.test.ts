// fetchDataset against sources that misbehave (loopback servers only): silent ones, refusing ones,
// failing ones, ones that stall mid-body, reset, serve an HTML page or wrong bytes for one file.
// What must hold: a dead source is demoted for the run and named once, a stall is not retried like
// a reset, the files download in parallel (bounded), and good files are kept whatever the others do.
import { readdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataError } from '../../src/datasets/data-error.js';
import { FetchError, fetchDataset, type FetchOptions } from '../../src/node/fetch-dataset.js';
import type { FetchEvent } from '../../src/node/progress.js';
import {
  fileOf,
  makeFixture,
  sendBody,
  serveFiles,
  startServer,
  tempDir,
  type Fixture,
  type Rule,
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

/**
 * Fast settings: tiny back-off, and timeouts short enough that a silent source costs a second, long
 * enough that a loaded machine does not make the good loopback server look dead.
 */
const fetchWith = (urls: string[], extra: FetchOptions = {}) =>
  fetchDataset(
    { ...fx.spec, urls },
    {
      dir,
      retries: 2,
      retryDelayMs: 1,
      connectTimeoutMs: 1000,
      idleTimeoutMs: 1000,
      onProgress: (e) => events.push(e),
      ...extra,
    },
  );

/** Everything the events say in words (what a log would show). */
const said = () =>
  events.flatMap((e) => (e.type === 'notice' || e.type === 'demoted' ? [e.message] : []));
const demoted = () => events.filter((e) => e.type === 'demoted');
const requestsTo = (prefix: string) => server.seen.filter((s) => s.path.startsWith(`/${prefix}/`));
const occurrences = (text: string, what: string) => text.split(what).length - 1;

/** A base URL on 127.0.0.1 where nothing listens (the port was just freed). */
async function refusingBase(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return `http://127.0.0.1:${port}/refused/`;
}

/** Accepts the request and never answers. */
const silent =
  (prefix: string): Rule =>
  (req) =>
    fileOf(req, prefix) !== undefined;

describe('fetchDataset: a source that is dead for this run is demoted', () => {
  const cases: {
    what: string;
    fault: string;
    setup: () => Promise<string>;
    /** Requests the bad source sees for the first file (the only one that tries it). */
    requests: number;
    reason: RegExp;
  }[] = [
    {
      what: 'never answers',
      fault: 'silent',
      setup: async () => (server.rules.push(silent('mute')), server.base('mute')),
      requests: 1, // no retry: silence says the source is dead
      reason: /no response within 1 s \(connect timeout\)/,
    },
    {
      what: 'refuses connections',
      fault: 'unreachable',
      setup: refusingBase,
      requests: 0, // another port: this server sees nothing
      reason: /connection refused/,
    },
    {
      what: 'answers 503 every time',
      fault: 'flaky',
      setup: async () => {
        server.rules.push((req, res) => {
          if (!fileOf(req, 'down')) return false;
          res.writeHead(503).end();
        });
        return server.base('down');
      },
      requests: 3, // a 503 may pass: retried (retries: 2) before the source is set aside
      reason: /HTTP 503 Service Unavailable \(3 attempts\)/,
    },
  ];
  for (const c of cases) {
    it(`one that ${c.what}: tried by the first file only, named once, the rest go to the next`, async () => {
      const bad = await c.setup();
      server.rules.push(serveFiles('good', fx.gz));
      // One file at a time, so that "the other files" come after the demotion.
      const report = await fetchWith([bad, server.base('good')], { concurrency: 1 });
      expect(report.files.map((f) => f.url)).toEqual(
        fx.spec.files.map((f) => server.base('good') + f.name),
      );
      expect(server.seen.filter((s) => !s.path.startsWith('/good/'))).toHaveLength(c.requests);
      expect(
        server.seen.filter((s) => !s.path.endsWith(IMAGES) && !s.path.startsWith('/good/')),
      ).toEqual([]);
      expect(demoted()).toHaveLength(1);
      const d = demoted()[0] as Extract<FetchEvent, { type: 'demoted' }>;
      expect(d).toMatchObject({ source: bad, fault: c.fault, file: IMAGES });
      expect(d.message).toMatch(c.reason);
      expect(d.message).toContain('What to do:');
      // Named once (retries of a flaky one are lines of their own, as they happen).
      const told = said().filter((m) => !/; retry \d+ of \d+ in/.test(m));
      expect(occurrences(told.join('\n'), bad)).toBe(1);
    });
  }

  it('files started together on a silent source each wait once; it is still named once', async () => {
    server.rules.push(silent('mute'), serveFiles('good', fx.gz));
    const report = await fetchWith([server.base('mute'), server.base('good')]);
    expect(report.files.every((f) => f.url?.startsWith(server.base('good')))).toBe(true);
    expect(requestsTo('mute')).toHaveLength(4); // one per file, none retried
    expect(demoted()).toHaveLength(1);
    expect(occurrences(said().join('\n'), server.base('mute'))).toBe(1);
  });

  it('a body that stalls is not retried there: the next source resumes it with Range', async () => {
    const images = fx.gz.get(IMAGES)!;
    server.rules.push(
      (req, res) => {
        if (fileOf(req, 'stall') !== IMAGES) return false;
        res.writeHead(200, { 'content-length': images.length });
        res.write(images.subarray(0, 5000)); // then silence
      },
      serveFiles('stall', fx.gz),
    );
    server.rules.push(serveFiles('good', fx.gz));
    const report = await fetchWith([server.base('stall'), server.base('good')]);
    expect(report.files[0].url).toBe(server.base('good') + IMAGES);
    expect(requestsTo('stall').filter((s) => s.path.endsWith(IMAGES))).toHaveLength(1);
    expect(requestsTo('good').find((s) => s.path.endsWith(IMAGES))?.range).toBe('bytes=5000-');
    expect(demoted()).toMatchObject([{ fault: 'silent', source: server.base('stall') }]);
    expect((demoted()[0] as { message: string }).message).toContain(
      'no data for 1 s after 5000 bytes (idle timeout)',
    );
  });

  it('a reset is retried on the same source with Range, which is not demoted', async () => {
    const images = fx.gz.get(IMAGES)!;
    let reset = true;
    server.rules.push(
      (req, res) => {
        if (!reset || fileOf(req, 'a') !== IMAGES) return false;
        reset = false;
        res.writeHead(200, { 'content-length': images.length });
        res.write(images.subarray(0, 6000), () =>
          setTimeout(() => res.socket?.resetAndDestroy(), 50),
        );
      },
      serveFiles('a', fx.gz),
    );
    server.rules.push(serveFiles('b', fx.gz));
    const report = await fetchWith([server.base('a'), server.base('b')]);
    expect(report.files.every((f) => f.url?.startsWith(server.base('a')))).toBe(true);
    expect(
      requestsTo('a')
        .filter((s) => s.path.endsWith(IMAGES))
        .map((s) => s.range),
    ).toEqual([undefined, 'bytes=6000-']);
    expect(requestsTo('b')).toEqual([]);
    expect(demoted()).toEqual([]);
  });
});

describe('fetchDataset: one bad file does not cost the others', () => {
  /** The fixture's files with one byte of the train images flipped (a corrupt .gz). */
  const withCorruptImages = () => {
    const bad = Buffer.from(fx.gz.get(IMAGES)!);
    bad[bad.length >> 1] ^= 0xff;
    return new Map([...fx.gz, [IMAGES, bad]]);
  };

  it('keeps the three files a source served correctly when its fourth is corrupt', async () => {
    server.rules.push(serveFiles('a', withCorruptImages()));
    const err = await fetchWith([server.base('a')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    const e = err as FetchError;
    expect(e.code).toBe('checksum');
    expect(e.file).toBe(IMAGES);
    expect(e.failed.map((f) => f.name)).toEqual([IMAGES]);
    const kept = fx.spec.files.slice(1).map((f) => f.name);
    expect(e.report.files.map((f) => [f.name, f.status])).toEqual(
      kept.map((n) => [n, 'downloaded']),
    );
    expect((await readdir(dir)).sort()).toEqual([...kept].sort()); // no .part, no bad file
    expect(e.message).toContain(
      `1 of its 4 files could not be fetched (the other 3 are verified in ${dir})`,
    );
    expect(e.message).toContain(`${server.base('a')}${IMAGES} served wrong bytes`);
    expect(e.message).toContain('--mirror URL');
    expect(demoted()).toEqual([]); // wrong bytes say something about one file, not the source
  });

  it('takes the bad file from the next source and the others from the first', async () => {
    server.rules.push(serveFiles('a', withCorruptImages()), serveFiles('b', fx.gz));
    const report = await fetchWith([server.base('a'), server.base('b')]);
    expect(report.files.map((f) => f.url)).toEqual([
      server.base('b') + IMAGES,
      ...fx.spec.files.slice(1).map((f) => server.base('a') + f.name),
    ]);
  });

  it('names an HTML page as such and moves on', async () => {
    server.rules.push(
      (req, res) => {
        if (!fileOf(req, 'portal')) return false;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><html><body>Please log in</body></html>');
      },
      serveFiles('good', fx.gz),
    );
    const report = await fetchWith([server.base('portal'), server.base('good')]);
    expect(report.files.every((f) => f.url?.startsWith(server.base('good')))).toBe(true);
    expect(said()).toContain(
      `${server.base('portal')}${IMAGES} served an HTML page (Content-Type text/html; charset=utf-8), not the file; trying the next source`,
    );
    expect(demoted()).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual([...fx.gz.keys()].sort());
  });

  it('with every source dead, fails listing each file and what each source did', async () => {
    server.rules.push(silent('mute'));
    const refused = await refusingBase();
    const err = (await fetchWith([server.base('mute'), refused]).catch(
      (e: unknown) => e,
    )) as FetchError;
    expect(err).toBeInstanceOf(FetchError);
    expect(err.code).toBe('download');
    expect(err.failed).toHaveLength(4);
    expect(err.message).toContain('none of its 4 files could be fetched');
    for (const f of fx.spec.files) {
      expect(err.message).toContain(`${server.base('mute')}${f.name}: no response within 1 s`);
      expect(err.message).toContain(`${refused}${f.name}: connection refused`);
    }
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('fetchDataset: parallel downloads', () => {
  /**
   * Serves the fixture but holds each response until `width` requests are open at once (or a
   * second has passed), and records the most seen open together: a client that fetched one file
   * at a time would show 1.
   */
  function gate(width: number): { rule: Rule; most: () => number } {
    let open = 0;
    let most = 0;
    const held: (() => void)[] = [];
    const rule: Rule = (req, res) => {
      const body = fx.gz.get(fileOf(req, 'g') ?? '');
      if (!body) return false;
      open++;
      most = Math.max(most, open);
      res.on('finish', () => open--);
      const go = () => sendBody(req, res, body);
      held.push(go);
      if (held.length >= width) for (const f of held.splice(0)) f();
      else
        setTimeout(() => {
          const i = held.indexOf(go);
          if (i >= 0) held.splice(i, 1)[0]();
        }, 1000);
    };
    return { rule, most: () => most };
  }

  it('fetches the four files at once by default', async () => {
    const g = gate(4);
    server.rules.push(g.rule);
    const report = await fetchWith([server.base('g')]);
    expect(g.most()).toBe(4);
    expect(report.files.map((f) => f.name)).toEqual(fx.spec.files.map((f) => f.name)); // spec order
  });

  it('never more than `concurrency` at once', async () => {
    const g = gate(2);
    server.rules.push(g.rule);
    await fetchWith([server.base('g')], { concurrency: 2 });
    expect(g.most()).toBe(2);
    expect((await readdir(dir)).sort()).toEqual([...fx.gz.keys()].sort());
  });

  it('rejects a concurrency below 1', async () => {
    const err = (await fetchWith([server.base('g')], { concurrency: 0 }).catch(
      (e: unknown) => e,
    )) as DataError;
    expect(err.code).toBe('bad-option');
  });
});

describe('fetchDataset: mirrorsOnly', () => {
  it("never touches the spec's own URLs", async () => {
    server.rules.push(serveFiles('official', fx.gz));
    const err = (await fetchWith([server.base('official')], {
      mirrors: [server.base('m')],
      mirrorsOnly: true,
    }).catch((e: unknown) => e)) as FetchError;
    expect(err.code).toBe('download');
    expect(requestsTo('official')).toEqual([]);
    expect(requestsTo('m')).toHaveLength(4);
  });

  it('needs a mirror', async () => {
    const err = (await fetchWith([server.base('official')], { mirrorsOnly: true }).catch(
      (e: unknown) => e,
    )) as DataError;
    expect(err.code).toBe('bad-option');
    expect(err.message).toContain('--mirror URL');
    expect(await readdir(join(dir))).toEqual([]);
  });
});
