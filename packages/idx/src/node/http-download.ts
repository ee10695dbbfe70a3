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
  /** Retries after the first attempt for a `flaky` fault (reset, truncation, 408/429/5xx). */
  retries: number;
  /** First back-off delay; doubles after each failed attempt (capped at 30 s). */
  retryDelayMs: number;
  /** Longest wait for the response headers of a request: TCP connect, TLS and the server's first byte. */
  connectTimeoutMs: number;
  /** Longest silence tolerated between two chunks of the body. */
  idleTimeoutMs: number;
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
  /** The Content-Type the server declared for the body kept (an HTML page is worth naming). */
  contentType?: string;
}

/**
 * Why a source could not deliver a file, which decides what happens next:
 * - `silent`: no response within the connect timeout, or no byte within the idle timeout. A
 *   server that holds a connection open and says nothing is dead for this run; not retried here.
 * - `unreachable`: refused, unknown host, TLS failure, redirect loop: will not answer soon either.
 * - `flaky`: resets, truncated bodies, 408/429/5xx: retried with back-off (and a Range resume)
 *   before it is reported, because these usually pass.
 * - `missing`: 404 and other 4xx: this file is not there, though the source may hold the others.
 */
export type SourceFault = 'silent' | 'unreachable' | 'flaky' | 'missing';

/** {@link downloadWithResume}'s failure: a `download` {@link DataError} that says which fault. */
export class DownloadError extends DataError {
  constructor(
    readonly url: URL,
    /** What went wrong, without the URL: `connection refused`, `HTTP 404 Not Found`, … */
    readonly reason: string,
    file: string,
    readonly fault: SourceFault,
  ) {
    super('download', `${url.href}: ${reason}`, file);
  }
}

/** A failed attempt and its fault; only `flaky` ones are tried again on the same URL. */
class AttemptError extends Error {
  constructor(
    message: string,
    readonly fault: SourceFault,
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
const HOST_FAULTS = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_INVALID_URL',
]);
// The operating system's own connect timeout: the same verdict as ours.
const SILENT_FAULTS = new Set(['ETIMEDOUT']);

/** The fault a Node network error stands for. */
function faultOf(e: unknown): SourceFault {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (SILENT_FAULTS.has(code)) return 'silent';
  // Certificate and TLS failures: the same server will present the same certificate again.
  if (
    HOST_FAULTS.has(code) ||
    /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED)/.test(code)
  )
    return 'unreachable';
  return 'flaky';
}

/**
 * Downloads `url` into `partPath`, appending to what is already there (HTTP Range). `flaky`
 * faults are retried with exponential back-off, each retry resuming where the last one stopped;
 * the other faults are thrown at once as a {@link DownloadError} (the caller decides whether
 * another source, or this one later, is worth a try). A server that ignores Range (200 instead of
 * 206), answers at another offset or says 416 makes it start over from byte 0. Throws a
 * {@link DataError} `io` when the local disk fails.
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
      return {
        bytes: r.bytes,
        resumed,
        attempts: attempt + 1,
        ...(r.contentType ? { contentType: r.contentType } : {}),
      };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code && LOCAL_FAULTS.has(code))
        throw new DataError(
          'io',
          `${partPath}: cannot write the download (${(e as Error).message}). Free some space or choose another folder (--data-dir / FMNIST_DATA).`,
          options.file,
        );
      const why = e instanceof AttemptError ? e.message : describeNetworkError(e);
      const fault = e instanceof AttemptError ? e.fault : faultOf(e);
      if (fault !== 'flaky' || attempt >= options.retries) {
        const tries = attempt > 0 ? ` (${attempt + 1} attempts)` : '';
        throw new DownloadError(url, `${why}${tries}`, options.file, fault);
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
): Promise<{ bytes: number; resumed: boolean; contentType?: string }> {
  let offset = await sizeOf(partPath);
  o.onEvent?.({ type: 'connect', file: o.file, url: url.href });
  let res = await get(url, offset, o);
  let append = false;
  if (res.statusCode === 416 && offset > 0) {
    // Our .part is longer than the file (or the server will not serve that range): start over.
    res.resume();
    o.onEvent?.({ type: 'notice', file: o.file, message: `server refused to resume; restarting` });
    offset = 0;
    res = await get(url, 0, o);
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
        'flaky',
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
    const fault = status === 408 || status === 429 || status >= 500 ? 'flaky' : 'missing';
    throw new AttemptError(`HTTP ${status} ${res.statusMessage ?? ''}`.trim(), fault);
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
    if ((res as TimedResponse).timedOut)
      throw new AttemptError(
        `no data for ${seconds(o.idleTimeoutMs)} after ${received} bytes (idle timeout)`,
        'silent',
      );
    throw new AttemptError(
      `connection lost after ${received}${total ? ` of ${total}` : ''} bytes (${describeNetworkError(e)})`,
      'flaky',
    );
  }
  const bytes = await sizeOf(partPath);
  if (total !== undefined && bytes !== total)
    throw new AttemptError(`body ended after ${bytes} of ${total} bytes (truncated)`, 'flaky');
  const contentType = res.headers['content-type'];
  return { bytes, resumed: offset > 0, ...(contentType ? { contentType } : {}) };
}

type TimedResponse = IncomingMessage & { timedOut?: boolean };

/** GET with an optional `Range: bytes=<offset>-`, following redirects, with both timeouts. */
async function get(url: URL, offset: number, o: DownloadOptions): Promise<TimedResponse> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const res = await request(current, offset, o);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status >= 300 && status < 400 && location) {
      res.resume();
      current = new URL(location, current);
      continue;
    }
    return res;
  }
  throw new AttemptError(`more than ${MAX_REDIRECTS} redirects`, 'unreachable');
}

function request(url: URL, offset: number, o: DownloadOptions): Promise<TimedResponse> {
  const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
  if (!client)
    return Promise.reject(new AttemptError(`unsupported protocol ${url.protocol}`, 'unreachable'));
  return new Promise((resolvePromise, reject) => {
    const headers: Record<string, string> = {
      // Identity: the .gz bytes themselves, never a transfer-compressed view of them.
      'accept-encoding': 'identity',
      'user-agent': 'fmnist (+https://github.com/zalandoresearch/fashion-mnist)',
    };
    if (offset > 0) headers.range = `bytes=${offset}-`;
    // No keep-alive agent: one socket per request, so a reset or timeout never poisons the next.
    const req = client.get(url, { headers, agent: false });
    // Until the headers are in, a deadline rather than an idle timer: a server that accepts the
    // connection and says nothing (or trickles a byte now and then) is given connectTimeoutMs in
    // all, which is what makes a dead mirror cost seconds.
    const deadline = setTimeout(
      () =>
        req.destroy(
          new AttemptError(
            `no response within ${seconds(o.connectTimeoutMs)} (connect timeout)`,
            'silent',
          ),
        ),
      o.connectTimeoutMs,
    );
    req.once('response', (res: TimedResponse) => {
      clearTimeout(deadline);
      // From here on the socket timeout is an idle timeout: it fires only when no byte has come
      // for idleTimeoutMs, so a large file on a slow but live link is never cut off.
      req.setTimeout(o.idleTimeoutMs, () => {
        res.timedOut = true;
        req.destroy(new Error('idle timeout'));
      });
      resolvePromise(res);
    });
    req.on('error', (e) => {
      clearTimeout(deadline);
      reject(e);
    });
  });
}

/** `10 s`, `250 ms`: timeouts as people set them. */
function seconds(ms: number): string {
  return ms >= 1000 && ms % 100 === 0 ? `${ms / 1000} s` : `${ms} ms`;
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
