// `fmnist data fetch` against a local HTTP mirror serving Debian's files (no internet): the files
// land verified in --dir, a second run finds them present.
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEBIAN_DIR, run } from '../helpers.js';

const root = mkdtempSync(join(tmpdir(), 'fmnist-fetch-'));
let server: Server;
let mirror = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = join(DEBIAN_DIR, basename(new URL(req.url ?? '/', 'http://x').pathname));
    if (!existsSync(path)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    createReadStream(path).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fashion/`;
});
afterAll(async () => {
  await new Promise((ok) => server.close(ok));
  rmSync(root, { recursive: true, force: true });
});

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
});
