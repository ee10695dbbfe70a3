import type { Command } from 'commander';
import { verifyDataset } from '@fmnist/idx/node';
import type { CliContext } from '../context.js';
import { EXIT } from '../errors.js';
import { absolute, datasetOption, dirOption, specOf } from './options.js';

// `unverifiable` (MNIST kept decompressed: nothing to check the content against) is a warning.
const FAILING = new Set(['mismatch', 'missing', 'unreadable']);

/** Registers `fmnist data verify`: exit 2 when a file is missing or is not the dataset's. */
export function registerDataVerify(data: Command, ctx: CliContext): void {
  data
    .command('verify')
    .description("check each file's identity (size and SHA-256 of its content); exit 2 on a fault")
    .addOption(datasetOption())
    .addOption(dirOption())
    .action(async (opts: { dataset: string; dir?: string }) => {
      const spec = specOf(opts.dataset);
      const report = await verifyDataset(spec, { dataDir: absolute(ctx.io.cwd, opts.dir) });
      const { stdout, stderr } = ctx.io;
      for (const f of report.files) {
        const where = f.path ? `${f.path} (${f.foundBy})` : '(not found)';
        stdout.write(`${f.status.padEnd(12)} ${f.name}  ${where}\n  ${f.detail}\n`);
      }
      const bad = report.files.filter((f) => FAILING.has(f.status));
      if (bad.length > 0) {
        stderr.write(
          `fmnist: ${bad.length} of ${report.files.length} ${spec.title} files failed verification ` +
            `(${bad.map((f) => `${f.name}: ${f.status}`).join(', ')}). ` +
            `Run \`fmnist data fetch --dataset ${spec.name} --force\` to replace them.\n`,
        );
        ctx.exitCode = EXIT.data;
      }
    });
}
