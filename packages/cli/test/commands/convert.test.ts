// `fmnist convert` through commander, in-process, with the CLI's error conventions.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerConvert } from '../../src/commands/convert.js';
import type { CliContext } from '../../src/context.js';

function harness() {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = {
    io: {
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => err.push(s) },
      cwd: tmpdir(),
    },
    exitCode: 0,
  };
  const program = new Command('fmnist')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerConvert(program, ctx);
  const run = (...args: string[]) => program.parseAsync(['node', 'fmnist', ...args]);
  return { run, ctx, out, err };
}

describe('fmnist convert', () => {
  it('usage errors exit 1 with a message', async () => {
    for (const args of [
      ['convert', 'x'],
      ['convert', '--out', 'o'],
      ['convert', 'x', '--out', 'o', '--seed', 'abc'],
      ['convert', 'x', '--out', 'o', '--train-per-class', '5', '--test-fraction', '0.1'],
      ['convert', 'x', '--out', 'o', '--fill', 'mauve'],
    ]) {
      const h = harness();
      const e = await h.run(...args).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(CommanderError);
      expect((e as CommanderError).exitCode).toBe(1);
      expect(h.err.join('')).not.toBe('');
    }
  });

  it('a missing input folder is a data fault', async () => {
    const h = harness();
    await expect(
      h.run('convert', '/nonexistent/pictures', '--out', join(tmpdir(), 'never')),
    ).rejects.toMatchObject({
      name: 'DataError',
      code: 'not-found',
    });
  });

  it.skipIf(!existsSync('/usr/share/datasets/fashion-mnist'))(
    '--demo converts Fashion-MNIST thumbnails',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'fmnist-demo-'));
      try {
        const h = harness();
        await h.run(
          'convert',
          '--demo',
          '--demo-count',
          '60',
          '--out',
          dir,
          '--train-per-class',
          '3',
          '--fuzz',
          '5%',
        );
        expect(h.ctx.exitCode).toBe(0);
        expect(h.out.join('')).toMatch(/30 training \+ 30 test examples, 10 classes/);
        expect(h.err.join('')).toMatch(/convert: 60\/60 in/);
        const card = JSON.parse(await readFile(join(dir, 'dataset-card.json'), 'utf8'));
        expect(card.classes[0].name).toBe('T-shirt-top');
        expect(card.parameters.fuzz).toBe(0.05);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
