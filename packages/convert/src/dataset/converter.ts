import {
  closeSync,
  existsSync,
  fstatSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
  writeSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import {
  convertImage,
  convertPng,
  convertRaw,
  type ConvertResult,
  type ResolvedPipelineOptions,
} from '../pipeline.js';
import type { RawImage } from '../raw-image.js';
import { decodeWithSharp } from '../steps/decode.js';
import type { Box } from '../steps/trim.js';
import { kernelModule } from '../kernels.js';
import { cacheKey, encodeLines, type CacheEntry } from './cache.js';

/** One picture's outcome: the result, or why it could not be converted. */
export type Outcome = { ok: true; result: ConvertResult } | { ok: false; error: string };

/** A picture to convert: its path, and its name in the resume log. */
export interface ConvertItem {
  path: string;
  name: string;
}

/**
 * What happened to one picture: its resume-log key, and either "already in the log" or the new
 * entry, with `logged` once its line is in the log (the thread that converted it appends it).
 */
export type ItemResult =
  | { key: string; cached: true }
  | { key: string; cached: false; entry: CacheEntry; name: string; logged?: boolean };

/** What a run needs to know about the resume log. */
export interface CacheView {
  /** True when the log already holds `key`. */
  has(key: string): boolean;
  /** Every key the log holds when the run starts (sent once to each worker). */
  keys(): string[];
  /**
   * The log's file descriptor, open for appending: workers append their lines to it themselves,
   * one write per batch (atomic with O_APPEND), so they need not cross to this thread.
   */
  readonly fd?: number;
}

/** Converts pictures in bulk; `close` releases its threads. */
export interface Converter {
  /**
   * Converts `items` (or finds them in `cache`), calling `onResult(index, result)` once per picture
   * as they finish, in any order. Stops starting new pictures once `signal` is aborted; finished
   * ones are still reported. Never rejects for a bad picture (that is an entry with an error).
   */
  run(
    items: readonly ConvertItem[],
    cache: CacheView,
    onResult: (index: number, result: ItemResult) => void,
    signal?: AbortSignal,
  ): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link createConverter}. */
export interface ConverterOptions {
  pipeline: ResolvedPipelineOptions;
  /** The pipeline's hash (`pipelineHash(pipeline)`), part of every cache key. */
  hash: string;
  /**
   * Threads that convert. 0 or 1 (default): the calling thread alone. N ≥ 2: the calling thread
   * and N − 1 worker threads, each reading, decoding and converting batches of pictures. The
   * calling thread converts its share between taking in the workers' answers (measured: one
   * worker less to start, and faster than N workers beside an idle caller).
   */
  workers?: number;
  /** Pictures per message to a worker; default: up to 64, fewer for small runs. */
  batchSize?: number;
}

const WORKER_URL = new URL('../../dist/dataset/convert-worker.js', import.meta.url);

/** Decodes (sharp) at most this many pictures at once per thread, on libuv's pool. */
const SHARP_IN_FLIGHT = 8;

/**
 * A converter on this thread or on a pool of worker threads (see {@link ConverterOptions}). The
 * workers start at once, so they load while the caller scans the input.
 */
export function createConverter(options: ConverterOptions): Converter {
  const workers = options.workers ?? 0;
  if (workers <= 1) return inlineConverter(options);
  if (!existsSync(WORKER_URL)) {
    throw new Error(
      `the conversion worker ${WORKER_URL.pathname} is missing: run \`npm run build\` first.`,
    );
  }
  return workerConverter(workers - 1, options);
}

/** Reads and converts one file; failures become an outcome, never an exception. */
export async function convertFile(
  path: string,
  pipeline: ResolvedPipelineOptions,
): Promise<Outcome> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    return { ok: false, error: `cannot read: ${(e as Error).message}` };
  }
  try {
    return { ok: true, result: await convertImage(bytes, pipeline) };
  } catch (e) {
    return { ok: false, error: `cannot decode: ${(e as Error).message}` };
  }
}

/**
 * One picture, start to end: opens it, keys it by the size and modification time of the open
 * file, and unless `isCached(key)` reads, decodes and converts it. Synchronous for what the PNG
 * fast path decodes; a promise only when sharp must decode (other formats, unusual PNGs).
 */
export function convertItem(
  item: ConvertItem,
  pipeline: ResolvedPipelineOptions,
  hash: string,
  isCached: (key: string) => boolean,
): ItemResult | Promise<ItemResult> {
  let fd: number;
  try {
    fd = openSync(item.path, 'r');
  } catch (e) {
    const info = tryStat(item.path);
    const key = cacheKey(item.path, info?.size ?? -1, info?.mtimeMs ?? -1, hash);
    if (isCached(key)) return { key, cached: true };
    return failed(key, item, `cannot read: ${(e as Error).message}`);
  }
  let key: string;
  let bytes: Buffer;
  try {
    const info = fstatSync(fd);
    key = cacheKey(item.path, info.size, info.mtimeMs, hash);
    if (isCached(key)) return { key, cached: true };
    try {
      bytes = readOpen(fd, info.size);
    } catch (e) {
      return failed(key, item, `cannot read: ${(e as Error).message}`);
    }
  } finally {
    closeSync(fd);
  }
  let fast: ConvertResult | null;
  try {
    fast = convertPng(bytes, pipeline);
  } catch {
    fast = null; // the fast path never throws on its own; sharp gets the last word anyway
  }
  if (fast) return entryOf(key, item, fast);
  // `bytes` may be the shared read buffer, which the next picture overwrites: sharp gets a copy.
  return decodeWithSharp(Buffer.from(bytes), { background: pipeline.background }).then(
    (decoded) => converted(key, item, decoded, pipeline),
    (e: Error) => failed(key, item, `cannot decode: ${e.message}`),
  );
}

