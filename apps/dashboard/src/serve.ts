import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { DashboardServer, LiveRun } from './server/create-server.js';

/** Where the dashboard reports; `@fmnist/cli`'s `CliIo` fits, and so do test doubles. */
export interface DashboardIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** Relative paths resolve against this folder. */
  cwd: string;
}

const processIo = (): DashboardIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
});

/** Options of {@link serveDashboard}. */
export interface ServeOptions {
  results: string[];
  port?: number;
  host?: string;
  open?: boolean;
  dataDir?: string;
  mnistDir?: string;
  staticDir?: string;
  /** A benchmark running in this process, shown live on the page (`fmnist start`). */
  run?: LiveRun;
}

/**
 * Starts the dashboard and says where it is (what `fmnist serve` and `fmnist start` do). Resolves once listening; the caller decides how long to keep it (see {@link untilSignal}).
 */
export async function serveDashboard(
  options: ServeOptions,
  io: DashboardIo = processIo(),
): Promise<DashboardServer> {
  const results = options.results.map((f) => resolve(io.cwd, f));
  const host = options.host ?? '127.0.0.1';
  // The server (and the benchmark code its results use) is loaded when it starts, not with `fmnist`.
  const { createServer } = await import('./server/create-server.js');
  const server = await createServer({
    results,
    port: options.port ?? 8080,
    host,
    dataDir: options.dataDir && resolve(io.cwd, options.dataDir),
    mnistDir: options.mnistDir && resolve(io.cwd, options.mnistDir),
    staticDir: options.staticDir,
    run: options.run,
  });
  io.stdout.write(`dashboard: ${server.url}\n`);
  for (const f of results) io.stdout.write(`  results: ${f}\n`);
  if (!['127.0.0.1', '::1', 'localhost'].includes(host))
    io.stderr.write(
      `warning: listening on ${host}: anyone who can reach this machine can read the results and data.\n`,
    );
  if (options.open) openBrowser(server.url);
  return server;
}

/** Resolves after SIGINT or SIGTERM, once the server is closed. */
export function untilSignal(server: DashboardServer): Promise<void> {
  return new Promise((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Opens `url` in the desktop's browser; silently does nothing where there is none. */
export function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  try {
    spawn(cmd, args, { stdio: 'ignore', detached: true })
      .on('error', () => undefined)
      .unref();
  } catch {
    // No opener: the URL is printed anyway.
  }
}
