import { Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import { portArg } from './options.js';

/**
 * Registers `fmnist serve`: the dashboard over results files (default `results.jsonl`, what
 * `fmnist bench run` writes), live while a benchmark appends to them, until Ctrl-C.
 */
export function registerServe(program: Command, ctx: CliContext): Command {
  return program
    .command('serve')
    .description('serve the web dashboard: benchmark results and the dataset, in a browser')
    .option('--results <file...>', 'results files (JSON lines); two or more can be compared', [
      'results.jsonl',
    ])
    .option('--port <port>', 'TCP port (0 = any free port)', portArg, 8080)
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
        // The dashboard's server is loaded when it starts, not with every `fmnist` command.
        const { serveDashboard, untilSignal } = await import('@fmnist/dashboard/serve');
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
