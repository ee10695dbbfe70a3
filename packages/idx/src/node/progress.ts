import type { SourceFault } from './http-download.js';

/** What a download is doing, for a progress display. `received` counts resumed bytes too. */
export type FetchEvent =
  /** A request is on its way (no answer yet): a display may say "connecting". */
  | { type: 'connect'; file: string; url: string }
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
  | { type: 'notice'; file: string; message: string }
  /**
   * A source set aside for the rest of the run (once per source): `file` is the one that found
   * out, `message` says what happened and what to do.
   */
  | { type: 'demoted'; file: string; source: string; fault: SourceFault; message: string };

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
  /** Plain mode: at most one progress line this often; default 5000 ms. */
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

/** What the display knows of one file. */
interface FileState {
  state: 'connecting' | 'receiving' | 'done';
  url: string;
  /** Bytes on disk for this file, resumed ones included. */
  received: number;
  total?: number;
  rate: number;
  /** A progress event has come since the last start: there is a rate to show. */
  flowing?: boolean;
  /** Present already: counts as done, has no byte count. */
  present?: boolean;
}

/**
 * A progress display for downloads: on a terminal, one line updated in place with notices printed
 * above it; elsewhere (CI logs, pipes) a plain line when a file starts, ends or has a notice, and
 * a progress line every `intervalMs`. With one file the progress line is that file's (name, bytes,
 * %, rate, ETA); with files downloading in parallel it combines them (`1/4 files done`, bytes and
 * % of the files under way, their summed rate and the ETA, how many are still connecting). The
 * library itself never prints: only a caller that asks for this reporter gets output.
 */
export function createProgressReporter(options: ProgressReporterOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? stream.isTTY === true;
  const intervalMs = options.intervalMs ?? 5000;
  const now = options.now ?? (() => performance.now());
  const files = new Map<string, FileState>();
  let open = false; // a TTY line is drawn and not yet ended
  let lastDraw = -Infinity;

  const clear = () => {
    if (open) stream.write('\r\x1b[K');
    open = false;
  };
  const draw = (text: string) => {
    const width = stream.columns && stream.columns > 1 ? stream.columns - 1 : 0;
    stream.write(`\r${width ? text.slice(0, width) : text}\x1b[K`);
    open = true;
    lastDraw = now();
  };
  const busy = () => [...files.values()].some((f) => f.state !== 'done');
  /** A line of its own; on a TTY the progress line is drawn again below it while work goes on. */
  const line = (text: string) => {
    clear();
    stream.write(`${text}\n`);
    if (tty && busy()) draw(status());
  };
  const status = (): string => {
    const all = [...files.entries()];
    if (all.length === 1) {
      const [name, f] = all[0];
      const resume = f.received > 0 ? `, resuming at ${formatBytes(f.received)}` : '';
      if (f.state === 'connecting') return `${name}: connecting to ${f.url}${resume}`;
      if (f.state === 'receiving' && !f.flowing)
        return `${name}: downloading from ${f.url}${resume}`;
      return `${name}: ${describeProgress(f.received, f.total, f.rate, eta(f.received, f.total, f.rate))}`;
    }
    const counted = all.map(([, f]) => f).filter((f) => !f.present);
    const received = counted.reduce((s, f) => s + f.received, 0);
    // A total only once every file being fetched has announced its size: a % of some is a lie.
    const total = counted.every((f) => f.total !== undefined)
      ? counted.reduce((s, f) => s + f.total!, 0)
      : undefined;
    const rate = counted.reduce((s, f) => s + (f.state === 'receiving' ? f.rate : 0), 0);
    const done = all.filter(([, f]) => f.state === 'done').length;
    const connecting = counted.filter((f) => f.state === 'connecting').length;
    const parts = [`${done}/${all.length} files done`];
    if (received > 0 || counted.some((f) => f.state === 'receiving'))
      parts.push(describeProgress(received, total, rate, eta(received, total, rate)));
    if (connecting > 0) parts.push(`${connecting} connecting`);
    return parts.join('  ');
  };
  const get = (file: string, url: string): FileState => {
    let f = files.get(file);
    if (!f) files.set(file, (f = { state: 'connecting', url, received: 0, rate: 0 }));
    return f;
  };

  const onProgress = (e: FetchEvent): void => {
    switch (e.type) {
      case 'connect': {
        const f = get(e.file, e.url);
        Object.assign(f, { state: 'connecting', url: e.url, rate: 0, flowing: false });
        if (tty && now() - lastDraw >= TTY_REDRAW_MS) draw(status());
        break;
      }
      case 'start': {
        const f = get(e.file, e.url);
        Object.assign(f, {
          state: 'receiving',
          url: e.url,
          received: e.offset,
          rate: 0,
          flowing: false,
        });
        if (e.total !== undefined) f.total = e.total;
        if (tty) draw(status());
        else {
          const resume = e.offset > 0 ? `, resuming at ${formatBytes(e.offset)}` : '';
          line(`${e.file}: downloading from ${e.url}${resume}`);
          lastDraw = now();
        }
        break;
      }
      case 'progress': {
        const f = get(e.file, e.url);
        Object.assign(f, { state: 'receiving', received: e.received, rate: e.rate, flowing: true });
        if (e.total !== undefined) f.total = e.total;
        const t = now();
        if (t - lastDraw < (tty ? TTY_REDRAW_MS : intervalMs)) return;
        if (tty) draw(status());
        else {
          line(status());
          lastDraw = t;
        }
        break;
      }
      case 'done': {
        const f = get(e.file, e.url);
        Object.assign(f, { state: 'done', received: e.bytes, total: e.bytes, rate: 0 });
        line(
          `${e.file}: ${formatBytes(e.bytes)} in ${e.seconds.toFixed(1)} s, verified -> ${e.path}`,
        );
        break;
      }
      case 'present':
        files.set(e.file, { state: 'done', url: '', received: 0, rate: 0, present: true });
        line(`${e.file}: already present and verified (${e.path})`);
        break;
      case 'notice':
        line(`${e.file}: ${e.message}`);
        break;
      case 'demoted':
        line(e.message);
        break;
    }
  };
  return { onProgress, close: clear };
}

function eta(received: number, total: number | undefined, rate: number): number | undefined {
  return total !== undefined && rate > 0 ? Math.max(0, total - received) / rate : undefined;
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
