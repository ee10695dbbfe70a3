// Large inputs are gzipped in parallel pieces (src/platform/node.ts); the result must be one
// ordinary gzip member that every reader takes: Node's zlib, the browser's DecompressionStream and
// Debian's gzip.
import { execFileSync } from 'node:child_process';
import { gunzipSync, gzipSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as browser from '../../src/platform/browser.js';
import { GZIP_PIECE, gzip } from '../../src/platform/node.js';

/** Bytes like pictures: runs of a background with noisy patches, so deflate has work. */
function pictureLike(length: number, seed: number): Uint8Array {
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) >>> 24; // LCG, top byte
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = next() < 154 ? 0 : next();
  return out;
}

describe('node gzip', () => {
  it.each([
    ['under two pieces: plain gzip', GZIP_PIECE + 17],
    ['two pieces', 2 * GZIP_PIECE],
    ['several pieces and a short last one', 3 * GZIP_PIECE + 5],
  ])('%s: one gzip member every reader decodes', async (_, length) => {
    const data = pictureLike(length, length);
    const z = await gzip(data);
    expect([...z.subarray(0, 3)]).toEqual([0x1f, 0x8b, 8]);
    expect(Buffer.compare(gunzipSync(z), data)).toBe(0);
    expect(Buffer.compare(Buffer.from(await browser.gunzip(z)), data)).toBe(0);
    expect(
      Buffer.compare(execFileSync('gzip', ['-dc'], { input: z, maxBuffer: 1 << 26 }), data),
    ).toBe(0);
    // A single deflate stream that ends exactly where the 8-byte trailer starts.
    expect(inflateRawSync(z.subarray(10, z.length - 8)).length).toBe(length);
    // Pieces lose little: within 1 % of one-stream gzip.
    expect(z.length).toBeLessThan(1.01 * gzipSync(data).length);
    // The run-length strategy (for pictures and labels) makes a stream every reader takes too.
    const runs = await gzip(data, { runs: true });
    expect(Buffer.compare(gunzipSync(runs), data)).toBe(0);
    expect(
      Buffer.compare(execFileSync('gzip', ['-dc'], { input: runs, maxBuffer: 1 << 26 }), data),
    ).toBe(0);
    expect(inflateRawSync(runs.subarray(10, runs.length - 8)).length).toBe(length);
  });
});
