/**
 * The pool worker's whole program, as source text. It only instantiates the kernel module on the
 * shared memory and calls exports by name, so it needs no bundling and runs unchanged from src/
 * (vitest), dist/ and a browser Blob URL. Errors (traps included) are posted back, never thrown
 * into the void.
 */
export const WORKER_SOURCE = `
'use strict';
const node = typeof process !== 'undefined' && process.versions && process.versions.node;
let post, exportsOf;
if (node) {
  // eval workers are CommonJS unless the parent ran with --input-type=module (then no require)
  const { parentPort } =
    typeof require === 'function' ? require('node:worker_threads') : process.getBuiltinModule('node:worker_threads');
  post = (m) => parentPort.postMessage(m);
  parentPort.on('message', handle);
} else {
  post = (m) => self.postMessage(m);
  self.onmessage = (e) => handle(e.data);
}
function describe(e) {
  return e && e.stack ? String(e.stack) : String(e);
}
function handle(msg) {
  if (msg.type === 'init') {
    try {
      exportsOf = new WebAssembly.Instance(msg.module, { env: { memory: msg.memory } }).exports;
      post({ type: 'ready' });
    } catch (e) {
      post({ type: 'error', id: -1, message: describe(e) });
    }
  } else if (msg.type === 'run') {
    try {
      const f = exportsOf && exportsOf[msg.fn];
      if (typeof f !== 'function') throw new Error('unknown kernel export: ' + msg.fn);
      f(...msg.args);
      post({ type: 'done', id: msg.id });
    } catch (e) {
      post({ type: 'error', id: msg.id, message: describe(e) });
    }
  }
}
`;
