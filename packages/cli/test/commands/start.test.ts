// `fmnist start` (what `npm start` runs): info on Fashion-MNIST and out/examples.png under the cwd.
// FMNIST_DATA points at Debian's copy so the search never reaches the user cache or the network.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DEBIAN_DIR, run } from '../helpers.js';

const cwd = mkdtempSync(join(tmpdir(), 'fmnist-start-'));
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(cwd, { recursive: true, force: true });
});

describe('fmnist start', () => {
  it('prints data info and writes out/examples.png', async () => {
    vi.stubEnv('FMNIST_DATA', DEBIAN_DIR);
    const r = await run(['start', '--no-bench', '--no-serve'], cwd);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('train: 60,000 images of 28×28');
    expect(r.stdout).toContain('test: 10,000 images of 28×28');
    expect(r.stdout).toContain(`source    ${DEBIAN_DIR} (env)`);
    const png = join(cwd, 'out', 'examples.png');
    expect(r.stdout).toContain(`examples grid: ${png}`);
    expect(existsSync(png)).toBe(true);
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    expect(meta.height).toBe(10 * 56 + 11 * 4);
  });
});
