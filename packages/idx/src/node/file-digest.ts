import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** What a dataset file on disk hashes to. */
export interface FileDigest {
  /** True when the file starts with the gzip magic 1f 8b (never decided by the name). */
  gzip: boolean;
  /** Size of the file as stored. */
  fileBytes: number;
  /** Size once decompressed (= `fileBytes` for a raw file). */
  rawBytes: number;
  /** SHA-256 of the decompressed bytes, lower-case hex. */
  rawSha256: string;
  /** MD5 of the stored (compressed) bytes; only for gzip files. */
  gzMd5?: string;
}

// 1 MiB reads: big enough that per-chunk overhead vanishes next to hashing and inflating.
const CHUNK = 1 << 20;

/**
 * Hashes a file in one streaming pass: the MD5 of the stored bytes (gzip only) and the SHA-256 and
 * size of the decompressed bytes. Memory stays at a few chunks whatever the file size. Rejects
 * with zlib's error for corrupt or truncated gzip data.
 */
export async function digestFile(path: string): Promise<FileDigest> {
  const gzip = await startsWithGzipMagic(path);
  const sha = createHash('sha256');
  const md5 = gzip ? createHash('md5') : undefined;
  let fileBytes = 0;
  let rawBytes = 0;
  const stored = async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      fileBytes += chunk.length;
      md5?.update(chunk);
      yield chunk;
    }
  };
  const raw = async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      rawBytes += chunk.length;
      sha.update(chunk);
    }
  };
  const input = createReadStream(path, { highWaterMark: CHUNK });
  if (gzip) await pipeline(input, stored, createGunzip({ chunkSize: CHUNK }), raw);
  else await pipeline(input, stored, raw);
  return {
    gzip,
    fileBytes,
    rawBytes,
    rawSha256: sha.digest('hex'),
    ...(md5 ? { gzMd5: md5.digest('hex') } : {}),
  };
}

async function startsWithGzipMagic(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await fh.close();
  }
}
