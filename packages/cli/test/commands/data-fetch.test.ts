// `fmnist data fetch` against local HTTP mirrors serving Debian's files (no internet): the files
// land verified in --dir, a second run finds them present; a mirror that accepts connections and
// says nothing costs one timeout, not one per file; a corrupt file does not cost the good ones.
import {
  createReadStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEBIAN_DIR, run } from '../helpers.js';

const IMAGES = 'train-images-idx3-ubyte.gz';
const TEST_IMAGES = 't10k-images-idx3-ubyte.gz';
const root = mkdtempSync(join(tmpdir(), 'fmnist-fetch-'));
const servers: { close(cb: () => void): unknown }[] = [];
const sockets: Socket[] = [];
let mirror = '';
/** Accepts connections and never sends a byte. */
let stalling = '';
/** Serves Debian's files with a corrupt train-images; resets t10k-images mid-body once. */
let faulty = '';
const seen: { path: string; range?: string }[] = [];

const listen = async (server: Server | ReturnType<typeof createTcpServer>, prefix: string) => {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/${prefix}/`;
};

/** `body` with `Range: bytes=N-` honoured (206), as a static file server does. */
function send(req: IncomingMessage, res: ServerResponse, body: Buffer) {
  const start = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
  res.writeHead(start > 0 ? 206 : 200, {
    'content-type': 'application/octet-stream',
    'content-length': body.length - start,
    ...(start > 0 ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
  });
  res.end(body.subarray(start));
}

beforeAll(async () => {
  mirror = await listen(
    createServer((req, res) => {
      const path = join(DEBIAN_DIR, basename(new URL(req.url ?? '/', 'http://x').pathname));
      if (!existsSync(path)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      createReadStream(path).pipe(res);
    }),
    'fashion',
  );
  stalling = await listen(
    createTcpServer((socket) => void sockets.push(socket)),
    'stall',
  );
  const files = new Map(
    readdirSync(DEBIAN_DIR).map((name) => [name, readFileSync(join(DEBIAN_DIR, name))]),
  );
  const corrupt = Buffer.from(files.get(IMAGES)!);
  corrupt[corrupt.length >> 1] ^= 0xff;
  files.set(IMAGES, corrupt);
  let reset = true;
  faulty = await listen(
    createServer((req, res) => {
      const name = basename(req.url ?? '');
      seen.push({ path: name, ...(req.headers.range ? { range: req.headers.range } : {}) });
      const body = files.get(name);
      if (!body) {
        res.writeHead(404).end();
        return;
      }
      if (name === TEST_IMAGES && reset) {
        reset = false;
        res.writeHead(200, { 'content-length': body.length });
        res.write(body.subarray(0, 100_000), () =>
          setTimeout(() => res.socket?.resetAndDestroy(), 50),
        );
        return;
      }
      send(req, res, body);
    }),
    'faulty',
  );
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise<void>((ok) => s.close(() => ok()))));
  rmSync(root, { recursive: true, force: true });
});

const occurrences = (text: string, what: string) => text.split(what).length - 1;

describe('fmnist data fetch', () => {
  it('downloads from --mirror into --dir, then finds the copy present', async () => {
    const dir = join(root, 'data');
    let r = await run(['data', 'fetch', '--dir', dir, '--mirror', mirror]);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^downloaded /gm)).toHaveLength(4);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(dir);
    expect(r.stderr).toContain(mirror); // progress names the source
    const info = await run(['data', 'info', '--dir', dir, '--split', 'test', '--json']);
    expect(JSON.parse(info.stdout).splits[0]).toMatchObject({ count: 10_000, checksum: 'ok' });

    r = await run(['data', 'fetch', '--dir', dir, '--mirror', mirror]);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^present /gm)).toHaveLength(4);
  });

  it('a stalling mirror first, a good one second: all four files in under 45 s with the defaults, the stalled one named once', async () => {
    const dir = join(root, 'after-stall');
    const t0 = performance.now();
    const r = await run(['data', 'fetch', '--dir', dir, '--mirror', stalling, '--mirror', mirror]);
    const seconds = (performance.now() - t0) / 1000;
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^downloaded /gm)).toHaveLength(4);
    expect(readdirSync(dir).sort()).toEqual(readdirSync(DEBIAN_DIR).sort());
    // Before issue 27: 30 s of silence per attempt, 5 attempts per file, file after file (> 10 min).
    expect(seconds).toBeLessThan(45);
    expect(occurrences(r.stderr, stalling)).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `${stalling}: no response within 10 s \\(connect timeout\\) on \\S+\\. Set aside for the rest of this run; .*What to do: .*--timeout`,
      ),
    );
  });

  it('--timeout sets how long a silent source is given', async () => {
    const dir = join(root, 'short-timeout');
    const r = await run([
      'data',
      'fetch',
      '--dir',
      dir,
      '--timeout',
      '1s',
      '--mirror',
      stalling,
      '--mirror',
      mirror,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no response within 1 s (connect timeout)');
  });

  it('keeps the three good files when the fourth is corrupt, resumes a reset one, and says what failed', async () => {
    const dir = join(root, 'corrupt');
    const r = await run(['data', 'fetch', '--dir', dir, '--mirror', faulty, '--mirrors-only']);
    expect(r.code).toBe(2);
    const kept = readdirSync(DEBIAN_DIR).filter((n) => n !== IMAGES);
    expect(r.stdout.match(/^downloaded /gm)).toHaveLength(3);
    expect(readdirSync(dir).sort()).toEqual(kept.sort()); // nothing else: no .part, no bad file
    expect(r.stderr).toContain(`${IMAGES} served wrong bytes`);
    expect(r.stderr).toContain(
      `1 of its 4 files could not be fetched (the other 3 are verified in ${dir})`,
    );
    expect(r.stderr).toContain('--mirror URL');
    // The reset was retried on the same mirror, resuming where it stopped.
    const resets = seen.filter((s) => s.path === TEST_IMAGES).map((s) => s.range);
    expect(resets[0]).toBeUndefined();
    expect(resets[1]).toMatch(/^bytes=\d+-$/);
    expect(Number(/\d+/.exec(resets[1]!)![0])).toBeGreaterThan(0);
  });

  it('rejects a zero or unreadable --timeout, and --mirrors-only without a mirror', async () => {
    let r = await run(['data', 'fetch', '--timeout', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('expected a duration above 0');
    r = await run(['data', 'fetch', '--idle-timeout', 'soon']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('duration like 90s');
    r = await run(['data', 'fetch', '--dir', join(root, 'none'), '--mirrors-only']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--mirror URL');
  });
});
