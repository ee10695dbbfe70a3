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
  convertPngBatch,
  convertRaw,
  isLowContrast,
  type ConvertResult,
  type ResolvedPipelineOptions,
} from '../pipeline.js';
import { decodeWithSharp } from '../steps/decode.js';
import { boxOf, kernelModule } from '../kernels.js';
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
 * entry, with `logged` once its line is in the log (appended before the result is reported).
 */
export type ItemResult =
  | { key: string; cached: true }
  | { key: string; cached: false; entry: CacheEntry; name: string; logged?: boolean };

/** What a run needs to know about the resume log. */
export interface CacheView {
  /** True when the log already holds `key`. */
  has(key: string): boolean;
  /**
   * The log's file descriptor, open for appending: results' lines are appended to it directly,
   * one write per slice or batch (atomic with O_APPEND), before the results are reported.
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
   * and N − 1 worker threads. The calling thread reads and keys the pictures it sends the workers
   * in batches (a worker runs little JavaScript, which V8 would compile again in every new
   * thread), logs their results, and converts its own share between taking in their answers
   * (measured: one worker less to start, and faster than N workers beside an idle caller).
   */
  workers?: number;
  /** Pictures per message to a worker; default: up to 64, fewer for small runs. */
  batchSize?: number;
}

const WORKER_URL = new URL('../../dist/dataset/convert-worker.js', import.meta.url);

/** Batches sent to each worker ahead of its answers. */
const IN_FLIGHT = 4;

/** A batch holds pictures up to this many bytes (at least one): large photos go a few at a time. */
const BATCH_BYTES = 4 << 20;

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
 * One picture, start to end ({@link readItem}, then {@link convertBytes}). Synchronous for what the
 * PNG fast path decodes; a promise only when sharp must decode (other formats, unusual PNGs).
 */
function convertItem(
  item: ConvertItem,
  pipeline: ResolvedPipelineOptions,
  hash: string,
  isCached: (key: string) => boolean,
): ItemResult | Promise<ItemResult> {
  const read = readItem(item, hash, isCached);
  return 'done' in read ? read.done : convertBytes(read.key, item, read.bytes, pipeline);
}

/** A picture opened and keyed: done already (in the log, or unreadable), or its bytes. */
type ReadItem = { done: ItemResult } | { key: string; bytes: Buffer };

/**
 * Opens a picture, keys it by the size and modification time of the open file, and unless
 * `isCached(key)` reads it, into a buffer that the next read reuses.
 */
function readItem(item: ConvertItem, hash: string, isCached: (key: string) => boolean): ReadItem {
  let fd: number;
  try {
    fd = openSync(item.path, 'r');
  } catch (e) {
    const info = tryStat(item.path);
    const key = cacheKey(item.path, info?.size ?? -1, info?.mtimeMs ?? -1, hash);
    if (isCached(key)) return { done: { key, cached: true } };
    return { done: failed(key, item, `cannot read: ${(e as Error).message}`) };
  }
  try {
    const info = fstatSync(fd);
    const key = cacheKey(item.path, info.size, info.mtimeMs, hash);
    if (isCached(key)) return { done: { key, cached: true } };
    try {
      return { key, bytes: readOpen(fd, info.size) };
    } catch (e) {
      return { done: failed(key, item, `cannot read: ${(e as Error).message}`) };
    }
  } finally {
    closeSync(fd);
  }
}

/** Steps 1–7 of a picture's bytes, as the entry of `key` (a failure is an entry too). */
function convertBytes(
  key: string,
  item: ConvertItem,
  bytes: Buffer,
  pipeline: ResolvedPipelineOptions,
): ItemResult | Promise<ItemResult> {
  const r = convertPicture(bytes, pipeline);
  if (!(r instanceof Promise))
    return 'error' in r ? failed(key, item, r.error) : entryOf(key, item, r);
  return r.then((done) =>
    'error' in done ? failed(key, item, done.error) : entryOf(key, item, done),
  );
}

/**
 * Steps 1–7 of a picture's bytes: the PNG fast path, else (a promise) sharp's decode and the
 * steps; or why it cannot be converted.
 */
