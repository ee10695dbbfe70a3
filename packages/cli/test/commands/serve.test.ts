// `fmnist data sprite` and `fmnist serve` through the real CLI (in-process `main`).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/program.js';
import { DEBIAN_DIR, run } from '../helpers.js';

describe('fmnist data sprite', () => {
  it('writes the projector files under --out', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'fmnist-cli-'));
    const r = await run(
      ['data', 'sprite', '--out', 'proj', '--limit', '50', '--dir', DEBIAN_DIR],
      cwd,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('50 images, 8×8 tiles, 224×224 px');
    expect(
      readFileSync(join(cwd, 'proj', 'metadata.tsv'), 'utf8')
        .trimEnd()
        .split('\n'),
    ).toHaveLength(51);
  });

  it('rejects a bad split or limit with a usage error', async () => {
    const split = await run(['data', 'sprite', '--out', 'x', '--split', 'valid']);
    expect(split.code).toBe(1);
    expect(split.stderr).toMatch(/valid/);
    const limit = await run(['data', 'sprite', '--out', 'x', '--limit', '0']);
    expect(limit.code).toBe(1);
    expect(limit.stderr).toMatch(/≥ 1/);
  });
});

describe('fmnist serve', () => {
  it('declares its options with the defaults of the issue', () => {
    const io = { stdout: { write: () => true }, stderr: { write: () => true }, cwd: '/' };
    const serve = buildProgram({ io, exitCode: 0 }).commands.find((c) => c.name() === 'serve')!;
    const defaults = Object.fromEntries(serve.options.map((o) => [o.long, o.defaultValue]));
    expect(defaults).toMatchObject({
      '--results': ['results.jsonl'],
      '--port': 8080,
      '--host': '127.0.0.1',
      '--open': undefined,
    });
  });

  it('rejects a port out of range', async () => {
    const r = await run(['serve', '--port', '70000']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('expected a port 0..65535, got "70000"');
  });
});
