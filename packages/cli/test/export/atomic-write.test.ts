// Atomic writes: the target appears whole or not at all, and no temp file survives a failure.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { streamFileAtomic, writeFileAtomic } from '../../src/export/atomic-write.js';

const dir = mkdtempSync(join(tmpdir(), 'fmnist-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('atomic writes', () => {
  it('writeFileAtomic replaces the file and leaves nothing else', async () => {
    const path = join(dir, 'a.bin');
    writeFileSync(path, 'old');
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect(Array.from(readFileSync(path))).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toEqual(['a.bin']);
  });

  it('streamFileAtomic writes big text through back-pressure', async () => {
    const path = join(dir, 'b.txt');
    const line = 'x'.repeat(999) + '\n';
    await streamFileAtomic(path, async (sink) => {
      for (let i = 0; i < 5_000; i++) await sink.write(line);
    });
    expect(readFileSync(path, 'utf8')).toBe(line.repeat(5_000));
  });

  it('a failing fill leaves the old file untouched and no temp file', async () => {
    const path = join(dir, 'c.txt');
    writeFileSync(path, 'previous');
    await expect(
      streamFileAtomic(path, async (sink) => {
        await sink.write('half');
        throw new Error('disk on fire');
      }),
    ).rejects.toThrow('disk on fire');
    expect(readFileSync(path, 'utf8')).toBe('previous');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await expect(writeFileAtomic(join(dir, 'no', 'such', 'dir.bin'), 'x')).rejects.toThrow(
      /ENOENT/,
    );
    expect(existsSync(join(dir, 'no'))).toBe(false);
  });
});
