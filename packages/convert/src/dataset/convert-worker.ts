// A conversion worker thread: converts the batches of pictures it is sent (their bytes, read and
// keyed by the main thread) and answers each with one message (see converter.ts). The plain RGB
// PNGs of a batch take one WASM call, so the thread runs almost no JavaScript per picture.
import { parentPort, workerData } from 'node:worker_threads';
import { useKernelModule } from '../kernels.js';
import { resolvePipelineOptions, type ResolvedPipelineOptions } from '../pipeline.js';
import { convertBatch, type FromWorker, type ToWorker } from './converter.js';

const data = workerData as { pipeline: ResolvedPipelineOptions; kernels: WebAssembly.Module };
// The main thread's compiled kernels, already optimised by V8 where it has converted pictures.
useKernelModule(data.kernels);
// Resolved again on this side, so convertRaw knows it need not check it per picture.
const pipeline = resolvePipelineOptions(data.pipeline);
let sharpLoaded = false;

parentPort?.on('message', (m: ToWorker) => {
  const answer = convertBatch(m, pipeline);
  if (answer instanceof Promise) {
    sharpLoaded = true;
    void answer.then(post);
  } else post(answer);
});

function post(a: Omit<FromWorker, 'sharp'>): void {
  const msg: FromWorker = { ...a, sharp: sharpLoaded };
  parentPort?.postMessage(msg, [msg.facts.buffer, msg.pixels.buffer]);
}
