// Node byte source and gzip, swapped for ./browser.ts by the "#platform" import condition.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { DataError } from '../datasets/data-error.js';
import type { DatasetSpec, Split } from '../datasets/registry.js';
import { fetchDataset } from '../node/fetch-dataset.js';
import { findSplit, notFoundError, type LocateOptions } from '../node/locate.js';
import { fetchBytes } from './fetch-bytes.js';

const gunzipAsync = promisify(zlib.gunzip);
const gzipAsync = promisify(zlib.gzip);

/** Decompresses gzip on libuv's thread pool (so images and labels inflate in parallel). */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const out = await gunzipAsync(bytes);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** Compresses with gzip (level 6, zlib's default). */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const out = await gzipAsync(bytes);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

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
