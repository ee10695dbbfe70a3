import type { Writer } from '../context.js';

/** Reports "done of total" for a long job; `finish` ends the display. */
export interface CountProgress {
  update(done: number): void;
  finish(): void;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * A progress display on `out` (stderr): redrawn in place on a terminal at most ~10 times a second,
 * otherwise a plain line every 10 %. Jobs under `threshold` items show nothing.
 */
export function countProgress(
  out: Writer,
  label: string,
  total: number,
  threshold = 5_000,
): CountProgress {
  if (total < threshold) return { update: () => {}, finish: () => {} };
  const started = performance.now();
  let lastDraw = 0;
  let lastTenth = 0; // no line at 0 %: the first comes at 10 %
  const line = (done: number) => {
    const pct = Math.floor((100 * done) / total);
    return `${label}: ${fmt(done)}/${fmt(total)} (${pct}%)`;
  };
  return {
    update(done) {
      if (out.isTTY) {
        const now = performance.now();
        if (now - lastDraw < 100 && done < total) return;
        lastDraw = now;
        out.write(`\r\x1b[K${line(done)}`);
      } else {
        const tenth = Math.floor((10 * done) / total);
        if (tenth === lastTenth || tenth === 10) return;
        lastTenth = tenth;
        out.write(`${line(done)}\n`);
      }
    },
    finish() {
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      out.write(`${out.isTTY ? '\r\x1b[K' : ''}${label}: ${fmt(total)} done in ${secs} s\n`);
    },
  };
}