export function convertPicture(
  bytes: Buffer,
  pipeline: ResolvedPipelineOptions,
): ConvertResult | { error: string } | Promise<ConvertResult | { error: string }> {
  let fast: ConvertResult | null;
  try {
    fast = convertPng(bytes, pipeline);
  } catch {
    fast = null; // the fast path never throws on its own; sharp gets the last word anyway
  }
  if (fast) return fast;
  // `bytes` may be the shared read buffer, which the next picture overwrites: sharp gets a copy.
  return decodeWithSharp(Buffer.from(bytes), { background: pipeline.background }).then(
    (decoded) => {
      try {
        return convertRaw(decoded, pipeline);
      } catch (e) {
        return { error: `cannot decode: ${(e as Error).message}` };
      }
    },
    (e: Error) => ({ error: `cannot decode: ${e.message}` }),
  );
}

function entryOf(
  key: string,
  item: ConvertItem,
  result: Pick<ConvertResult, 'pixels' | 'box' | 'contrast' | 'lowContrast'>,
): ItemResult {
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
function appendLines(fd: number | undefined, results: ItemResult[]): void {
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

/**
 * Appends the lines of `results` (pictures `indices`) to the log, then reports them: a result
 * reported is never missing from the log.
 */
function logAndReport(
  cache: CacheView,
  indices: readonly number[],
  results: ItemResult[],
  onResult: (index: number, result: ItemResult) => void,
): void {
  appendLines(cache.fd, results);
  results.forEach((r, j) => onResult(indices[j], r));
}

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
    logAndReport(cache, indices, results, onResult);
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

/**
 * A batch for a worker: the bytes of its pictures, one after another (picture j ends at
 * `ends[j]`). This thread reads and keys the pictures; a worker only converts.
 */
export interface ToWorker {
  id: number;
  bytes: Uint8Array<ArrayBuffer>;
  ends: Uint32Array<ArrayBuffer>;
}

/** A worker's answer to one batch, per picture, in arrays (cheap to pass between threads). */
export interface FromWorker {
  id: number;
  /** Per picture 6 numbers: found (0/1), the box's x, y, width and height, the contrast. */
  facts: Int32Array<ArrayBuffer>;
  /** `size²` bytes per picture. */
  pixels: Uint8Array<ArrayBuffer>;
  /** Why a picture could not be converted, at its position (absent for the converted). */
  errors: (string | undefined)[];
  /** True once the worker has loaded sharp. */
  sharp: boolean;
}

/**
 * Converts a worker's batch: the plain 8-bit RGB PNGs in one kernel call, the others one by one
 * ({@link convertPicture}; sharp's decodes make it a promise).
 */
export function convertBatch(
  m: ToWorker,
  pipeline: ResolvedPipelineOptions,
): Omit<FromWorker, 'sharp'> | Promise<Omit<FromWorker, 'sharp'>> {
  const n = m.ends.length;
  const size2 = pipeline.size * pipeline.size;
  const batch = convertPngBatch(m.bytes, m.ends, pipeline);
  const facts = batch?.facts ?? new Int32Array(6 * n);
  const pixels = batch?.pixels ?? new Uint8Array(n * size2);
  const errors: (string | undefined)[] = [];
  const waits: Promise<void>[] = [];
  const put = (j: number, r: ConvertResult | { error: string }) => {
    if ('error' in r) {
      errors[j] = r.error;
      return;
    }
    const b = r.box;
    facts.set(
      b ? [1, b.x, b.y, b.width, b.height, r.contrast] : [0, 0, 0, 0, 0, r.contrast],
      6 * j,
    );
    pixels.set(r.pixels, j * size2);
  };
  for (let j = 0; j < n; j++) {
    if (batch?.status[j] === 1) continue;
    const start = j === 0 ? 0 : m.ends[j - 1];
    const bytes = Buffer.from(m.bytes.buffer, m.bytes.byteOffset + start, m.ends[j] - start);
    const r = convertPicture(bytes, pipeline);
    if (r instanceof Promise) waits.push(r.then((done) => put(j, done)));
    else put(j, r);
  }
  const answer = { id: m.id, facts, pixels, errors };
  return waits.length === 0 ? answer : Promise.all(waits).then(() => answer);
}

/** The result of picture j of a worker's answer `m`, keyed `key`. */
function answeredResult(
  m: FromWorker,
  j: number,
  key: string,
  item: ConvertItem,
  pipeline: ResolvedPipelineOptions,
): ItemResult {
  const error = m.errors[j];
  if (error !== undefined) return failed(key, item, error);
  const size2 = pipeline.size * pipeline.size;
  const box = boxOf(m.facts, 6 * j);
  const contrast = m.facts[6 * j + 5];
  return entryOf(key, item, {
    pixels: m.pixels.subarray(j * size2, (j + 1) * size2),
    box,
    contrast,
    lowContrast: isLowContrast(pipeline, box, contrast),
  });
}

/** The pictures of a batch in flight: their indices and keys. */
interface Sent {
  indices: number[];
  keys: string[];
}

/** Bytes of pictures packed one after another for a worker, in a buffer that grows. */
class Packer {
  private bytes = new Uint8Array(1 << 19);
  private readonly ends: number[] = [];
  private used = 0;

  add(b: Uint8Array): void {
    if (this.used + b.length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(2 * this.bytes.length, this.used + b.length));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    this.bytes.set(b, this.used);
    this.used += b.length;
    this.ends.push(this.used);
  }

  get count(): number {
    return this.ends.length;
  }

  /** Bytes held. */
  get size(): number {
    return this.used;
  }

  message(id: number): ToWorker {
    return { id, bytes: this.bytes, ends: Uint32Array.from(this.ends) };
  }
}

function workerConverter(count: number, options: ConverterOptions): Converter {
  const { pipeline, hash } = options;
  const pool = Array.from(
    { length: count },
    () =>
      new Worker(WORKER_URL, {
        execArgv: [],
        workerData: { pipeline, kernels: kernelModule() },
      }),
  );
  let usedSharp = false;
  return {
    async run(items, cache, onResult, signal) {
      const isCached = (k: string) => cache.has(k);
      // Small runs get small batches, so that every worker has work.
      const batch = Math.max(
        1,
        Math.min(options.batchSize ?? 64, Math.ceil(items.length / (count * 4))),
      );
      // Workers are sent batches from the front (`next`); this thread converts from the back
      // (`last`) in slices of a few milliseconds, taking in the workers' answers and sending
      // them more between them.
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
      const sent = new Map<number, Sent>();
      const report = (indices: number[], results: ItemResult[]) =>
        logAndReport(cache, indices, results, onResult);
      const send = (w: Worker) => {
        try {
          sendTo(w);
        } catch (e) {
          fail(e);
        }
      };
      const sendTo = (w: Worker) => {
        while (!signal?.aborted && next < last) {
          // Batches shrink near the end (an eighth of what is left per thread, at least 8), so
          // the threads finish together.
          const share = Math.ceil((last - next) / (8 * (pool.length + 1)));
          const end = Math.min(last, next + Math.min(batch, Math.max(8, share)));
          const id = next;
          const packer = new Packer();
          const out: Sent = { indices: [], keys: [] };
          const known: { indices: number[]; results: ItemResult[] } = { indices: [], results: [] };
          for (; next < end && packer.size < BATCH_BYTES; next++) {
            const read = readItem(items[next], hash, isCached);
            if ('done' in read) {
              known.indices.push(next);
              known.results.push(read.done);
            } else {
              out.indices.push(next);
              out.keys.push(read.key);
              packer.add(read.bytes);
            }
          }
          // Results known without converting (in the log, unreadable): logged and reported now.
          report(known.indices, known.results);
          if (packer.count === 0) continue;
          sent.set(id, out);
          inFlight++;
          const msg = packer.message(id);
          w.postMessage(msg, [msg.bytes.buffer, msg.ends.buffer]);
          return;
        }
        if (inFlight === 0) done();
      };
      const handlers = pool.map((w) => ({
        message: (m: FromWorker) => {
          inFlight--;
          usedSharp ||= m.sharp;
          const out = sent.get(m.id)!;
          sent.delete(m.id);
          try {
            const results = out.indices.map((i, j) =>
              answeredResult(m, j, out.keys[j], items[i], pipeline),
            );
            report(out.indices, results);
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
        // Four batches per worker in flight: a worker converts one (~2 ms for 64 thumbnails)
        // faster than this thread's 5 ms slices come round to take its answer and send more.
        for (let k = 0; k < IN_FLIGHT; k++) for (const w of pool) send(w);
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
