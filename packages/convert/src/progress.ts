/** Where progress is written: `process.stderr` fits, and so do test doubles. */
export interface ProgressStream {
  write(chunk: string): unknown;
  /** True on a terminal: one line redrawn in place; otherwise a plain line every 10 %. */
  isTTY?: boolean;
}

/** A "done of total" display for the conversion; `finish` ends it with the elapsed time. */
export function conversionProgress(out: ProgressStream, label: string, total: number) {
  const started = performance.now();
  let lastDraw = 0;
  let lastTenth = 0;
  const line = (done: number) => {
    const secs = (performance.now() - started) / 1000;
    const rate = secs > 0 ? Math.round(done / secs) : 0;
    return `${label}: ${done}/${total} (${Math.floor((100 * done) / Math.max(1, total))}%, ${rate}/s)`;
  };
  return {
    update(done: number): void {
      if (out.isTTY) {
        const now = performance.now();
        if (now - lastDraw < 100 && done < total) return;
        lastDraw = now;
        out.write(`\r\x1b[K${line(done)}`);
      } else {
        const tenth = Math.floor((10 * done) / Math.max(1, total));
        if (tenth === lastTenth || tenth >= 10) return;
        lastTenth = tenth;
        out.write(`${line(done)}\n`);
      }
    },
    finish(done: number): void {
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      out.write(`${out.isTTY ? '\r\x1b[K' : ''}${label}: ${done}/${total} in ${secs} s\n`);
    },
  };
}
