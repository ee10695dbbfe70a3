import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { convertImage, type ConvertResult, type ResolvedPipelineOptions } from '../pipeline.js';

/** One picture's outcome: the result, or why it could not be converted. */
export type Outcome = { ok: true; result: ConvertResult } | { ok: false; error: string };

/** Converts pictures by path; `close` releases its threads. */
export interface Converter {
  convert(path: string): Promise<Outcome>;
  close(): Promise<void>;
}

/** Options of {@link createConverter}. */
export interface ConverterOptions {
  pipeline: ResolvedPipelineOptions;
  /**
   * 0 (default): convert on the calling thread, sharp decoding on libuv's threads. N ≥ 1: N worker
   * threads, each with its own sharp calls, so the pixel steps (JavaScript) run in parallel too.
   */
  workers?: number;
}

const WORKER_URL = new URL('../../dist/dataset/convert-worker.js', import.meta.url);

/** A converter on this thread or on a pool of worker threads (see {@link ConverterOptions}). */
export function createConverter(options: ConverterOptions): Converter {
  const workers = options.workers ?? 0;
  if (workers <= 0) {
    return {
      convert: (path) => convertFile(path, options.pipeline),
      close: async () => {},
    };
  }
  if (!existsSync(WORKER_URL)) {
    throw new Error(
      `the conversion worker ${WORKER_URL.pathname} is missing: run \`npm run build\` first.`,
    );
  }
  return workerConverter(workers, options.pipeline);
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

interface Pending {
  resolve: (o: Outcome) => void;
  reject: (e: Error) => void;
}

function workerConverter(count: number, pipeline: ResolvedPipelineOptions): Converter {
  let nextId = 0;
  const pending = new Map<number, Pending>();
  const load: number[] = [];
  const pool = Array.from({ length: count }, (_, i) => {
    const w = new Worker(WORKER_URL, { execArgv: [], workerData: { pipeline } });
    load[i] = 0;
    w.on('message', (m: { id: number; outcome: Outcome }) => {
      load[i]--;
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.outcome.ok) m.outcome.result.pixels = new Uint8Array(m.outcome.result.pixels);
      p?.resolve(m.outcome);
    });
    w.on('error', (err) => {
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
    w.unref();
    return w;
  });
  return {
    convert(path) {
      // The least busy worker takes the next picture.
      let best = 0;
      for (let i = 1; i < count; i++) if (load[i] < load[best]) best = i;
      const id = nextId++;
      load[best]++;
      if (load[best] === 1) pool[best].ref();
      return new Promise<Outcome>((resolve, reject) => {
        pending.set(id, {
          resolve: (o) => {
            if (load[best] === 0) pool[best].unref();
            resolve(o);
          },
          reject,
        });
        pool[best].postMessage({ id, path });
      });
    },
    async close() {
      await Promise.all(pool.map((w) => w.terminate()));
    },
  };
}