function converted(
  key: string,
  item: ConvertItem,
  img: RawImage,
  pipeline: ResolvedPipelineOptions,
): ItemResult {
  let result: ConvertResult;
  try {
    result = convertRaw(img, pipeline);
  } catch (e) {
    return failed(key, item, `cannot decode: ${(e as Error).message}`);
  }
  return entryOf(key, item, result);
}

function entryOf(key: string, item: ConvertItem, result: ConvertResult): ItemResult {
  const { pixels, box, contrast, lowContrast } = result;
  const entry: CacheEntry = { pixels, box, contrast, lowContrast };
  return { key, cached: false, entry, name: item.name };
}

function failed(key: string, item: ConvertItem, error: string): ItemResult {
  const entry: CacheEntry = { error };
  return { key, cached: false, entry, name: item.name };
}

/**
 * Appends the log lines of `results` not yet logged to the log's descriptor `fd` in one write
 * (atomic with O_APPEND) and marks them logged. Without a descriptor, or when the write fails or
 * falls short, they stay unlogged and the main thread's buffered log writes them.
 */
export function appendLines(fd: number | undefined, results: ItemResult[]): void {
  if (fd === undefined) return;
  const lines = results.filter((r) => !r.cached && !r.logged) as LoggedResult[];
  if (lines.length === 0) return;
  const bytes = encodeLines(lines);
  try {
    if (writeSync(fd, bytes) !== bytes.length) return;
  } catch {
    return;
  }
  for (const r of lines) r.logged = true;
}

type LoggedResult = Extract<ItemResult, { cached: false }>;

let scratch = Buffer.allocUnsafeSlow(1 << 16);

/**
 * The contents of the open file `fd` of `size` bytes (its fstat size), as `readFileSync(fd)` reads
 * them (up to `size` bytes; a file fstat calls empty is read to its end), but without a second
 * fstat and, for files up to 16 MiB, into one reused buffer: valid until the next call.
 */
function readOpen(fd: number, size: number): Buffer {
  if (size === 0 || size > 1 << 24) return readFileSync(fd);
  if (scratch.length < size) scratch = Buffer.allocUnsafeSlow(Math.max(size, 2 * scratch.length));
  let pos = 0;
  while (pos < size) {
    const n = readSync(fd, scratch, pos, size - pos, null);
    if (n === 0) break;
    pos += n;
  }
  return scratch.subarray(0, pos);
}

