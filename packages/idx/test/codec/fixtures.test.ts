// Fixtures are written by fixtures/make-fixtures.py with Python's struct module (an independent
// IDX writer); regenerate with `python3 packages/idx/test/codec/fixtures/make-fixtures.py`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IDX_TYPES, encodeIdx, loadIdx, type IdxType } from '../../src/index.js';

interface Fixture {
  type: IdxType;
  shape: number[];
  values: number[];
  raw: string;
  gz: string;
}
const dir = new URL('./fixtures/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as Fixture[];

describe('fixtures written by an independent encoder', () => {
  it('cover every IDX type code', () => {
    expect(new Set(manifest.map((f) => f.type))).toEqual(new Set(Object.keys(IDX_TYPES)));
  });
  for (const f of manifest) {
    it(`${f.type}: raw and gzip decode to the manifest values; encoding gives the same bytes`, async () => {
      for (const name of [f.raw, f.gz]) {
        const t = await loadIdx(new URL(name, dir));
        expect(t.type).toBe(f.type);
        expect(t.shape).toEqual(f.shape);
        expect(Array.from(t.data)).toEqual(f.values);
      }
      const data = IDX_TYPES[f.type].make(f.values.length);
      data.set(f.values);
      expect(Buffer.from(encodeIdx({ shape: f.shape, data }))).toEqual(
        readFileSync(new URL(f.raw, dir)),
      );
    });
  }
});
