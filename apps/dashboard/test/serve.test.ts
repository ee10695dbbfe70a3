// serveDashboard, what `fmnist serve` and `fmnist start` call (the commands are @fmnist/cli's).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveDashboard } from '../src/index.js';
import { FIXTURES } from './helpers.js';

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

describe('serveDashboard', () => {
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
