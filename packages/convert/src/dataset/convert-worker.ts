// A conversion worker thread: reads and converts the pictures it is sent (see converter.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { ResolvedPipelineOptions } from '../pipeline.js';
import { convertFile } from './converter.js';

const { pipeline } = workerData as { pipeline: ResolvedPipelineOptions };

parentPort?.on('message', async (m: { id: number; path: string }) => {
  const outcome = await convertFile(m.path, pipeline);
  const transfer = outcome.ok ? [outcome.result.pixels.buffer as ArrayBuffer] : [];
  parentPort?.postMessage({ id: m.id, outcome }, transfer);
});
