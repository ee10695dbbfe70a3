import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DataError } from '../datasets/data-error.js';
import type { DatasetFile, DatasetSpec } from '../datasets/registry.js';
import { userCacheDir } from './cache-dir.js';
import { checkFile, type FileCheck } from './file-check.js';
import { DownloadError, downloadWithResume, type SourceFault } from './http-download.js';
import { fileIn } from './locate.js';
import type { FetchEvent } from './progress.js';
import { demotes, SourceHealth } from './source-health.js';

/** Options of {@link fetchDataset}. */
export interface FetchOptions {
  /** Target folder (created if needed); default `<user cache>/<dataset>`. */
  dir?: string;
  /** Extra base URLs, tried before the spec's own (official first, then its mirrors). */
  mirrors?: string[];
  /** Use `mirrors` only, never the spec's URLs (an internal mirror, a network that blocks the official hosts). */
  mirrorsOnly?: boolean;
  /** Re-download even when a verified copy exists. */
  force?: boolean;
  /** Progress events; the library prints nothing itself (see `createProgressReporter`). */
  onProgress?: (event: FetchEvent) => void;
  /** Retries on the same source for flaky faults (reset, truncation, 408/429/5xx); default 4. */
  retries?: number;
  /** First back-off delay, doubled after each retry; default 500 ms. */
  retryDelayMs?: number;
  /** Longest wait for a response (connect, TLS, the server's first byte); default 10 s. */
  connectTimeoutMs?: number;
  /** Longest silence tolerated between two chunks of a body; default 20 s. */
  idleTimeoutMs?: number;
  /** Files downloaded at once; default 4 (all of a dataset). */
  concurrency?: number;
  /** Environment for the default folder (`XDG_CACHE_HOME`); default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * The defaults of {@link FetchOptions}. A server that has not answered in 10 s is as good as dead
 * (a live one answers in well under a second); 20 s without a byte mid-body likewise, while a slow
 * but live link is never cut off, however long the whole file takes.
 */
export const FETCH_DEFAULTS = {
  retries: 4,
  retryDelayMs: 500,
  connectTimeoutMs: 10_000,
  idleTimeoutMs: 20_000,
  concurrency: 4,
} as const;

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

/** A file no source delivered, and why. */
export interface FailedFile {
  name: string;
  /** `checksum` when some source served wrong bytes for it, else `download`. */
  error: DataError;
}

/**
 * {@link fetchDataset}'s failure when some files could not be fetched: the files that were
 * (verified, under their final names) are in `report`, the others in `failed`. `code` is
 * `checksum` when any source served wrong bytes (the alarming case), else `download`.
 */
export class FetchError extends DataError {
  constructor(
    message: string,
    readonly report: FetchReport,
    readonly failed: FailedFile[],
  ) {
    super(
      failed.some((f) => f.error.code === 'checksum') ? 'checksum' : 'download',
      message,
      failed[0]?.name,
    );
  }
}

/**
 * Downloads every file of `spec` into `dir`, verified, and returns what it did. Files already
 * present and verified are kept (unless `force`). Up to `concurrency` files download at once.
 * Each is written to `<name>.part`, resumed across attempts, sources and runs, and renamed to its
 * final name only once its content is proven (raw SHA-256 and size, or the .gz MD5 where the spec
 * has no SHA-256), so nothing corrupt ever sits under a final name.
 *
 * Sources are tried in order; a file that one source cannot deliver goes to the next. A source
 * that is silent (no response within `connectTimeoutMs`, no byte within `idleTimeoutMs`),
 * unreachable, or still failing after its retries is demoted for the rest of the run (see
 * {@link SourceHealth}) and reported once; only resets and such are retried on the same source.
 * A file that fails does not stop the others: those verified are kept, and a {@link FetchError}
 * then lists, for each missing file, what every source did.
 */
export async function fetchDataset(
  spec: DatasetSpec,
  options: FetchOptions = {},
): Promise<FetchReport> {
  const dir = resolve(options.dir ?? join(userCacheDir(options.env), spec.name));
  const concurrency = options.concurrency ?? FETCH_DEFAULTS.concurrency;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new DataError(
      'bad-option',
      `concurrency must be a whole number ≥ 1, got ${concurrency}.`,
    );
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new DataError(
      'io',
      `cannot create the data folder ${dir} (${(e as Error).message}). Choose another one with --data-dir or FMNIST_DATA.`,
    );
  }
  const own = options.mirrorsOnly ? [] : spec.urls;
  const hrefs = [...(options.mirrors ?? []), ...own].map((u) => asBaseUrl(u).href);
  const sources = [...new Set(hrefs)].map((h) => new URL(h));
  if (sources.length === 0)
    throw new DataError(
      'bad-option',
      options.mirrorsOnly
        ? `${spec.title}: only mirrors were asked for, and none was given (--mirror URL).`
        : `${spec.title}: no download URL (spec.urls and mirrors).`,
    );
  const run: Run = { spec, dir, options, health: new SourceHealth(sources) };
  const settled = await mapSettled(spec.files, concurrency, (file) => fetchFile(run, file));