function tryStat(path: string): { size: number; mtimeMs: number } | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Converts pictures on this thread, taking their indices from `take` (−1 when none is left), in
 * slices of a few milliseconds: PNGs synchronously, pictures that need sharp with up to
 * {@link SHARP_IN_FLIGHT} decodes in flight. After each slice the slice's log lines go to the log
 * in one write and its results are reported, then it yields to the event loop (Ctrl-C, timers,
 * workers' answers, log flushes). Stops taking once `stop()` says so.
 */
export async function convertSlices(
  items: readonly ConvertItem[],
  take: () => number,
  pipeline: ResolvedPipelineOptions,
  hash: string,
  cache: CacheView,
  onResult: (index: number, result: ItemResult) => void,
  stop: () => boolean,
): Promise<void> {
  const pending = new Set<Promise<void>>();
  const isCached = (k: string) => cache.has(k);
  let more = true;
  while (more && !stop()) {
    const end = performance.now() + 5;
    const indices: number[] = [];
    const results: ItemResult[] = [];
    while (performance.now() < end && pending.size < SHARP_IN_FLIGHT) {
      const i = take();
      if (i < 0) {
        more = false;
        break;
      }
      const r = convertItem(items[i], pipeline, hash, isCached);
      if (r instanceof Promise) {
        const p: Promise<void> = r.then((res) => {
          pending.delete(p);
          onResult(i, res);
        });
        pending.add(p);
      } else {
        indices.push(i);
        results.push(r);
      }
    }
    appendLines(cache.fd, results);
    results.forEach((r, j) => onResult(indices[j], r));
    if (pending.size >= SHARP_IN_FLIGHT) await Promise.race(pending);
    else await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(pending);
}

function inlineConverter(options: ConverterOptions): Converter {
  return {
    run: (items, cache, onResult, signal) => {
      let next = 0;
      const take = () => (next < items.length ? next++ : -1);
      const stop = () => signal?.aborted === true;
      return convertSlices(items, take, options.pipeline, options.hash, cache, onResult, stop);
    },
    close: async () => {},
  };
}

/** Messages to a worker. */
export type ToWorker =
  | { type: 'cached'; keys: string[]; fd?: number }
  | { type: 'batch'; id: number; items: ConvertItem[] };

/** A worker's answer to one batch: per picture a result, pixels packed in one buffer. */
export interface FromWorker {
  id: number;
  results: WireResult[];
  /** `size²` bytes per picture, in order; only the slots of converted pictures are filled. */
  pixels: Uint8Array;
  /** True once the worker has loaded sharp. */
  sharp: boolean;
}

/**
 * An {@link ItemResult} as it crosses threads (the pixels travel in {@link FromWorker.pixels});
 * `logged` once the worker has appended its line to the log.
 */
export type WireResult =
  | { key: string; cached: true }
  | { key: string; cached: false; logged: boolean; error: string }
  | {
      key: string;
      cached: false;
      logged: boolean;
      box: Box | null;
      contrast: number;
      lowContrast: boolean;
    };

function workerConverter(count: number, options: ConverterOptions): Converter {
  const { pipeline, hash } = options;
  const size2 = pipeline.size * pipeline.size;
  const pool = Array.from(
    { length: count },
    () =>
      new Worker(WORKER_URL, {
        execArgv: [],
        workerData: { pipeline, hash, kernels: kernelModule() },
      }),
  );
  let usedSharp = false;
  return {
    async run(items, cache, onResult, signal) {
      const msg: ToWorker = { type: 'cached', keys: cache.keys(), fd: cache.fd };
      for (const w of pool) w.postMessage(msg);
      // Small runs get small batches, so that every worker has work.
      const batch = Math.max(
        1,
        Math.min(options.batchSize ?? 64, Math.ceil(items.length / (count * 4))),
      );
      // Workers take batches from the front (`next`); this thread converts from the back
      // (`last`) in slices of a few milliseconds, taking in the workers' answers between them.
      let next = 0;
      let last = items.length;
      let inFlight = 0;
      let failed = false;
      let done!: () => void;
      let fail!: (e: unknown) => void;
      const workersDone = new Promise<void>((resolve, reject) => {
        done = resolve;
        fail = (e) => {
          failed = true;
          reject(e);
        };
      });
      const send = (w: Worker) => {
        if (!signal?.aborted && next < last) {
          // Batches shrink near the end (an eighth of what is left per thread, at least 8), so
          // the threads finish together.
          const share = Math.ceil((last - next) / (8 * (pool.length + 1)));
          const end = Math.min(last, next + Math.min(batch, Math.max(8, share)));
          const msg: ToWorker = { type: 'batch', id: next, items: items.slice(next, end) };
          next = end;
          inFlight++;
          w.postMessage(msg);
        } else if (inFlight === 0) done();
      };
      const handlers = pool.map((w) => ({
        message: (m: FromWorker) => {
          inFlight--;
          usedSharp ||= m.sharp;
          try {
            m.results.forEach((r, j) =>
              onResult(m.id + j, fromWire(r, items[m.id + j].name, m.pixels, j * size2, size2)),
            );
          } catch (e) {
            fail(e);
            return;
          }
          send(w);
        },
        error: (e: Error) => fail(e),
        exit: (code: number) => fail(new Error(`a conversion worker stopped (exit code ${code})`)),
      }));
      pool.forEach((w, i) => {
        w.on('message', handlers[i].message);
        w.on('error', handlers[i].error);
        w.on('exit', handlers[i].exit);
      });
      const help = async () => {
        const take = () => (next < last ? --last : -1);
        const stop = () => failed || signal?.aborted === true;
        await convertSlices(items, take, pipeline, hash, cache, onResult, stop);
        // The workers may have run dry while this thread held the last pictures.
        if (inFlight === 0 && !failed) done();
      };
      try {
        // Two batches per worker in flight: it starts the next while the main thread takes in
        // the answer to the last.
        for (let k = 0; k < 2; k++) for (const w of pool) send(w);
        await Promise.all([workersDone, help()]);
      } finally {
        pool.forEach((w, i) => {
          w.off('message', handlers[i].message);
          w.off('error', handlers[i].error);
          w.off('exit', handlers[i].exit);
        });
      }
    },
    async close() {
      // A worker that loaded sharp (libvips) must not be the last to hold it when it exits: glibc
      // would unload the library under the process (sharp's advice: load it on the main thread).
      if (usedSharp) await import('sharp');
      await Promise.all(pool.map((w) => w.terminate()));
    },
  };
}

function fromWire(
  r: WireResult,
  name: string,
  pixels: Uint8Array,
  offset: number,
  size2: number,
): ItemResult {
  if (r.cached) return r;
  const { key, logged } = r;
  if ('error' in r) return { key, cached: false, entry: { error: r.error }, name, logged };
  return {
    key,
    cached: false,
    name,
    logged,
    entry: {
      pixels: pixels.subarray(offset, offset + size2),
      box: r.box,
      contrast: r.contrast,
      lowContrast: r.lowContrast,
    },
  };
}
