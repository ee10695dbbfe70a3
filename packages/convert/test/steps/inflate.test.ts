// The WASM inflate (assembly/inflate.ts) must give zlib's bytes for every stream zlib writes, and
// fail exactly where zlib fails: truncated streams, flipped bits, bad headers and checksums.
import { constants, deflateSync, inflateSync, type ZlibOptions } from 'node:zlib';
import { Random } from '@fmnist/ml';
import { describe, expect, it } from 'vitest';
import { inflateZlib } from '../../src/kernels.js';

/** Inputs with different statistics: empty, tiny, random, runs, text-like, picture-like. */
function inputs(): Uint8Array[] {
  const rng = new Random(21);
  const out: Uint8Array[] = [new Uint8Array(0), new Uint8Array([7]), new Uint8Array(300).fill(9)];
  const random = new Uint8Array(5000);
  for (let i = 0; i < random.length; i++) random[i] = rng.between(0, 255);
  out.push(random);
  const runs = new Uint8Array(70000);
  for (let i = 0; i < runs.length;) {
    const v = rng.between(0, 255);
    const n = rng.between(1, 400);
    runs.fill(v, i, i + n);
    i += n;
  }
  out.push(runs);
  const words = ['shirt', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'sneaker', 'bag'];
  out.push(
    new TextEncoder().encode(
      Array.from({ length: 4000 }, () => words[rng.between(0, words.length - 1)]).join(' '),
    ),
  );
  // Rows of a 51×73 RGB thumbnail with PNG filter bytes: background and a noisy product.
  const pic = new Uint8Array(73 * (51 * 3 + 1));
  for (let y = 0; y < 73; y++) {
    pic[y * 154] = rng.between(0, 4);
    for (let x = 1; x < 154; x++) {
      const inside = y > 10 && y < 60 && x > 30 && x < 120;
      pic[y * 154 + x] = inside ? rng.between(0, 255) : 253;
    }
  }
  out.push(pic);
  // Long distances: a block repeated 20 KB later.
  const far = new Uint8Array(60000);
  for (let i = 0; i < 1000; i++) far[i] = rng.between(0, 255);
  far.copyWithin(30000, 0, 1000);
  out.push(far);
  return out;
}

const OPTIONS: ZlibOptions[] = [
  { level: 0 },
  { level: 1 },
  {},
  { level: 9 },
  { strategy: constants.Z_FILTERED },
  { strategy: constants.Z_HUFFMAN_ONLY },
  { strategy: constants.Z_RLE },
  { strategy: constants.Z_FIXED },
  { windowBits: 9, memLevel: 1 },
];

/** zlib's verdict: the bytes, or null where it throws. */
function zlibInflate(stream: Uint8Array): Uint8Array | null {
  try {
    return new Uint8Array(inflateSync(stream));
  } catch {
    return null;
  }
}

describe('WASM inflate', () => {
  it('gives the bytes zlib compressed, at every level and strategy', () => {
    for (const data of inputs()) {
      for (const options of OPTIONS) {
        const stream = deflateSync(data, options);
        const got = inflateZlib(stream, data.length + 1);
        expect(got, `${data.length} bytes, ${JSON.stringify(options)}`).not.toBeNull();
        expect(Buffer.compare(got!, data)).toBe(0);
      }
    }
  });

  it('stops at the output limit instead of writing past it', () => {
    const data = inputs()[4];
    const stream = deflateSync(data);
    expect(inflateZlib(stream, data.length - 1)).toBeNull();
    expect(inflateZlib(stream, data.length)?.length).toBe(data.length);
  });

  it('fails where zlib fails, and agrees where it succeeds, on damaged streams', () => {
    const rng = new Random(22);
    let failures = 0;
    let cases = 0;
    for (const data of inputs()) {
      for (const options of OPTIONS) {
        const stream = deflateSync(data, options);
        const damaged: Uint8Array[] = [];
        // Cut short anywhere; one to three bits flipped anywhere (header and checksum included).
        for (let k = 0; k < 6; k++)
          damaged.push(stream.subarray(0, rng.between(0, stream.length - 1)));
        for (let k = 0; k < 12; k++) {
          const d = new Uint8Array(stream);
          for (let f = rng.between(1, 3); f > 0; f--) {
            d[rng.between(0, d.length - 1)] ^= 1 << rng.between(0, 7);
          }
          damaged.push(d);
        }
        for (const d of damaged) {
          const want = zlibInflate(d);
          const got = inflateZlib(d, 1 << 20);
          cases++;
          if (want === null) {
            failures++;
            expect(got, `zlib rejects; ${d.length} bytes`).toBeNull();
          } else expect(Buffer.compare(got ?? new Uint8Array([1, 2, 3]), want)).toBe(0);
        }
      }
    }
    // Nearly every damaged stream is one zlib rejects: the test exercises the error paths.
    expect(failures).toBeGreaterThan(0.9 * cases);
  });

  it('rejects an incomplete literal/length code, as zlib does, and takes the complete one', () => {
    // A hand-made dynamic block coding "A" with two literal/length codes (A and end-of-block) of
    // length `len`: 1 makes a complete code, 2 an incomplete one (half the code space unused).
    const stream = (len: number) => {
      const bytes: number[] = [0x78, 0x01];
      let acc = 0;
      let n = 0;
      const put = (value: number, count: number) => {
        for (let i = 0; i < count; i++) {
          acc |= ((value >> i) & 1) << n++;
          if (n === 8) [bytes[bytes.length], acc, n] = [acc, 0, 0];
        }
      };
      const code = (c: number, l: number) => {
        for (let i = l - 1; i >= 0; i--) put((c >> i) & 1, 1);
      };
      put(1, 1); // last block
      put(2, 2); // dynamic
      put(0, 5); // 257 literal/length codes
      put(0, 5); // 1 distance code
      put(14, 4); // 18 code-length code lengths, in the format's order
      const order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1];
      for (const sym of order) put([0, 1, 2, 18].includes(sym) ? 2 : 0, 3);
      // Code-length codes (all length 2): 0 → 00, 1 → 01, 2 → 10, 18 → 11.
      const cl = (sym: number) => code({ 0: 0, 1: 1, 2: 2, 18: 3 }[sym]!, 2);
      cl(18);
      put(65 - 11, 7); // lengths 0–64: zero
      cl(len); // 'A'
      cl(18);
      put(138 - 11, 7);
      cl(18);
      put(52 - 11, 7); // 66–255: zero
      cl(len); // end of block
      cl(1); // the one distance code, length 1
      code(0, len); // 'A' (the first code of its length)
      code(1, len); // end of block
      if (n > 0) bytes.push(acc);
      bytes.push(0, 0x42, 0, 0x42); // Adler-32 of "A"
      return new Uint8Array(bytes);
    };
    expect([...zlibInflate(stream(1))!]).toEqual([65]);
    expect([...inflateZlib(stream(1), 10)!]).toEqual([65]);
    expect(zlibInflate(stream(2))).toBeNull();
    expect(inflateZlib(stream(2), 10)).toBeNull();
  });

  it('rejects a preset dictionary, another method and a bad header check', () => {
    const stream = deflateSync(new Uint8Array(100).fill(1));
    const withDict = deflateSync(new Uint8Array(100).fill(1), { dictionary: Buffer.from('ab') });
    expect(inflateZlib(withDict, 200)).toBeNull();
    const method = new Uint8Array(stream);
    method[0] = (method[0] & 0xf0) | 7;
    expect(inflateZlib(method, 200)).toBeNull();
    const check = new Uint8Array(stream);
    check[1] ^= 1;
    expect(inflateZlib(check, 200)).toBeNull();
  });
});
