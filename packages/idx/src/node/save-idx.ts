import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { gzip } from '#platform';
import { encodeIdx, type IdxTensorInput } from '../codec/encode-idx.js';
import { DataError } from '../datasets/data-error.js';

/**
 * Writes a tensor as an IDX file, gzip-compressed when `path` ends with `.gz`. The bytes go to a
 * temporary file in the same folder, flushed, then renamed over `path`: a reader (or a crash) sees
 * the old file or the complete new one, never half of it. Creates the folder if needed.
 */
export async function saveIdx(path: string, tensor: IdxTensorInput): Promise<void> {
  await writeFileAtomic(path, await idxFileOfEncoding(path, encodeIdx(tensor)));
}

/**
 * The file {@link saveIdx} writes for `path` from an IDX encoding `raw` (as `encodeIdx` makes
 * them; a caller may fill in the data of one it made with zeros): for a `.gz` path its gzip, made
 * on libuv's threads (byte tensors, pictures and labels, with zlib's run-length strategy), else
 * `raw` itself.
 */
export function idxFileOfEncoding(path: string, raw: Uint8Array): Promise<Uint8Array> {
  // Bytes (type code 0x08: pictures, labels) have long runs: zlib's run-length strategy.
  return path.endsWith('.gz') ? gzip(raw, { runs: raw[2] === 0x08 }) : Promise.resolve(raw);
}

/**
 * Writes `data` to `path` atomically: a temporary file in the same folder, flushed, renamed over
 * `path`. Creates the folder if needed; on failure removes the temporary file and throws a
 * `DataError` ('io').
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(dirname(path), { recursive: true });
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => {}); // best effort: the folder may not exist
    throw new DataError('io', `${path}: cannot write (${(e as Error).message}).`, path);
  }
}
