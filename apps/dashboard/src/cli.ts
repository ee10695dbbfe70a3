import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { DashboardServer, LiveRun } from './server/create-server.js';

/** Where a command writes; `@fmnist/cli`'s `CliContext` fits, and so do test doubles. */
export interface DashboardIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** Relative paths resolve against this folder. */
  cwd: string;
}

/** The part of `@fmnist/cli`'s context these commands use. */
export interface DashboardContext {
  io: DashboardIo;
}

const processContext = (): DashboardContext => ({
  io: { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() },
});

const port = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535)
    throw new InvalidArgumentError(`expected a port 0..65535, got "${value}".`);
  return n;
};

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
  io: DashboardIo = processContext().io,
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

/**
 * Registers `fmnist serve`: the dashboard over results files (default `results.jsonl`, what
 * `fmnist bench run` writes), live while a benchmark appends to them, until Ctrl-C.
 */
export function registerServeCommand(
  program: Command,
  ctx: DashboardContext = processContext(),
): Command {
  return program
    .command('serve')
    .description('serve the web dashboard: benchmark results and the dataset, in a browser')
    .option('--results <file...>', 'results files (JSON lines); two or more can be compared', [
      'results.jsonl',
    ])
    .option('--port <port>', 'TCP port (0 = any free port)', port, 8080)
    .option('--host <host>', 'interface to listen on (localhost only by default)', '127.0.0.1')
    .option('--open', 'open the dashboard in the default browser')
    .addOption(new Option('--dir <dir>', "Fashion-MNIST's folder (default: the search path)"))
    .addOption(new Option('--mnist-dir <dir>', "MNIST's folder (default: the search path)"))
    .action(
      async (opts: {
        results: string[];
        port: number;
        host: string;
        open?: boolean;
        dir?: string;
        mnistDir?: string;
      }) => {
        const server = await serveDashboard(
          {
            results: opts.results,
            port: opts.port,
            host: opts.host,
            open: opts.open,
            dataDir: opts.dir,
            mnistDir: opts.mnistDir,
          },
          ctx.io,
        );
        ctx.io.stdout.write('press Ctrl-C to stop\n');
        await untilSignal(server);
      },
    );
}

/** Registers `fmnist data sprite` under the `data` command. */
export function registerSpriteCommand(
  data: Command,
  ctx: DashboardContext = processContext(),
): Command {
  const whole = (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < 1)
      throw new InvalidArgumentError(`expected a whole number ≥ 1, got "${value}".`);
    return n;
  };
  return data
    .command('sprite')
    .description('TensorBoard projector files: sprite.png (all images), metadata.tsv, config')
    .requiredOption('--out <dir>', 'output folder (created if missing)')
    .addOption(
      new Option('--split <split>', 'which split').choices(['train', 'test']).default('test'),
    )
    .addOption(
      new Option('--dataset <name>', 'which dataset')
        .choices(['fashion', 'mnist'])
        .default('fashion'),
    )
    .option('--dir <dir>', "the dataset's folder (default: the search path)")
    .option('--limit <n>', 'only the first n images', whole)
    .option('--invert', 'dark on white, as upstream sprites')
    .action(
      async (opts: {
        out: string;
        split: 'train' | 'test';
        dataset: 'fashion' | 'mnist';
        dir?: string;
        limit?: number;
        invert?: boolean;
      }) => {
        const { writeSprite } = await import('./sprite.js'); // sharp: loaded when needed
        const r = await writeSprite({
          out: resolve(ctx.io.cwd, opts.out),
          split: opts.split,
          dataset: opts.dataset,
          dataDir: opts.dir && resolve(ctx.io.cwd, opts.dir),
          limit: opts.limit,
          invert: opts.invert,
        });
        ctx.io.stdout.write(
          `sprite: ${r.sprite} (${r.n} images, ${r.side}×${r.side} tiles, ${r.size}×${r.size} px)\n` +
            `metadata: ${r.metadata}\nconfig: ${r.config}\n`,
        );
      },
    );
}
