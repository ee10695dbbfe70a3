/**
 * Program of the synchronous pool's workers (Node worker_threads), as source text like
 * WORKER_SOURCE. Completion is reported through shared memory, not messages, because the caller
 * is blocked in `Atomics.wait` and cannot receive events: the worker stores its status in
 * ctl[1 + slot], decrements the pending counter ctl[0] and notifies it. An error's text goes to a
 * MessagePort first, where the caller reads it synchronously with `receiveMessageOnPort`.
 */
export const SYNC_WORKER_SOURCE = `
'use strict';
const { parentPort } =
  typeof require === 'function' ? require('node:worker_threads') : process.getBuiltinModule('node:worker_threads');
let exportsOf, ctl, slot, port;
function done(status) {
  Atomics.store(ctl, 1 + slot, status);
  Atomics.sub(ctl, 0, 1);
  Atomics.notify(ctl, 0);
}
function failed(e) {
  port.postMessage(e && e.stack ? String(e.stack) : String(e));
  done(1);
}
parentPort.on('message', (msg) => {
  if (msg.type === 'init') {
    ctl = new Int32Array(msg.ctl);
    slot = msg.slot;
    port = msg.port;
    try {
      exportsOf = new WebAssembly.Instance(msg.module, { env: { memory: msg.memory } }).exports;
      done(0);
    } catch (e) {
      failed(e);
    }
  } else if (msg.type === 'run') {
    try {
      const f = exportsOf[msg.fn];
      if (typeof f !== 'function') throw new Error('unknown kernel export: ' + msg.fn);
      f(...msg.args);
      done(0);
    } catch (e) {
      failed(e);
    }
  }
});
`;
