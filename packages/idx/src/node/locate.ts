import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataError } from '../datasets/data-error.js';
import {
  splitFiles,
  type DatasetFile,
  type DatasetSpec,
  type Split,
} from '../datasets/registry.js';
import { userCacheDir } from './cache-dir.js';

/** How a dataset folder was found, in search order. */
export type FoundBy = 'explicit' | 'env' | 'cache' | 'debian' | 'download';

/** A folder that holds a dataset's files. */
export interface Candidate {
  dir: string;
  foundBy: FoundBy;
}

/** Options of the search: an explicit folder, the environment (for tests), and whether to download. */
export interface LocateOptions {
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  download?: boolean;
}

/**
 * The path of a dataset file inside `dir`: the official `.gz` name, or the same name decompressed
 * (as torchvision and many users keep them). Undefined when neither exists.
 */
export function fileIn(dir: string, file: DatasetFile): string | undefined {
  for (const name of [file.name, file.name.replace(/\.gz$/, '')]) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/**
 * The folders searched, in order: explicit `dataDir` → `$FMNIST_DATA` (`<FMNIST_DATA>/<dataset>`
 * or `FMNIST_DATA` itself) → the user cache → Debian's packaged copy.
 */
export function searchPath(spec: DatasetSpec, options: LocateOptions = {}): Candidate[] {
  const env = options.env ?? process.env;
  const out: Candidate[] = [];
  if (options.dataDir) return [{ dir: resolve(options.dataDir), foundBy: 'explicit' }];
  if (env.FMNIST_DATA) {
    out.push({ dir: resolve(env.FMNIST_DATA, spec.name), foundBy: 'env' });
    out.push({ dir: resolve(env.FMNIST_DATA), foundBy: 'env' });
  }
  out.push({ dir: join(userCacheDir(env), spec.name), foundBy: 'cache' });
  if (spec.debianDir) out.push({ dir: spec.debianDir, foundBy: 'debian' });
  return out;
}

/** The first folder of the search path holding both files of `split`, or undefined. */
export function findSplit(spec: DatasetSpec, split: Split, options: LocateOptions = {}) {
  const { images, labels } = splitFiles(spec, split);
  for (const c of searchPath(spec, options)) {
    const imagesPath = fileIn(c.dir, images);
    const labelsPath = fileIn(c.dir, labels);
    if (imagesPath && labelsPath)
      return { images: imagesPath, labels: labelsPath, source: c.dir, foundBy: c.foundBy };
  }
  return undefined;
}

/** The error for a dataset found nowhere: lists where it looked and how to get it. */
export function notFoundError(
  spec: DatasetSpec,
  split: Split,
  options: LocateOptions = {},
): DataError {
  const looked = searchPath(spec, options)
    .map((c) => `  ${c.dir} (${c.foundBy})`)
    .join('\n');
  const debian = spec.debianDir ? `, or \`apt-get install dataset-fashion-mnist\`` : '';
  return new DataError(
    'not-found',
    `${spec.title} ${split} files not found. Looked in:\n${looked}\n` +
      `Run \`fmnist data fetch --dataset ${spec.name}\`${debian}, set FMNIST_DATA, or pass { download: true }.`,
  );
}
