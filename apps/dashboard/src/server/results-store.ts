import { readFile, stat } from 'node:fs/promises';
import { basename, resolve, sep } from 'node:path';
import { compareRecords, latestRecords, parseResults } from '@fmnist/bench';
import type {
  CompareResponse,
  ResultsChange,
  ResultsFileInfo,
  ResultsResponse,
} from '../shared/api-types.js';

/** Short labels for result paths: the file name, or more of the path where names collide. */
export function fileLabels(paths: readonly string[]): string[] {
  const parts = paths.map((p) => resolve(p).split(sep).filter(Boolean));
  return parts.map((p, i) => {
    for (let k = 1; k <= p.length; k++) {
      const label = p.slice(-k).join('/');
      const clash = parts.some((q, j) => j !== i && q.slice(-k).join('/') === label);
      if (!clash) return label;
    }
    return basename(paths[i]);
  });
}

/**
 * The results files given to `fmnist serve`, read on demand and cached by (mtime, size). A file
 * that does not exist yet is served as empty (a benchmark about to start writing it). Watchers are
 * told when a file's mtime or size changes: polling `stat` is portable (inotify misses writes on
 * some network and container file systems) and costs one syscall per file per interval.
 */
export class ResultsStore {
  readonly paths: string[];
  private readonly labels: string[];
  private readonly cache = new Map<number, { key: string; response: ResultsResponse }>();
  private readonly listeners = new Set<(change: ResultsChange) => void>();
  private timer: NodeJS.Timeout | undefined;
  private last: string[] = [];

  constructor(
    paths: readonly string[],
    private readonly pollMs = 500,
  ) {
    this.paths = paths.map((p) => resolve(p));
    this.labels = fileLabels(this.paths);
  }

  /** Whether `i` names one of the files. */
  has(i: number): boolean {
    return Number.isInteger(i) && i >= 0 && i < this.paths.length;
  }

  /** What is known of file `i` without reading it. */
  async info(i: number): Promise<ResultsFileInfo> {
    const path = this.paths[i];
    const s = await stat(path).catch(() => undefined);
    return {
      index: i,
      label: this.labels[i],
      path,
      exists: s?.isFile() ?? false,
      mtimeMs: s?.isFile() ? s.mtimeMs : 0,
      size: s?.isFile() ? s.size : 0,
    };
  }

  /** Every file's info. */
  files(): Promise<ResultsFileInfo[]> {
    return Promise.all(this.paths.map((_, i) => this.info(i)));
  }

  /** The records of file `i`; bad and partial lines are counted, never thrown. */
  async read(i: number): Promise<ResultsResponse> {
    const info = await this.info(i);
    const key = `${info.mtimeMs}|${info.size}`;
    const hit = this.cache.get(i);
    if (hit && hit.key === key) return hit.response;
    const text = info.exists ? await readFile(info.path, 'utf8').catch(() => '') : '';
    const parsed = parseResults(text);
    // A last line without its newline that does not parse is a record being written right now,
    // not damage: it is still skipped and counted, but reported apart so the page can say so.
    const lastLine = text.split('\n').length;
    const partialTail = parsed.truncatedTail && !parsed.tailIsRecord;
    const bad = parsed.badLines.filter((n) => !(partialTail && n === lastLine));
    const response: ResultsResponse = {
      ...info,
      records: latestRecords(parsed.records),
      totalLines: parsed.records.length,
      badLines: bad.length + (partialTail ? 1 : 0),
      badLineNumbers: parsed.badLines.slice(0, 100),
      partialTail,
    };
    this.cache.set(i, { key, response });
    return response;
  }

  /** Files `a` and `b` paired by dataset + configuration (e.g. sklearn's run and fmnist's). */
  async compare(a: number, b: number): Promise<CompareResponse> {
    const [ra, rb] = await Promise.all([this.read(a), this.read(b)]);
    const strip = (r: ResultsResponse): ResultsFileInfo => ({
      index: r.index,
      label: r.label,
      path: r.path,
      exists: r.exists,
      mtimeMs: r.mtimeMs,
      size: r.size,
    });
    return { a: strip(ra), b: strip(rb), rows: compareRecords(ra.records, rb.records) };
  }

  /** Calls `listener` whenever a file changes; returns the function that stops it. */
  watch(listener: (change: ResultsChange) => void): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.timer = setInterval(() => void this.poll(), this.pollMs);
      this.timer.unref();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Stops polling and forgets every watcher. */
  close(): void {
    this.listeners.clear();
    this.stop();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.last = [];
  }

  private polling = false;
  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const infos = await this.files();
      const now = infos.map((f) => `${f.mtimeMs}|${f.size}`);
      const first = this.last.length === 0;
      infos.forEach((f, i) => {
        if (!first && now[i] !== this.last[i])
          for (const l of this.listeners) l({ index: i, mtimeMs: f.mtimeMs, size: f.size });
      });
      this.last = now;
    } finally {
      this.polling = false;
    }
  }
}
