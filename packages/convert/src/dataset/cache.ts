import { hash } from 'node:crypto';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import type { Box } from '../steps/trim.js';

/** What the cache keeps per picture: the pixels and facts, or the reason it failed. */
export type CacheEntry =
  | { pixels: Uint8Array; box: Box | null; contrast: number; lowContrast: boolean }
  | { error: string };

/** The cache key of a picture: its path, size and modification time, and the pipeline's hash. */
export function cacheKey(path: string, size: number, mtimeMs: number, optionsHash: string): string {
  return hash('sha256', JSON.stringify([path, size, mtimeMs, optionsHash]), 'hex').slice(0, 32);
}

/** The resume log's line for one result (without the newline). */
export function cacheLine(key: string, name: string, entry: CacheEntry): string {
  const bytes = encodeLines([{ key, name, entry }]);
  return bytes.toString('utf8', 0, bytes.length - 1);
}

/**
 * The resume log's lines for `lines`, each followed by a newline, as UTF-8 in one buffer: each is
 * what `JSON.stringify({ k, name, px, box, c, low })` (or `{ k, name, err }`) writes, assembled
 * piece by piece into the buffer instead of built as strings and joined (a picture's line is
 * ~1 KB of base64). Keys are hex and the contrast a whole number, so neither needs escaping.
 */
export function encodeLines(lines: { key: string; name: string; entry: CacheEntry }[]): Buffer {
  // Strings that may need escaping (UTF-8 can take 3 bytes a character), made once.
  const texts = lines.map(({ key, name, entry: e }) =>
    'error' in e ? JSON.stringify({ k: key, name, err: e.error }) : JSON.stringify(name),
  );
  let bound = 0;
  lines.forEach(({ key, entry: e }, i) => {
    bound += 3 * texts[i].length + 1;
    if (!('error' in e)) bound += key.length + 4 * Math.ceil(e.pixels.length / 3) + 160;
  });
  const buf = Buffer.allocUnsafe(bound);
  let at = 0;
  lines.forEach(({ key, entry: e }, i) => {
    if ('error' in e) {
      at += buf.write(texts[i] + '\n', at, 'utf8');
      return;
    }
    const p = e.pixels;
    const b = e.box;
    at += buf.write(`{"k":"${key}","name":`, at, 'latin1');
    at += buf.write(texts[i], at, 'utf8');
    at += buf.write(`,"px":"`, at, 'latin1');
    at += buf.write(
      Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('base64'),
      at,
      'latin1',
    );
    const box = b ? `{"x":${b.x},"y":${b.y},"width":${b.width},"height":${b.height}}` : 'null';
    at += buf.write(`","box":${box},"c":${e.contrast},"low":${e.lowContrast}}\n`, at, 'latin1');
  });
  return buf.subarray(0, at);
}

/**
 * The resume log: one JSON line per converted (or failed) picture, appended as results come and
 * flushed in batches, so an interrupted run keeps what it did. A half-written last line (a crash)
 * is ignored on reading, and the next append starts on a new line. A changed file or changed
 * options give another key, so stale results are never reused.
 */
export class ConversionCache {
  private readonly entries = new Map<string, CacheEntry>();
  private buffer: string[] = [];
  private handle?: FileHandle;

  private constructor(readonly path: string) {}

  /** Opens (or creates) the log at `path` and reads what it holds. */
  static async open(path: string): Promise<ConversionCache> {
    const cache = new ConversionCache(path);
    const text = await readFile(path, 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      if (line === '') continue;
      try {
        const r = JSON.parse(line) as {
          k: string;
          px?: string;
          box?: Box | null;
          c?: number;
          low?: boolean;
          err?: string;
        };
        if (typeof r.k !== 'string') continue;
        if (typeof r.err === 'string') cache.entries.set(r.k, { error: r.err });
        else if (typeof r.px === 'string') {
          cache.entries.set(r.k, {
            pixels: new Uint8Array(Buffer.from(r.px, 'base64')),
            box: r.box ?? null,
            contrast: r.c ?? 0,
            lowContrast: r.low ?? false,
          });
        }
      } catch {
        // A line cut short by a crash: that picture is converted again.
      }
    }
    cache.handle = await open(path, 'a');
    // Appends start on a new line after a line cut short by a crash.
    if (text.length > 0 && !text.endsWith('\n')) await cache.handle.write('\n');
    return cache;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): CacheEntry | undefined {
    return this.entries.get(key);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Lines recorded and not yet written. */
  get pending(): number {
    return this.buffer.length;
  }

  /** The log's descriptor, open for appending (the converter writes to it; see `CacheView.fd`). */
  get fd(): number | undefined {
    return this.handle?.fd;
  }

  /**
   * Records a result. `line` (`cacheLine(key, name, entry)`) reaches the disk at the next
   * {@link flush}; without it, the line is in the log already (appended by the converter).
   */
  put(key: string, entry: CacheEntry, line?: string): void {
    this.entries.set(key, entry);
    if (line !== undefined) this.buffer.push(line);
  }

  /** Appends the buffered lines (one write) and, if `sync`, flushes them to the disk. */
  async flush(sync = false): Promise<void> {
    if (!this.handle) return;
    if (this.buffer.length > 0) {
      const text = this.buffer.join('\n') + '\n';
      this.buffer = [];
      await this.handle.write(text);
    }
    if (sync) await this.handle.sync();
  }

  async close(): Promise<void> {
    await this.flush(true);
    await this.handle?.close();
    this.handle = undefined;
  }
}
