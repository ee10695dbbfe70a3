// `fmnist serve` and `fmnist data sprite` as commander commands (the CLI package mounts them).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerServeCommand, registerSpriteCommand, serveDashboard } from '../src/index.js';
import { FASHION_DIR, FIXTURES } from './helpers.js';

const capture = (cwd: string) => {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => err.push(s) },
      cwd,
    },
  };
};

describe('fmnist data sprite', () => {
  it('writes the projector files under --out', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'fmnist-cli-'));
    const { out, io } = capture(cwd);
    const program = new Command('fmnist').exitOverride();
    registerSpriteCommand(program.command('data'), { io });
    await program.parseAsync(
      ['data', 'sprite', '--out', 'proj', '--limit', '50', '--dir', FASHION_DIR],
      {
        from: 'user',
      },
    );
    expect(out.join('')).toContain('50 images, 8×8 tiles, 224×224 px');
    expect(
      readFileSync(join(cwd, 'proj', 'metadata.tsv'), 'utf8')
        .trimEnd()
        .split('\n'),
    ).toHaveLength(51);
  });

  it('rejects a bad split or limit', async () => {
    const program = new Command('fmnist')
      .exitOverride()
      .configureOutput({ writeErr: () => undefined });
    registerSpriteCommand(program.command('data').exitOverride(), { io: capture('/').io });
    await expect(
      program.parseAsync(['data', 'sprite', '--out', 'x', '--split', 'valid'], { from: 'user' }),
    ).rejects.toThrow(/valid/);
    await expect(
      program.parseAsync(['data', 'sprite', '--out', 'x', '--limit', '0'], { from: 'user' }),
    ).rejects.toThrow(/≥ 1/);
  });
});

describe('fmnist serve', () => {
  it('declares its options with the defaults of the issue', () => {
    const serve = registerServeCommand(new Command('fmnist'), { io: capture('/').io });
    const defaults = Object.fromEntries(serve.options.map((o) => [o.long, o.defaultValue]));
    expect(defaults).toMatchObject({
      '--results': ['results.jsonl'],
      '--port': 8080,
      '--host': '127.0.0.1',
      '--open': undefined,
    });
  });

  it('serves relative result paths and warns when not on localhost', async () => {
    const { out, err, io } = capture(FIXTURES);
    const server = await serveDashboard(
      { results: ['results.jsonl'], port: 0, host: '0.0.0.0' },
      io,
    );
    try {
      expect(out.join('')).toContain(`dashboard: http://localhost:${server.port}/`);
      expect(out.join('')).toContain(join(FIXTURES, 'results.jsonl'));
      expect(err.join('')).toContain('warning: listening on 0.0.0.0');
      const res = await fetch(`http://127.0.0.1:${server.port}/api/files`);
      expect(((await res.json()) as { label: string }[])[0].label).toBe('results.jsonl');
    } finally {
      await server.close();
    }
  });
});
