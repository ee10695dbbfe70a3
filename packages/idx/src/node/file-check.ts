import type { DatasetFile } from '../datasets/registry.js';
import { digestFile, type FileDigest } from './file-digest.js';

/**
 * The verdict on one file: `ok` (identity proven), `mismatch` (wrong size, hash or corrupt gzip),
 * `unverifiable` (the size fits but nothing can prove the content: a decompressed file of a dataset
 * with no reference SHA-256, i.e. MNIST), `unreadable` (the file cannot be read at all).
 */
export type CheckStatus = 'ok' | 'mismatch' | 'unverifiable' | 'unreadable';

/** The reference values a file is checked against (from the dataset spec). */
export interface ExpectedDigest {
  rawBytes: number;
  rawSha256?: string;
  gzMd5: string;
}

/** The result of checking one file against its spec. */
export interface FileCheck {
  status: CheckStatus;
  expected: ExpectedDigest;
  /** What the file hashed to; absent when it could not be read or decompressed. */
  actual?: FileDigest;
  /** True when the stored bytes are the official .gz, byte for byte (MD5 match). */
  officialBytes?: boolean;
  /** One sentence for people: what matched, what differed and by how much. */
  detail: string;
}

/** The reference values of a spec file. */
export function expectedDigest(file: DatasetFile): ExpectedDigest {
  return {
    rawBytes: file.rawBytes,
    gzMd5: file.gzMd5,
    ...(file.rawSha256 ? { rawSha256: file.rawSha256 } : {}),
  };
}

/**
 * Judges a digest against the spec. Identity is the SHA-256 of the decompressed bytes when the spec
 * has one (a re-compressed copy such as Debian's is then fine, its MD5 only informs); without it
 * (MNIST) the MD5 of the official .gz is the identity, so only a byte-identical .gz can pass.
 */
export function judgeDigest(file: DatasetFile, actual: FileDigest): FileCheck {
  const expected = expectedDigest(file);
  const officialBytes = actual.gzMd5 === undefined ? false : actual.gzMd5 === file.gzMd5;
  const verdict = (status: CheckStatus, detail: string): FileCheck => ({
    status,
    expected,
    actual,
    officialBytes,
    detail,
  });
  if (actual.rawBytes !== file.rawBytes)
    return verdict(
      'mismatch',
      `decompressed size is ${actual.rawBytes} bytes, expected ${file.rawBytes}.`,
    );
  if (file.rawSha256) {
    if (actual.rawSha256 !== file.rawSha256)
      return verdict(
        'mismatch',
        `SHA-256 of the decompressed bytes is ${actual.rawSha256}, expected ${file.rawSha256}.`,
      );
    if (!actual.gzip) return verdict('ok', 'decompressed file; SHA-256 matches.');
    return verdict(
      'ok',
      officialBytes
        ? 'SHA-256 of the content matches; the .gz is the official file (MD5 matches).'
        : `SHA-256 of the content matches; the .gz is a re-compressed copy (MD5 ${actual.gzMd5}, official ${file.gzMd5}), which is fine.`,
    );
  }
  if (!actual.gzip)
    return verdict(
      'unverifiable',
      'decompressed file of the right size, but there is no reference SHA-256 for its content ' +
        '(only the official .gz MD5 is known): keep the .gz to make it verifiable.',
    );
  if (!officialBytes)
    return verdict('mismatch', `MD5 of the .gz is ${actual.gzMd5}, expected ${file.gzMd5}.`);
  return verdict('ok', 'MD5 of the .gz matches the official file.');
}

/** Hashes and judges the file at `path`; never throws for a bad file, it says so in the result. */
export async function checkFile(file: DatasetFile, path: string): Promise<FileCheck> {
  let actual: FileDigest;
  try {
    actual = await digestFile(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const expected = expectedDigest(file);
    if (err.code?.startsWith('Z_') || /unexpected end of file|incorrect header/i.test(err.message))
      return {
        status: 'mismatch',
        expected,
        detail: `corrupt or truncated gzip data (${err.message}).`,
      };
    return { status: 'unreadable', expected, detail: `cannot read the file (${err.message}).` };
  }
  return judgeDigest(file, actual);
}
