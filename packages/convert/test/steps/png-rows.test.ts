// The WASM inflate + unfilter (kernels.ts) against zlib + the TypeScript unfilter, on rows with
// every filter type at every pixel width the fast path meets, and on unknown filter bytes.
import { deflateSync } from 'node:zlib';
import { Random } from '@fmnist/ml';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPngRows, useWasmKernels } from '../../src/kernels.js';
import { pngRows, type OpaquePng } from '../../src/steps/decode-png.js';

afterEach(() => useWasmKernels(true));

function rowsBothWays(png: OpaquePng): [Uint8Array | null, Uint8Array | null] {
  useWasmKernels(true);
  const wasm = pngRows(png);
  useWasmKernels(false);
  const ts = pngRows(png);
  useWasmKernels(true);
  return [wasm, ts];
}

describe('PNG rows', () => {
  it('the WASM inflate and unfilter give the TypeScript bytes for filters 0–4 at 1–4 bytes a pixel', () => {
    const rng = new Random(31);
    for (const bpp of [1, 2, 3, 4]) {
      for (const width of [1, 2, 5, 51]) {
        const height = rng.between(1, 40);
        const stride = width * bpp;
        const raw = new Uint8Array(height * (stride + 1));
        for (let y = 0; y < height; y++) {
          raw[y * (stride + 1)] = y < 5 ? y : rng.between(0, 4); // every filter on row 0 too
          for (let x = 1; x <= stride; x++) raw[y * (stride + 1) + x] = rng.between(0, 255);
        }
        const png: OpaquePng = {
          width,
          height,
          colorType: 2,
          depth: 8,
          idat: [deflateSync(raw)],
          stride,
          bpp,
        };
        const [wasm, ts] = rowsBothWays(png);
        expect(ts).not.toBeNull();
        expect(Buffer.compare(wasm!, ts!), `bpp ${bpp}, width ${width}`).toBe(0);
        // Split over several IDAT chunks, the same stream.
        const stream = png.idat[0];
        const cut = [0, 1, stream.length >> 1, stream.length];
        const split = { ...png, idat: cut.slice(1).map((c, i) => stream.subarray(cut[i], c)) };
        expect(Buffer.compare(rowsBothWays(split)[0]!, ts!)).toBe(0);
      }
    }
  });

  it('the kernels refuse a picture larger than their 32-bit memory, before touching it', () => {
    // 40,000 rows of 120,000 bytes: 4.8 GB, past what 32-bit addresses reach.
    expect(() => loadPngRows([deflateSync(new Uint8Array(8))], 40000, 120000, 3)).toThrow(
      RangeError,
    );
  });

  it('both refuse an unknown filter and a stream of the wrong length', () => {
    const raw = new Uint8Array([0, 1, 2, 3, 5, 4, 5, 6]); // row 1's filter byte is 5
    const png: OpaquePng = {
      width: 1,
      height: 2,
      colorType: 2,
      depth: 8,
      idat: [deflateSync(raw)],
      stride: 3,
      bpp: 3,
    };
    expect(rowsBothWays(png)).toEqual([null, null]);
    const long = { ...png, idat: [deflateSync(new Uint8Array(9))] };
    expect(rowsBothWays(long)).toEqual([null, null]);
    const short = { ...png, idat: [deflateSync(new Uint8Array(7))] };
    expect(rowsBothWays(short)).toEqual([null, null]);
  });
});
