import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DataError } from '../datasets/data-error.js';
import type { DatasetFile, DatasetSpec } from '../datasets/registry.js';
import { userCacheDir } from './cache-dir.js';
import { checkFile, type FileCheck } from './file-check.js';
import { downloadWithResume } from './http-download.js';
import { fileIn } from './locate.js';
import type { FetchEvent } from './progress.js';

/** Options of {@link fetchDataset}. */
export interface FetchOptions {
  /** Target folder (created if needed); default `<user cache>/<dataset>`. */
  dir?: string;
  /** Extra base URLs, tried before the spec's own (official first, then its mirrors). */
  mirrors?: string[];
  /** Re-download even when a verified copy exists. */
  force?: boolean;
  /** Progress events; the library prints nothing itself (see `createProgressReporter`). */
  onProgress?: (event: FetchEvent) => void;
  /** Retries per source for transient faults (network, 5xx, timeout, truncation); default 4. */
  retries?: number;
  /** First back-off delay, doubled after each retry; default 500 ms. */
  retryDelayMs?: number;
  /** Longest silence tolerated from a server (connect, headers, between chunks); default 30 s. */
  timeoutMs?: number;
  /** Environment for the default folder (`XDG_CACHE_HOME`); default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** What {@link fetchDataset} did for one file. */
export interface FetchedFile {
  name: string;
  /** The verified file (`.gz`, or the decompressed name when that is what was there or served). */
  path: string;
  status: 'downloaded' | 'present';
  /** The URL it came from (downloads only). */
  url?: string;
  /** The verification that let the file stand under its final name. */
  check: FileCheck;
  /** A corrupt copy that was found and replaced. */
  replaced?: string;
}

/** What {@link fetchDataset} did for each file. */
export interface FetchReport {
  dir: string;
  files: FetchedFile[];
}

/**
 * Downloads every file of `spec` into `dir`, verified, and returns what it did. Files already
 * present and verified are kept (unless `force`). Each file is written to `<name>.part`, resumed
 * across attempts and runs, and renamed to its final name only once its content is proven (raw
 * SHA-256 and size, or the .gz MD5 where the spec has no SHA-256), so nothing corrupt ever sits
 * under a final name. A source that fails or serves wrong bytes is reported and the next one is
 * tried; the {@link DataError} (`checksum` if any source served wrong bytes, else `download`) lists
 * what every source did.
 */
export async function fetchDataset(
  spec: DatasetSpec,
  options: FetchOptions = {},
): Promise<FetchReport> {
  const dir = resolve(options.dir ?? join(userCacheDir(options.env), spec.name));
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new DataError(
      'io',
      `cannot create the data folder ${dir} (${(e as Error).message}). Choose another one with --data-dir or FMNIST_DATA.`,
    );
  }
  const hrefs = [...(options.mirrors ?? []), ...spec.urls].map((u) => asBaseUrl(u).href);
  const sources = [...new Set(hrefs)].map((h) => new URL(h));
  if (sources.length === 0)
    throw new DataError('bad-option', `${spec.title}: no download URL (spec.urls and mirrors).`);
  const files: FetchedFile[] = [];
  // One file at a time: the big file gets the whole bandwidth and the progress line stays simple.
  for (const file of spec.files) files.push(await fetchFile(spec, file, dir, sources, options));
  return { dir, files };
}

