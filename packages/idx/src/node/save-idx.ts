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
  const raw = encodeIdx(tensor);
  // Bytes (type code 0x08: pictures, labels) have long runs: zlib's run-length strategy.
  const bytes = path.endsWith('.gz') ? await gzip(raw, { runs: raw[2] === 0x08 }) : raw;
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(dirname(path), { recursive: true });
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(bytes);
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
