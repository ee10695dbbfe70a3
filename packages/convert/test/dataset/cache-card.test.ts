// The hand-assembled resume-log line and digit grouping must equal what they replace.
import { Random } from '@fmnist/ml';
import { describe, expect, it } from 'vitest';
import { cacheLine, encodeLines, type CacheEntry } from '../../src/dataset/cache.js';
import { groupDigits } from '../../src/dataset/card.js';

/** Results of every kind: pixels (some views into larger buffers), empty boxes, errors. */
function records() {
  const rng = new Random(1);
  const names = ['a/b.png', 'quote"and\\back.png', 'ünï cødé/ß.jpg', 'tab\there.png'];
  return Array.from({ length: 200 }, (_, i) => {
    const pixels = new Uint8Array(rng.between(1, 900)).map(() => rng.int(256));
    const entry: CacheEntry =
      i % 10 === 0
        ? { error: `cannot decode: "bad" ${i} — ✗` }
        : {
            pixels: i % 3 === 0 ? pixels.subarray(1) : pixels,
            box: i % 7 === 0 ? null : { x: i, y: 2 * i, width: 3, height: rng.between(1, 99) },
            contrast: rng.int(256),
            lowContrast: i % 2 === 0,
          };
    return { key: `k${i}`, name: names[i % names.length], entry };
  });
}

/** The line as JSON.stringify writes the record: the reference both encoders must equal. */
function referenceLine({ key, name, entry }: ReturnType<typeof records>[number]): string {
  const record =
    'error' in entry
      ? { k: key, name, err: entry.error }
      : {
          k: key,
          name,
          px: Buffer.from(entry.pixels).toString('base64'),
          box: entry.box,
          c: entry.contrast,
          low: entry.lowContrast,
        };
  return JSON.stringify(record);
}

describe('cacheLine', () => {
  it('is JSON.stringify of the record, for results, empty boxes and errors', () => {
    for (const r of records()) expect(cacheLine(r.key, r.name, r.entry)).toBe(referenceLine(r));
  });

  it("encodeLines writes the records' JSON lines, newline after each, in one buffer", () => {
    const lines = records();
    for (const n of [1, 2, 17, lines.length]) {
      const some = lines.slice(0, n);
      const joined = Buffer.from(some.map(referenceLine).join('\n') + '\n');
      expect(Buffer.compare(encodeLines(some), joined)).toBe(0);
    }
  });
});

describe('groupDigits', () => {
  it("is toLocaleString('en-US') on whole numbers", () => {
    const values = [0, 7, 42, 999, 1000, 1234, 99999, 100000, 1234567, 2 ** 40, -1234567, 1.5];
    for (const v of values) expect(groupDigits(v)).toBe(v.toLocaleString('en-US'));
  });
});