  const files: FetchedFile[] = [];
  const failed: FailedFile[] = [];
  settled.forEach((s, i) => {
    if (s.status === 'fulfilled') files.push(s.value);
    else if (isSourceFailure(s.reason)) failed.push({ name: spec.files[i].name, error: s.reason });
  });
  // A local fault (disk full, no permission) or a bug: that is the error to see, not its effects.
  const other = settled.find((s) => s.status === 'rejected' && !isSourceFailure(s.reason));
  if (other) throw (other as PromiseRejectedResult).reason;
  const report = { dir, files };
  if (failed.length > 0) throw new FetchError(failureMessage(run, report, failed), report, failed);
  return report;
}

/** What one run shares between its files. */
interface Run {
  spec: DatasetSpec;
  dir: string;
  options: FetchOptions;
  health: SourceHealth;
}

function isSourceFailure(e: unknown): e is DataError {
  return e instanceof DataError && (e.code === 'download' || e.code === 'checksum');
}

/** How one source did for one file. */
type Outcome =
  | { kind: 'ok'; fetched: FetchedFile }
  | { kind: 'fault'; error: DownloadError }
  | { kind: 'wrong'; message: string };

async function fetchFile(run: Run, file: DatasetFile): Promise<FetchedFile> {
  const { dir, options, health } = run;
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

  const outcomes: string[] = [];
  let wrongBytes = false;
  const tried = new Set<string>();
  const secondChance = new Set<string>();
  for (let base = health.next(tried); base;) {
    tried.add(base.href);
    const outcome = await fromSource(run, file, base, corrupt);
    if (outcome.kind === 'ok') return outcome.fetched;
    let next = health.next(tried);
    const then = next ? 'trying the next source' : 'no source left';
    if (outcome.kind === 'wrong') {
      wrongBytes = true;
      outcomes.push(outcome.message);
      notice(`${outcome.message}; ${then}`);
      base = next;
      continue;
    }
    const e = outcome.error;
    outcomes.push(e.message);
    if (!demotes(e.fault)) {
      notice(`${e.message}; ${then}`);
      base = next;
      continue;
    }
    // Named once per run: the files that meet a demoted source again fail on it quietly.
    if (health.demote(base, { fault: e.fault, reason: e.message }))
      emit({
        type: 'demoted',
        file: file.name,
        source: base.href,
        fault: e.fault,
        message: demotionMessage(base, file, e, next !== undefined),
      });
    // A silent or unreachable source gets one more try, but only when nothing else is left (the
    // only source there is may just have had a bad moment), and no more once such a try failed.
    if (secondChance.has(base.href)) health.confirm(base);
    else if (!next && e.fault !== 'flaky' && !health.demotion(base)?.confirmed) {
      secondChance.add(base.href);
      const delay = options.retryDelayMs ?? FETCH_DEFAULTS.retryDelayMs;
      notice(`no other source left: one more try of ${base.href} in ${delay} ms`);
      await new Promise((r) => setTimeout(r, delay));
      next = base;
    }
    base = next;
  }
  throw new DataError(
    wrongBytes ? 'checksum' : 'download',
    `${file.name}: no source gave a verified copy.\n` + outcomes.map((o) => `  - ${o}`).join('\n'),
    file.name,
  );
}

