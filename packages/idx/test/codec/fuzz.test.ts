// Fuzz: 12,000 seeded mutations of valid IDX files (raw and gzip). The property: every input either
// decodes to exactly what its bytes say (re-encoding the result gives the input back) or throws an
// IdxFormatError. Nothing else: no RangeError from deep inside, no partial array.
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IDX_TYPES, IdxFormatError, decodeIdx, encodeIdx, type IdxType } from '../../src/index.js';
import { prng, randInt } from '../helpers/prng.js';

const TYPES = Object.keys(IDX_TYPES) as IdxType[];

function seedFile(rand: () => number): Uint8Array {
  const type = TYPES[randInt(rand, 0, TYPES.length - 1)];
  const shape = Array.from({ length: randInt(rand, 1, 4) }, () => randInt(rand, 0, 5));
  const n = shape.reduce((a, b) => a * b, 1);
  const data = IDX_TYPES[type].make(n);
  for (let i = 0; i < n; i++) data[i] = randInt(rand, -100, 100);
  return encodeIdx({ type, shape, data });
}

function mutate(bytes: Uint8Array, rand: () => number): Uint8Array {
  const out = Array.from(bytes);
  const ops = randInt(rand, 1, 4);
  for (let k = 0; k < ops; k++) {
    const op = randInt(rand, 0, 5);
    const at = randInt(rand, 0, Math.max(0, out.length - 1));
    if (op === 0)
      out.length = randInt(rand, 0, out.length); // truncate
    else if (op === 1 && out.length > 0)
      out[at] = randInt(rand, 0, 255); // overwrite
    else if (op === 2 && out.length > 0)
      out[at] ^= 1 << randInt(rand, 0, 7); // flip a bit
    else if (op === 3)
      out.splice(
        at,
        0,
        ...Array.from({ length: randInt(rand, 1, 8) }, () => randInt(rand, 0, 255)),
      );
    else if (op === 4)
      out.splice(at, randInt(rand, 1, 8)); // delete
    else if (op === 5 && out.length > 4) out[randInt(rand, 2, 3)] = randInt(rand, 0, 16); // header field
  }
  return Uint8Array.from(out);
}

describe('fuzz: decodeIdx either decodes exactly or throws IdxFormatError', () => {
  it('12,000 mutated raw and gzip inputs', async () => {
    const rand = prng(20171025);
    const outcomes = { decoded: 0, rejected: 0 };
    for (let i = 0; i < 12_000; i++) {
      const base = seedFile(rand);
      const gz = rand() < 0.25;
      const input = mutate(gz ? gzipSync(base) : base, rand);
      try {
        const t = await decodeIdx(input);
        // A successful decode must be faithful: its encoding is the (decompressed) input.
        const raw = gz && input[0] === 0x1f && input[1] === 0x8b ? gunzipSync(input) : input;
        expect(Buffer.from(encodeIdx(t))).toEqual(Buffer.from(raw));
        outcomes.decoded++;
      } catch (e) {
        if (!(e instanceof IdxFormatError)) throw new Error(`input #${i} threw ${String(e)}`);
        outcomes.rejected++;
      }
    }
    // Both outcomes must occur, or the generator is not exercising the decoder.
    expect(outcomes.decoded).toBeGreaterThan(100);
    expect(outcomes.rejected).toBeGreaterThan(5_000);
  });
});
