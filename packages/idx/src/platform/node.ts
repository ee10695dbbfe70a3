// Node byte source and gzip, swapped for ./browser.ts by the "#platform" import condition.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { DataError } from '../datasets/data-error.js';
import type { DatasetSpec, Split } from '../datasets/registry.js';
import type { GzipOptions } from './platform.js';
import { fetchDataset } from '../node/fetch-dataset.js';
import { findSplit, notFoundError, type LocateOptions } from '../node/locate.js';
import { fetchBytes } from './fetch-bytes.js';

const gunzipAsync = promisify(zlib.gunzip);
const gzipAsync = promisify(
  (data: Uint8Array, options: zlib.ZlibOptions, done: (e: Error | null, r: Buffer) => void) =>
    zlib.gzip(data, options, done),
);

/** Decompresses gzip on libuv's thread pool (so images and labels inflate in parallel). */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const out = await gunzipAsync(bytes);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** Inputs of at least two pieces are compressed in pieces of this size, in parallel. */
export const GZIP_PIECE = 1 << 20;

/**
 * Compresses with gzip (level 6, zlib's default; `runs`: its run-length strategy). Inputs of
 * 2 MiB or more are cut into 1 MiB pieces deflated at once on libuv's threads, as pigz does: every
 * piece but the last ends with a sync flush (an empty stored block, so the next starts on a byte
 * boundary) and the pieces, one after the other, are one deflate stream in one gzip member,
 * readable by every gunzip. Each piece starts without the previous 32 KiB as history, which costs
 * a few hundred bytes a piece.
 */
export async function gzip(bytes: Uint8Array, options: GzipOptions = {}): Promise<Uint8Array> {
  const settings: zlib.ZlibOptions = {
    level: 6,
    strategy: options.runs ? zlib.constants.Z_RLE : zlib.constants.Z_DEFAULT_STRATEGY,
    // zlib's largest state: fewer, longer blocks (−15 % time, +0.1 % size on pictures).
    memLevel: 9,
    // Output in one chunk where it fits: each chunk is a round trip to this thread (default 16 KiB).
    chunkSize: Math.min(GZIP_PIECE, Math.max(bytes.length + 1024, zlib.constants.Z_MIN_CHUNK)),
  };
  if (bytes.length < 2 * GZIP_PIECE) {
    const out = await gzipAsync(bytes, settings);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  }
  const count = Math.ceil(bytes.length / GZIP_PIECE);
  const pieces = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      deflateRawAsync(bytes.subarray(i * GZIP_PIECE, (i + 1) * GZIP_PIECE), {
        ...settings,
        finishFlush: i < count - 1 ? zlib.constants.Z_SYNC_FLUSH : zlib.constants.Z_FINISH,
      }),
    ),
  );
  // RFC 1952: magic, deflate, no flags, no time, no extra flags, OS unknown; CRC-32 and size last.
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(zlib.crc32(bytes), 0);
  trailer.writeUInt32LE(bytes.length % 2 ** 32, 4);
  const out = Buffer.concat([header, ...pieces, trailer]);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

const deflateRawAsync = promisify(
  (data: Uint8Array, options: zlib.ZlibOptions, done: (e: Error | null, r: Buffer) => void) =>
    zlib.deflateRaw(data, options, done),
);

/** Reads a local path, a file: URL, or an http(s) URL. */
export async function readBytes(source: string | URL): Promise<Uint8Array> {
  const url =
    typeof source === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(source)
      ? new URL(source)
      : source;
  if (url instanceof URL && url.protocol !== 'file:') return fetchBytes(url);
  const path = url instanceof URL ? fileURLToPath(url) : url;
  try {
    const b = await readFile(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new DataError(
        'not-found',
        `${path}: no such file. Check the path, or run \`fmnist data fetch\`.`,
        path,
      );
    if (code === 'EISDIR')
      throw new DataError('io', `${path} is a directory, not an IDX file.`, path);
    throw new DataError('io', `${path}: cannot read (${(e as Error).message}).`, path);
  }
}

/**
 * Finds a split's two files along the search path; with `download`, fetches the dataset into
 * `dataDir` (or the user cache) when no copy is found.
 */
export async function locateSplit(spec: DatasetSpec, split: Split, options: LocateOptions) {
  const found = findSplit(spec, split, options);
  if (found) return found;
  if (!options.download) throw notFoundError(spec, split, options);
  const report = await fetchDataset(spec, { dir: options.dataDir, env: options.env });
  const fetched = findSplit(spec, split, { dataDir: report.dir });
  if (!fetched) throw notFoundError(spec, split, options);
  return { ...fetched, foundBy: 'download' as const };
}
