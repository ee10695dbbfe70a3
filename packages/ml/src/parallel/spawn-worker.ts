import { isNode } from '../kernels/wasm/load-module.js';
import { WORKER_SOURCE } from './worker-source.js';

/** The few operations the pool needs from a Node worker_thread or a browser Web Worker. */
export interface WorkerHandle {
  post(msg: unknown): void;
  onMessage(cb: (msg: unknown) => void): void;
  /** Fatal errors and unexpected exits. */
  onError(cb: (err: Error) => void): void;
  /** Keeps the process alive while work is in flight (no-op in browsers). */
  ref(): void;
  /** Lets the process exit while the worker idles (no-op in browsers). */
  unref(): void;
  terminate(): Promise<void>;
}

/** Starts one kernel worker; the Node/browser split lives only here. */
export async function spawnWorker(): Promise<WorkerHandle> {
  if (isNode) {
    const { Worker } = await import('node:worker_threads');
    const w = new Worker(WORKER_SOURCE, { eval: true });
    let terminating = false;
    return {
      post: (m) => w.postMessage(m),
      onMessage: (cb) => w.on('message', cb),
      onError: (cb) => {
        w.on('error', cb);
        w.on('exit', (code) => {
          if (!terminating) cb(new Error(`kernel worker exited unexpectedly (code ${code})`));
        });
      },
      ref: () => w.ref(),
      unref: () => w.unref(),
      terminate: async () => {
        terminating = true;
        await w.terminate();
      },
    };
  }
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  const w = new Worker(url);
  URL.revokeObjectURL(url);
  return {
    post: (m) => w.postMessage(m),
    onMessage: (cb) => w.addEventListener('message', (e) => cb(e.data)),
    onError: (cb) => w.addEventListener('error', (e) => cb(new Error(e.message))),
    ref: () => {},
    unref: () => {},
    terminate: async () => w.terminate(),
  };
}
