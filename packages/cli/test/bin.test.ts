// End to end: the built `dist/bin.js` as a real process (the root `npm test` builds first);
// without a build, the same checks run through `main` in-process.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEBIAN_DIR, run, type RunResult } from './helpers.js';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const built = existsSync(BIN);

async function fmnist(args: string[]): Promise<RunResult> {
  if (!built) return run(args);
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe(`fmnist ${built ? '(dist/bin.js subprocess)' : '(in-process: no build)'}`, () => {
  it('data info --json on the test split', async () => {
    const r = await fmnist(['data', 'info', '--dir', DEBIAN_DIR, '--split', 'test', '--json']);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.splits[0].count).toBe(10_000);
  });

  it('exit codes: 1 for usage, 2 for missing data', async () => {
    expect((await fmnist(['data', 'export', '--format', 'bmp', '--out', 'x'])).code).toBe(1);
    const r = await fmnist(['data', 'verify', '--dir', '/nonexistent/fmnist']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/failed verification/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
