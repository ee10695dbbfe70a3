// `fmnist data verify`: exit 0 on Debian's copy, exit 2 when a file is missing or not the dataset's.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DEBIAN_DIR, run } from '../helpers.js';

const root = mkdtempSync(join(tmpdir(), 'fmnist-verify-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const FILES = [
  'train-images-idx3-ubyte.gz',
  'train-labels-idx1-ubyte.gz',
  't10k-images-idx3-ubyte.gz',
  't10k-labels-idx1-ubyte.gz',
];

describe('fmnist data verify', () => {
  it("passes on Debian's copy: every file ok", async () => {
    const r = await run(['data', 'verify', '--dir', DEBIAN_DIR]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const f of FILES) expect(r.stdout).toMatch(new RegExp(`^ok +${f}`, 'm'));
  });

  it('exits 2 naming the file when one is missing and another is wrong', async () => {
    const dir = join(root, 'broken');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    symlinkSync(join(DEBIAN_DIR, FILES[0]), join(dir, FILES[0]));
    symlinkSync(join(DEBIAN_DIR, FILES[1]), join(dir, FILES[1]));
    symlinkSync(join(DEBIAN_DIR, FILES[2]), join(dir, FILES[2]));
    // Test labels of the right size but the wrong content (all zeros).
    const labels = new Uint8Array(10_008);
    labels.set([0, 0, 8, 1, 0, 0, 0x27, 0x10]);
    writeFileSync(join(dir, FILES[3]), gzipSync(labels));
    let r = await run(['data', 'verify', '--dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^mismatch +t10k-labels-idx1-ubyte\.gz/m);
    expect(r.stderr).toMatch(/1 of 4 Fashion-MNIST files failed verification/);
    expect(r.stderr).toContain('t10k-labels-idx1-ubyte.gz: mismatch');

    rmSync(join(dir, FILES[0]));
    r = await run(['data', 'verify', '--dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^missing +train-images-idx3-ubyte\.gz/m);
    expect(r.stderr).toMatch(/2 of 4 .*train-images-idx3-ubyte\.gz: missing/);
  });
});
