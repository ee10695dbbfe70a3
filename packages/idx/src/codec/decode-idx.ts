import { gunzip } from '#platform';
import { IdxFormatError } from './idx-format-error.js';
import type { IdxTensor } from './idx-types.js';
import { parseIdx } from './parse-idx.js';

/** True when `bytes` start with the gzip magic 1f 8b (how gzip is detected: never by file name alone). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decodes IDX bytes, gzip-compressed or raw (detected from the magic bytes). `file` only names the
 * source in error messages. Throws {@link IdxFormatError} for every fault, including corrupt gzip.
 */
export async function decodeIdx(bytes: Uint8Array, file?: string): Promise<IdxTensor> {
  return parseIdx(isGzip(bytes) ? await gunzipOrFail(bytes, file) : bytes, file);
}

/** Decompresses gzip bytes, turning the platform's error into an {@link IdxFormatError}. */
export async function gunzipOrFail(bytes: Uint8Array, file?: string): Promise<Uint8Array> {
  try {
    return await gunzip(bytes);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new IdxFormatError(
      'corrupt-gzip',
      `corrupt or truncated gzip data (${why}). Re-download the file (fmnist data fetch).`,
      file,
    );
  }
}
