// The class-per-folder scan: names relative to the input with '/', nested folders walked, hidden
// entries and other files left out, items sorted by name whatever order the folders list in.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanInputs } from '../../src/dataset/scan.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fmnist-scan-'));
  const files = [
    'b-coat/z.png',
    'b-coat/a.JPG',
    'b-coat/deep/er/x.webp',
    'b-coat/.hidden.png',
    'b-coat/notes.txt',
    'a-bag/m.png',
    'a-bag/.cache/y.png',
    'loose.png',
  ];
  for (const f of files) {
    await mkdir(join(root, f, '..'), { recursive: true });
    await writeFile(join(root, f), '');
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('scanInputs (class per folder)', () => {
  it('lists every picture with its relative name and its folder label, sorted', async () => {
    const scan = await scanInputs(root);
    expect(scan.classNames).toEqual(['a-bag', 'b-coat']);
    expect(scan.items.map((i) => [i.name, i.label])).toEqual([
      ['a-bag/m.png', 0],
      ['b-coat/a.JPG', 1],
      ['b-coat/deep/er/x.webp', 1],
      ['b-coat/z.png', 1],
    ]);
    for (const i of scan.items) expect(i.path).toBe(join(root, i.name));
    expect(scan.skipped).toEqual([{ name: 'loose.png', reason: 'not in a class folder' }]);
  });
});
