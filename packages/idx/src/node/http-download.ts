import { createWriteStream } from 'node:fs';
import { stat, truncate } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import * as http from 'node:http';
import * as https from 'node:https';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataError } from '../datasets/data-error.js';
import type { FetchEvent } from './progress.js';

/** Options of {@link downloadWithResume}. */
export interface DownloadOptions {
  /** The dataset file name, for events and messages. */
  file: string;
  /** Retries after the first attempt for transient faults (network, 5xx, timeout, truncation). */
  retries: number;
  /** First back-off delay; doubles after each failed attempt (capped at 30 s). */
  retryDelayMs: number;
  /** Longest silence tolerated: connecting, waiting for headers, or between body chunks. */
  timeoutMs: number;
  onEvent?: (event: FetchEvent) => void;
}

/** How a download went. */
export interface DownloadResult {
  /** Size of the completed `.part` file. */
  bytes: number;
  /** True when some of the bytes came from an earlier attempt (Range resume). */
  resumed: boolean;
  /** Requests made, retries included. */
  attempts: number;
}

/** A failed attempt: whether trying the same URL again can help. */
class AttemptError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

const MAX_REDIRECTS = 5;
const MAX_DELAY_MS = 30_000;
const PROGRESS_EVERY_MS = 100;
// Local disk faults: retrying or trying another source cannot help, so they stop the download.
const LOCAL_FAULTS = new Set(['ENOSPC', 'EACCES', 'EPERM', 'EROFS', 'EISDIR', 'ENOTDIR', 'EDQUOT']);
// Faults that mean the host will not answer soon: move on to the next source at once.
const HOST_FAULTS = new Set(['ENOTFOUND', 'ERR_INVALID_URL', 'ERR_TLS_CERT_ALTNAME_INVALID']);

/**
 * Downloads `url` into `partPath`, appending to what is already there (HTTP Range), with retries
 * and exponential back-off. A server that ignores Range (200 instead of 206), answers at another
 * offset or says 416 makes it start over from byte 0. Throws {@link DataError} `download` when the
 * URL cannot deliver (after retries for transient faults), `io` when the local disk fails.
 */
export async function downloadWithResume(
  url: URL,
  partPath: string,
  options: DownloadOptions,
): Promise<DownloadResult> {
  let resumed = false;
  for (let attempt = 0; ; attempt++) {
    try {
      const r = await attemptOnce(url, partPath, options);
      resumed ||= r.resumed;
      return { bytes: r.bytes, resumed, attempts: attempt + 1 };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code && LOCAL_FAULTS.has(code))
        throw new DataError(
          'io',
          `${partPath}: cannot write the download (${(e as Error).message}). Free some space or choose another folder (--data-dir / FMNIST_DATA).`,
          options.file,
        );
      const why = e instanceof AttemptError ? e.message : describeNetworkError(e);
      const retryable = e instanceof AttemptError ? e.retryable : !(code && HOST_FAULTS.has(code));
      if (!retryable || attempt >= options.retries) {
        const tries = attempt > 0 ? ` (${attempt + 1} attempts)` : '';
        throw new DataError('download', `${url.href}: ${why}${tries}`, options.file);
      }
      const delay = Math.min(options.retryDelayMs * 2 ** attempt, MAX_DELAY_MS);
      options.onEvent?.({
        type: 'notice',
        file: options.file,
        message: `${url.href}: ${why}; retry ${attempt + 1} of ${options.retries} in ${delay} ms`,
      });
      await sleep(delay);
    }
  }
}

