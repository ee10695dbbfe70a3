import { createReadStream } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { ApiError, ResultsChange, RunResponse, RunSnapshot } from '../shared/api-types.js';
import { DatasetRequestError, DatasetStore, type DataDirs } from './dataset-store.js';
import { ResultsStore } from './results-store.js';
import { contentType, resolveStatic } from './static-files.js';

/** Options of {@link createServer}. */
export interface ServerOptions {
  /** Results files (JSONL), addressed by position in the API; missing files are served as empty. */
  results: string[];
  /** Fashion-MNIST's folder (default: the search path of `fmnist data`). */
  dataDir?: string;
  /** MNIST's folder (default: the search path). */
  mnistDir?: string;
  /** The built front end (default: this package's `dist/web`). */
  staticDir?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the dashboard is for the person at this machine. */
  host?: string;
  /** How often results files are checked for changes (ms, default 500). */
  pollMs?: number;
  /** A benchmark running in this process, whose progress the page shows (`fmnist start`). */
  run?: LiveRun;
}

/**
 * A benchmark run in the server's own process: `@fmnist/bench`'s `RunProgress` fits `progress`.
 * Only `fmnist start` has one; a server that watches results files shows what the files say.
 */
export interface LiveRun {
  /** The results file it appends to (an index into `results`). */
  file: number;
  /** What runs, in words ("the quick benchmark"). */
  title: string;
  progress: { snapshot(): RunSnapshot; onChange(listener: () => void): () => void };
}

/** How often a running benchmark's state is pushed between its events (its clock and ETA move). */
const RUN_PUSH_MS = 5_000;

/** A running dashboard server. */
export interface DashboardServer {
  server: http.Server;
  /** `http://host:port/`, with the port actually bound. */
  url: string;
  port: number;
  results: ResultsStore;
  datasets: DatasetStore;
  close(): Promise<void>;
}

/** The front end Vite builds: `dist/web` of this package (the same from `src/server` or `dist/server`). */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url));

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // Observable Plot writes style attributes into its SVG, hence 'unsafe-inline' for styles only.
  'Content-Security-Policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'",
};

/**
 * Starts the dashboard's HTTP server: the built front end from `staticDir` and a JSON API over the
 * results files and the datasets (see `docs/decisions/0007-dashboard.md` for the routes). Plain
 * `node:http`: a dozen GET routes need no framework.
 */
