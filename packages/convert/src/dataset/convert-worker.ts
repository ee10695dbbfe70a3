// A conversion worker thread: reads, keys and converts the batches of pictures it is sent, and
// answers each batch with one message (see converter.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { ResolvedPipelineOptions } from '../pipeline.js';
import { resolvePipelineOptions } from '../pipeline.js';
import { useKernelModule } from '../kernels.js';
import {
  appendLines,
  convertItem,
  type FromWorker,
  type ItemResult,
  type ToWorker,
  type WireResult,
} from './converter.js';

const data = workerData as {
  pipeline: ResolvedPipelineOptions;
  hash: string;
  kernels: WebAssembly.Module;
};
// The main thread's compiled kernels, already optimised by V8 where it has converted pictures.
useKernelModule(data.kernels);
// Resolved again on this side, so convertRaw knows it need not check it per picture.
const pipeline = resolvePipelineOptions(data.pipeline);
const size2 = pipeline.size * pipeline.size;
let cached = new Set<string>();
/** The resume log, open for appending by the main thread; without it, lines go back with results. */
let logFd: number | undefined;
let sharpLoaded = false;
const isCached = (key: string) => cached.has(key);

parentPort?.on('message', (m: ToWorker) => {
  if (m.type === 'cached') {
    cached = new Set(m.keys);
    logFd = m.fd;
    return;
  }
  const results: (ItemResult | Promise<ItemResult>)[] = m.items.map((item) =>
    convertItem(item, pipeline, data.hash, isCached),
  );
  if (results.some((r) => r instanceof Promise)) {
    sharpLoaded = true;
    void Promise.all(results).then((all) => answer(m.id, all));
  } else answer(m.id, results as ItemResult[]);
});

function answer(id: number, results: ItemResult[]): void {
  // The batch's lines reach the log before the answer leaves: a result the main thread has seen
  // is never missing from the log.
  appendLines(logFd, results);
  const pixels = new Uint8Array(results.length * size2);
  const wire = results.map((r, j): WireResult => {
    if (r.cached) return r;
    const logged = r.logged === true;
    const e = r.entry;
    if ('error' in e) return { key: r.key, cached: false, logged, error: e.error };
    pixels.set(e.pixels, j * size2);
    return {
      key: r.key,
      cached: false,
      logged,
      box: e.box,
      contrast: e.contrast,
      lowContrast: e.lowContrast,
    };
  });
  const msg: FromWorker = { id, results: wire, pixels, sharp: sharpLoaded };
  parentPort?.postMessage(msg, [pixels.buffer]);
}