async function attemptOnce(
  url: URL,
  partPath: string,
  o: DownloadOptions,
): Promise<{ bytes: number; resumed: boolean }> {
  let offset = await sizeOf(partPath);
  let res = await get(url, offset, o.timeoutMs);
  let append = false;
  if (res.statusCode === 416 && offset > 0) {
    // Our .part is longer than the file (or the server will not serve that range): start over.
    res.resume();
    o.onEvent?.({ type: 'notice', file: o.file, message: `server refused to resume; restarting` });
    offset = 0;
    res = await get(url, 0, o.timeoutMs);
  }
  const status = res.statusCode ?? 0;
  let total: number | undefined;
  if (status === 206) {
    const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(res.headers['content-range'] ?? '');
    if (!m || Number(m[1]) !== offset) {
      res.destroy();
      await truncate(partPath, 0);
      throw new AttemptError(
        `server resumed at the wrong offset (${res.headers['content-range'] ?? 'no Content-Range'}); starting over`,
        true,
      );
    }
    total = m[2] === '*' ? undefined : Number(m[2]);
    append = true;
  } else if (status === 200) {
    if (offset > 0)
      o.onEvent?.({
        type: 'notice',
        file: o.file,
        message: `server ignored the Range request; restarting from byte 0`,
      });
    offset = 0;
    const len = res.headers['content-length'];
    total = len !== undefined && /^\d+$/.test(len) ? Number(len) : undefined;
  } else {
    res.resume();
    // 408 and 429 are "try again later"; 5xx is the server's fault and often passes; other 4xx won't.
    const retryable = status === 408 || status === 429 || status >= 500;
    throw new AttemptError(`HTTP ${status} ${res.statusMessage ?? ''}`.trim(), retryable);
  }

  o.onEvent?.({ type: 'start', file: o.file, url: url.href, offset, ...(total ? { total } : {}) });
  const started = performance.now();
  let received = offset;
  let lastEvent = started;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.length;
      const t = performance.now();
      if (o.onEvent && t - lastEvent >= PROGRESS_EVERY_MS) {
        lastEvent = t;
        const rate = ((received - offset) * 1000) / Math.max(t - started, 1);
        o.onEvent({
          type: 'progress',
          file: o.file,
          url: url.href,
          received,
          ...(total ? { total, etaS: rate > 0 ? (total - received) / rate : undefined } : {}),
          rate,
        });
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(res, tap, createWriteStream(partPath, { flags: append ? 'a' : 'w' }));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code && LOCAL_FAULTS.has((e as NodeJS.ErrnoException).code!))
      throw e;
    const timedOut = (res as TimedResponse).timedOut;
    throw new AttemptError(
      timedOut
        ? `no data for ${o.timeoutMs} ms after ${received} bytes (timed out)`
        : `connection lost after ${received}${total ? ` of ${total}` : ''} bytes (${describeNetworkError(e)})`,
      true,
    );
  }
  const bytes = await sizeOf(partPath);
  if (total !== undefined && bytes !== total)
    throw new AttemptError(`body ended after ${bytes} of ${total} bytes (truncated)`, true);
  return { bytes, resumed: offset > 0 };
}

type TimedResponse = IncomingMessage & { timedOut?: boolean };

/** GET with an optional `Range: bytes=<offset>-`, following redirects, with an idle timeout. */
async function get(url: URL, offset: number, timeoutMs: number): Promise<TimedResponse> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const res = await request(current, offset, timeoutMs);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status >= 300 && status < 400 && location) {
      res.resume();
      current = new URL(location, current);
      continue;
    }
    return res;
  }
  throw new AttemptError(`more than ${MAX_REDIRECTS} redirects`, false);
}

function request(url: URL, offset: number, timeoutMs: number): Promise<TimedResponse> {
  const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
  if (!client)
    return Promise.reject(new AttemptError(`unsupported protocol ${url.protocol}`, false));
  return new Promise((resolvePromise, reject) => {
    const headers: Record<string, string> = {
      // Identity: the .gz bytes themselves, never a transfer-compressed view of them.
      'accept-encoding': 'identity',
      'user-agent': 'fmnist (+https://github.com/zalandoresearch/fashion-mnist)',
    };
    if (offset > 0) headers.range = `bytes=${offset}-`;
    // No keep-alive agent: one socket per request, so a reset or timeout never poisons the next.
    const req = client.get(url, { headers, agent: false });
    let res: TimedResponse | undefined;
    // The socket timeout is an idle timeout: it fires on silence while connecting, waiting for
    // headers, or between body chunks, which is what "slow server" means for a large file.
    req.setTimeout(timeoutMs, () => {
      if (res) res.timedOut = true;
      req.destroy(new AttemptError(`no answer for ${timeoutMs} ms (timed out)`, true));
    });
    req.once('response', (r: TimedResponse) => {
      res = r;
      resolvePromise(r);
    });
    req.once('error', reject);
  });
}

function describeNetworkError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOTFOUND') return `host not found (${err.message})`;
  if (err.code === 'ECONNREFUSED') return `connection refused`;
  if (err.code === 'ECONNRESET') return `connection reset`;
  return err.code ? `${err.code}: ${err.message}` : (err.message ?? String(e));
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