/** Downloads `file` from `base` and verifies it; on success it is under its final name. */
async function fromSource(
  run: Run,
  file: DatasetFile,
  base: URL,
  corrupt: string | undefined,
): Promise<Outcome> {
  const { dir, options } = run;
  const emit = options.onProgress ?? (() => {});
  const part = join(dir, `${file.name}.part`);
  const url = new URL(file.name, base);
  // Second pass only after a resumed download failed its check: the resumed bytes may have come
  // from another source (or an older run) with other bytes, so try once more from byte 0.
  for (let pass = 0; ; pass++) {
    const started = performance.now();
    let result;
    try {
      result = await downloadWithResume(url, part, {
        file: file.name,
        retries: options.retries ?? FETCH_DEFAULTS.retries,
        retryDelayMs: options.retryDelayMs ?? FETCH_DEFAULTS.retryDelayMs,
        connectTimeoutMs: options.connectTimeoutMs ?? FETCH_DEFAULTS.connectTimeoutMs,
        idleTimeoutMs: options.idleTimeoutMs ?? FETCH_DEFAULTS.idleTimeoutMs,
        onEvent: emit,
      });
    } catch (e) {
      if (e instanceof DownloadError) return { kind: 'fault', error: e };
      throw e;
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
      const bytes = check.actual!.fileBytes;
      emit({ type: 'done', file: file.name, url: url.href, path, bytes, seconds });
      const fetched: FetchedFile = {
        name: file.name,
        path,
        status: 'downloaded',
        url: url.href,
        check,
        ...(corrupt ? { replaced: corrupt } : {}),
      };
      return { kind: 'ok', fetched };
    }
    await rm(part, { force: true });
    if (result.resumed && pass === 0) {
      emit({
        type: 'notice',
        file: file.name,
        message: `${url.href}: resumed download failed its check (${check.detail}); downloading again from byte 0`,
      });
      continue;
    }
    // A login, error or parking page served with 200 is common enough to be named as such.
    const detail = check.detail.replace(/\.$/, '');
    const what = /html/i.test(result.contentType ?? '')
      ? `served an HTML page (Content-Type ${result.contentType}), not the file`
      : check.status === 'unverifiable'
        ? `served bytes that cannot be verified (${detail})`
        : `served wrong bytes: ${detail}`;
    return { kind: 'wrong', message: `${url.href} ${what}` };
  }
}

/** The one notice about a demoted source: what happened, what it means, what to do. */
function demotionMessage(base: URL, file: DatasetFile, e: DownloadError, more: boolean): string {
  const advice: Record<SourceFault, string> = {
    silent:
      'drop it from --mirror if you passed it; if your link is only slow, raise --timeout (no response) or --idle-timeout (no data mid-file).',
    unreachable:
      'check the URL and your connection or proxy; drop it from --mirror if you passed it.',
    flaky: 'it failed through every retry; try it again later.',
    missing: '',
  };
  const rest = more ? 'the other files go to the next source first' : 'no other source is left';
  return `${base.href}: ${e.reason} on ${file.name}. Set aside for the rest of this run; ${rest}. What to do: ${advice[e.fault]}`;
}

/** The final error: what is kept, what failed and from which sources, and what to do. */
function failureMessage(run: Run, report: FetchReport, failed: FailedFile[]): string {
  const { spec, dir } = run;
  const n = spec.files.length;
  const kept =
    report.files.length === 0
      ? `none of its ${n} files could be fetched`
      : `${failed.length} of its ${n} files could not be fetched (the other ${report.files.length} are verified in ${dir})`;
  const todo = failed.some((f) => f.error.code === 'checksum')
    ? 'pass a mirror with a good copy (--mirror URL)'
    : 'check your connection or proxy and run the command again (a partial download resumes ' +
      'from its .part), or pass a working mirror (--mirror URL)';
  return (
    `${spec.title}: ${kept}.\n` +
    failed.map((f) => f.error.message).join('\n') +
    `\nNothing unverified was saved under a final name. What to do: ${todo}, or copy the files ` +
    `into ${dir} yourself` +
    (spec.debianDir ? ' (or `apt-get install dataset-fashion-mnist`).' : '.')
  );
}

/** Runs `fn` on every item, at most `limit` at once, in order; settles like `Promise.allSettled`. */
async function mapSettled<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const out = new Array<PromiseSettledResult<R>>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++)
      out[i] = await fn(items[i]).then(
        (value) => ({ status: 'fulfilled', value }),
        (reason: unknown) => ({ status: 'rejected', reason }),
      );
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
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