export async function createServer(options: ServerOptions): Promise<DashboardServer> {
  const host = options.host ?? '127.0.0.1';
  const staticDir = options.staticDir ?? DEFAULT_STATIC_DIR;
  const results = new ResultsStore(options.results, options.pollMs);
  const dirs: DataDirs = {};
  if (options.dataDir) dirs.fashion = options.dataDir;
  if (options.mnistDir) dirs.mnist = options.mnistDir;
  const datasets = new DatasetStore(dirs);
  const streams = new Set<http.ServerResponse>();
  const run = options.run;
  const runResponse = (): RunResponse =>
    run
      ? { active: true, file: run.file, title: run.title, run: run.progress.snapshot() }
      : { active: false };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: (err as Error).message ?? String(err) });
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // DNS rebinding guard: a loopback-bound server answers only to loopback host names.
    if (LOOPBACK.has(host) && !LOOPBACK.has(hostName(req.headers.host))) {
      return sendJson(res, 403, { error: 'this server answers only to localhost.' });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendJson(res, 405, { error: `${req.method} is not allowed.` });
    }
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const pathname = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
    const params = new URLSearchParams(q >= 0 ? rawUrl.slice(q + 1) : '');
    if (pathname === '/api' || pathname.startsWith('/api/')) return api(pathname, params, req, res);
    return serveStatic(pathname, req, res);
  }

  async function api(
    pathname: string,
    params: URLSearchParams,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> {
    const fileIndex = (name: string, fallback?: number): number => {
      const v = params.get(name);
      const i = v === null ? (fallback ?? NaN) : /^\d+$/.test(v) ? Number(v) : NaN;
      if (!results.has(i))
        throw new DatasetRequestError(
          404,
          results.paths.length === 0
            ? 'no results files: start the server with --results FILE.'
            : `${name} must be 0..${results.paths.length - 1}.`,
        );
      return i;
    };
    try {
      if (pathname === '/api/files') return sendJson(res, 200, await results.files());
      if (pathname === '/api/results') {
        const r = await results.read(fileIndex('file', 0));
        const etag = `"${r.mtimeMs}-${r.size}"`;
        res.setHeader('ETag', etag);
        res.setHeader('Cache-Control', 'no-cache');
        if (r.exists) res.setHeader('Last-Modified', new Date(r.mtimeMs).toUTCString());
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304, SECURITY_HEADERS).end();
          return;
        }
        return sendJson(res, 200, r);
      }
      if (pathname === '/api/results/stream') return stream(req, res);
      if (pathname === '/api/run') {
        res.setHeader('Cache-Control', 'no-cache');
        return sendJson(res, 200, runResponse());
      }
      if (pathname === '/api/compare')
        return sendJson(res, 200, await results.compare(fileIndex('a'), fileIndex('b')));
      if (pathname === '/api/datasets') return sendJson(res, 200, datasets.list());
      const m = /^\/api\/dataset\/([a-z]+)\/([a-z]+)\/(samples|mean|balance|image\/(\d+))$/.exec(
        pathname,
      );
      if (m) {
        const [, name, split, what, index] = m;
        if (what === 'samples') {
          const perClass = intParam(params, 'perClass', 10, 1, 100);
          const offset = intParam(params, 'offset', 0, 0, 1e6);
          const cls = params.get('class');
          const onlyClass =
            cls === null || cls === '' ? undefined : intParam(params, 'class', 0, 0, 255);
          return sendJson(
            res,
            200,
            await datasets.samples(name, split, { perClass, onlyClass, offset }),
          );
        }
        if (what === 'mean') return sendJson(res, 200, await datasets.mean(name, split));
        if (what === 'balance') return sendJson(res, 200, await datasets.balance(name, split));
        return sendJson(res, 200, await datasets.image(name, split, Number(index)));
      }
      return sendJson(res, 404, { error: `no such API route: ${pathname}` });
    } catch (err) {
      if (err instanceof DatasetRequestError)
        return sendJson(res, err.status, { error: err.message });
      throw err;
    }
  }

  function stream(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    // The client reconnects after `retry` ms if the server restarts; comments keep proxies open.
    res.write('retry: 1000\n\n');
    const send = (change: ResultsChange) =>
      res.write(`event: change\ndata: ${JSON.stringify(change)}\n\n`);
    const stop = results.watch(send);
    const beat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    beat.unref();
    // A run in this process: its state on each of its events, and every few seconds while it runs.
    const sendRun = () => res.write(`event: run\ndata: ${JSON.stringify(runResponse())}\n\n`);
    const stopRun = run?.progress.onChange(sendRun);
    const push = run
      ? setInterval(() => {
          if (run.progress.snapshot().state === 'running') sendRun();
        }, RUN_PUSH_MS)
      : undefined;
    push?.unref();
    streams.add(res);
    const done = () => {
      clearInterval(beat);
      clearInterval(push);
      stop();
      stopRun?.();
      streams.delete(res);
    };
    req.on('close', done);
    res.on('close', done);
  }

  async function serveStatic(
    pathname: string,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> {
    const found = await resolveStatic(staticDir, pathname);
    if ('refused' in found) {
      if (found.refused === 'bad-path')
        return sendJson(res, 403, { error: 'path outside the dashboard refused.' });
      if (pathname === '/' || pathname === '/index.html')
        return sendJson(res, 404, {
          error: `the dashboard is not built (${staticDir} has no index.html): run npm run build.`,
        });
      return sendJson(res, 404, { error: `not found: ${pathname}` });
    }
    const type = contentType(found.file);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': type,
      // Vite's assets carry a content hash in their names: cache them; never cache the page.
      'Cache-Control': pathname.startsWith('/assets/')
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(found.file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? 'localhost' : host;
  return {
    server,
    url: `http://${shownHost}:${port}/`,
    port,
    results,
    datasets,
    close: () =>
      new Promise<void>((done) => {
        results.close();
        for (const s of streams) s.end();
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

function hostName(header: string | undefined): string {
  if (!header) return '';
  if (header.startsWith('[')) return header.slice(1, header.indexOf(']'));
  return header.replace(/:\d+$/, '').toLowerCase();
}

function intParam(
  params: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const v = params.get(name);
  if (v === null || v === '') return fallback;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max)
    throw new DatasetRequestError(400, `${name} must be a whole number in ${min}..${max}.`);
  return n;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown | ApiError): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
