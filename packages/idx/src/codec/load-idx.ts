import { readBytes } from '#platform';
import { decodeIdx } from './decode-idx.js';
import type { IdxTensor } from './idx-types.js';

/**
 * Reads and decodes an IDX file from a path or URL (Node: path, file: or http(s) URL; browser: URL).
 * gzip is detected from the bytes, so `.gz` and raw files both work whatever their names.
 */
export async function loadIdx(pathOrUrl: string | URL): Promise<IdxTensor> {
  return decodeIdx(await readBytes(pathOrUrl), String(pathOrUrl));
}
