/** What a download is doing, for a progress display. `received` counts resumed bytes too. */
export type FetchEvent =
  | {
      type: 'start';
      file: string;
      url: string;
      /** Bytes already in the `.part` file (> 0 when resuming). */
      offset: number;
      total?: number;
    }
  | {
      type: 'progress';
      file: string;
      url: string;
      received: number;
      total?: number;
      /** Bytes per second over the current request. */
      rate: number;
      /** Seconds left at that rate, when the total is known. */
      etaS?: number;
    }
  | { type: 'done'; file: string; url: string; path: string; bytes: number; seconds: number }
  | { type: 'present'; file: string; path: string; detail: string }
  /** Retries, restarts and falls back to another source: worth a line of their own. */
  | { type: 'notice'; file: string; message: string };

/** A writable text stream, as `process.stderr` is. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Options of {@link createProgressReporter}. */
export interface ProgressReporterOptions {
  /** Where to draw; default `process.stderr`. */
  stream?: ProgressStream;
  /** Redraw one line in place (TTY) or print plain lines; default `stream.isTTY`. */
  tty?: boolean;
  /** Plain mode: at most one progress line per file this often; default 5000 ms. */
  intervalMs?: number;
  /** Clock in ms (for tests); default `performance.now`. */
  now?: () => number;
}

/** Draws {@link FetchEvent}s; pass `onProgress` to `fetchDataset`, call `close()` when done. */
export interface ProgressReporter {
  onProgress(event: FetchEvent): void;
  /** Ends a line left open on a TTY. */
  close(): void;
}

// A TTY line redraws at most 10 times a second: more is flicker, not information.
const TTY_REDRAW_MS = 100;

/**
 * A progress display for downloads: on a terminal, one line updated in place (name, bytes, %, rate,
 * ETA) with notices printed above it; elsewhere (CI logs, pipes) plain lines every `intervalMs`.
 * The library itself never prints: only a caller that asks for this reporter gets output.
 */
export function createProgressReporter(options: ProgressReporterOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? stream.isTTY === true;
  const intervalMs = options.intervalMs ?? 5000;
  const now = options.now ?? (() => performance.now());
  let open = false; // a TTY line is drawn and not yet ended
  let lastDraw = -Infinity;

  const clear = () => {
    if (open) stream.write('\r\x1b[K');
    open = false;
  };
  const line = (text: string) => {
    clear();
    stream.write(`${text}\n`);
  };
  const draw = (text: string) => {
    const width = stream.columns && stream.columns > 1 ? stream.columns - 1 : 0;
    stream.write(`\r${width ? text.slice(0, width) : text}\x1b[K`);
    open = true;
  };

  const onProgress = (e: FetchEvent): void => {
    switch (e.type) {
      case 'start': {
        const resume = e.offset > 0 ? `, resuming at ${formatBytes(e.offset)}` : '';
        if (tty) {
          draw(`${e.file}: connecting to ${e.url}${resume}`);
        } else {
          line(`${e.file}: downloading from ${e.url}${resume}`);
        }
        lastDraw = now();
        break;
      }
      case 'progress': {
        const t = now();
        if (t - lastDraw < (tty ? TTY_REDRAW_MS : intervalMs)) return;
        lastDraw = t;
        const text = `${e.file}: ${describeProgress(e.received, e.total, e.rate, e.etaS)}`;
        if (tty) draw(text);
        else line(text);
        break;
      }
      case 'done':
        line(
          `${e.file}: ${formatBytes(e.bytes)} in ${e.seconds.toFixed(1)} s, verified -> ${e.path}`,
        );
        break;
      case 'present':
        line(`${e.file}: already present and verified (${e.path})`);
        break;
      case 'notice':
        line(`${e.file}: ${e.message}`);
        break;
    }
  };
  return { onProgress, close: clear };
}

/** `12.3 MB / 26.4 MB  46%  3.1 MB/s  ETA 5 s` (parts left out when unknown). */
export function describeProgress(
  received: number,
  total: number | undefined,
  rate: number,
  etaS: number | undefined,
): string {
  const parts = [
    total ? `${formatBytes(received)} / ${formatBytes(total)}` : formatBytes(received),
  ];
  if (total) parts.push(`${Math.floor((100 * received) / total)}%`);
  if (rate > 0) parts.push(`${formatBytes(rate)}/s`);
  if (etaS !== undefined && Number.isFinite(etaS)) parts.push(`ETA ${formatDuration(etaS)}`);
  return parts.join('  ');
}

/** Decimal units, as download tools print them: `950 B`, `29.5 kB`, `26.4 MB`. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${Math.round(n)} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)} ${units[i]}`;
}

/** `7 s`, `2 min 05 s`, `1 h 03 min`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
