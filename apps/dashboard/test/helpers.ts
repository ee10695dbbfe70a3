import { copyFileSync, mkdtempSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The committed fixtures (made by fixtures/make-results.mjs). */
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** Debian's copy of Fashion-MNIST (`apt-get install dataset-fashion-mnist`), used by the data tests. */
export const FASHION_DIR = '/usr/share/datasets/fashion-mnist';

/** A fresh temporary folder holding copies of the named fixtures. */
export function tempWithFixtures(...names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'fmnist-dashboard-'));
  for (const n of names) copyFileSync(join(FIXTURES, n), join(dir, n));
  return dir;
}

/** A raw GET whose path is sent exactly as given (`fetch` would normalise `..` away). */
export function rawGet(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
