import { join } from 'node:path';
import type { DatasetFile, DatasetSpec, Split } from '../datasets/registry.js';
import { checkFile, expectedDigest, type CheckStatus, type FileCheck } from './file-check.js';
import { fileIn, findSplit, searchPath, type FoundBy } from './locate.js';

/** Options of {@link verifyDataset}: the same search as the loaders. */
export interface VerifyOptions {
  /** A folder searched instead of the usual path (as `loadFashionMnist({ dataDir })`). */
  dataDir?: string;
  /** Environment for `FMNIST_DATA` and the user cache; default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** The verdict on one of a dataset's files, where the loaders would find it. */
export interface FileVerification extends Omit<FileCheck, 'status'> {
  name: string;
  split: Split;
  /** The file checked; absent when missing. */
  path?: string;
  foundBy?: FoundBy;
  status: CheckStatus | 'missing';
}

/** {@link verifyDataset}'s answer: one entry per file, `ok` when every file is `ok`. */
export interface VerifyReport {
  dataset: DatasetSpec['name'];
  ok: boolean;
  files: FileVerification[];
}

/**
 * Checks the files the loaders would read: for each split, the folder `findSplit` picks (or, when
 * no folder holds both files, the first one holding each file). Hashes stream (SHA-256 of the
 * decompressed bytes, MD5 of a .gz) and the four files are checked in parallel. Never throws for a
 * bad or missing file: the report says which, what was expected and what was found.
 */
export async function verifyDataset(
  spec: DatasetSpec,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const candidates = searchPath(spec, options);
  const located = (file: DatasetFile): { path: string; foundBy: FoundBy } | undefined => {
    const split = findSplit(spec, file.split, options);
    if (split)
      return { path: file.kind === 'images' ? split.images : split.labels, foundBy: split.foundBy };
    for (const c of candidates) {
      const path = fileIn(c.dir, file);
      if (path) return { path, foundBy: c.foundBy };
    }
    return undefined;
  };
  const files = await Promise.all(
    spec.files.map(async (file): Promise<FileVerification> => {
      const where = located(file);
      const base = { name: file.name, split: file.split };
      if (!where)
        return {
          ...base,
          status: 'missing',
          expected: expectedDigest(file),
          detail: `not found in ${candidates.map((c) => join(c.dir, file.name)).join(', ')}.`,
        };
      return { ...base, ...where, ...(await checkFile(file, where.path)) };
    }),
  );
  return { dataset: spec.name, ok: files.every((f) => f.status === 'ok'), files };
}