async function fetchFile(
  spec: DatasetSpec,
  file: DatasetFile,
  dir: string,
  sources: URL[],
  options: FetchOptions,
): Promise<FetchedFile> {
  const emit = options.onProgress ?? (() => {});
  const notice = (message: string) => emit({ type: 'notice', file: file.name, message });
  let corrupt: string | undefined; // a bad copy under a final name, replaced once a good one is in
  const existing = fileIn(dir, file);
  if (existing && !options.force) {
    const check = await checkFile(file, existing);
    // A decompressed MNIST file cannot be proven (no reference SHA-256) but is the user's copy of
    // the right size: keep it and say so in the report rather than download it again each time.
    if (check.status === 'ok' || check.status === 'unverifiable') {
      emit({ type: 'present', file: file.name, path: existing, detail: check.detail });
      return { name: file.name, path: existing, status: 'present', check };
    }
    notice(`${existing} is ${check.status}: ${check.detail} Downloading a fresh copy.`);
    corrupt = existing;
  }

  const part = join(dir, `${file.name}.part`);
  const outcomes: string[] = [];
  let wrongBytes = false;
  for (const base of sources) {
    const url = new URL(file.name, base);
    // Second pass only after a resumed download failed its check: the resumed bytes may have come
    // from another source (or an older run) with other bytes, so try once more from byte 0.
    for (let pass = 0; pass < 2; pass++) {
      const started = performance.now();
      let resumed: boolean;
      try {
        ({ resumed } = await downloadWithResume(url, part, {
          file: file.name,
          retries: options.retries ?? 4,
          retryDelayMs: options.retryDelayMs ?? 500,
          timeoutMs: options.timeoutMs ?? 30_000,
          onEvent: emit,
        }));
      } catch (e) {
        if (!(e instanceof DataError) || e.code !== 'download') throw e;
        outcomes.push(e.message);
        notice(`${e.message}; ${next(base, sources)}`);
        break;
      }
      const check = await checkFile(file, part);
      if (check.status === 'ok') {
        const name = check.actual?.gzip === false ? file.name.replace(/\.gz$/, '') : file.name;
        const path = join(dir, name);
        try {
          await rename(part, path); // same folder: atomic, a reader sees the old file or the new one
        } catch (e) {
          throw new DataError(
            'io',
            `${path}: cannot move the verified download into place (${(e as Error).message}); it is kept as ${part}.`,
            file.name,
          );
        }
        if (corrupt && corrupt !== path) await rm(corrupt, { force: true });
        const seconds = (performance.now() - started) / 1000;
        emit({
          type: 'done',
          file: file.name,
          url: url.href,
          path,
          bytes: check.actual!.fileBytes,
          seconds,
        });
        return {
          name: file.name,
          path,
          status: 'downloaded',
          url: url.href,
          check,
          ...(corrupt ? { replaced: corrupt } : {}),
        };
      }
      await rm(part, { force: true });
      if (resumed && pass === 0) {
        notice(
          `${url.href}: resumed download failed its check (${check.detail}); downloading again from byte 0`,
        );
        continue;
      }
      wrongBytes = true;
      const what =
        check.status === 'unverifiable'
          ? `served bytes that cannot be verified (${check.detail})`
          : `served wrong bytes: ${check.detail}`;
      outcomes.push(`${url.href}: ${what}`);
      notice(`${url.href} ${what}; ${next(base, sources)}`);
      break;
    }
  }
  throw new DataError(
    wrongBytes ? 'checksum' : 'download',
    `${file.name}: no source gave a verified copy of ${spec.title}'s file.\n` +
      outcomes.map((o) => `  - ${o}`).join('\n') +
      `\nNothing was saved under ${join(dir, file.name)}. Check your connection or proxy, pass a ` +
      `working mirror (--mirror URL), or copy the files into ${dir} yourself` +
      (spec.debianDir ? ' (or `apt-get install dataset-fashion-mnist`).' : '.'),
    file.name,
  );
}

function next(base: URL, sources: URL[]): string {
  return base === sources[sources.length - 1] ? 'no source left' : 'trying the next source';
}

/** A base URL that ends with `/`, so that file names resolve inside it. */
function asBaseUrl(url: string): URL {
  try {
    return new URL(url.endsWith('/') ? url : `${url}/`);
  } catch {
    throw new DataError(
      'bad-option',
      `"${url}" is not a valid base URL (e.g. https://host/path/).`,
    );
  }
}
