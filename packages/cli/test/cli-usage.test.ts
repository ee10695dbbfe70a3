// The command line itself: help on every command, usage errors (exit 1), data faults (exit 2).
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

const COMMANDS = [
  [],
  ['start'],
  ['data'],
  ['data', 'fetch'],
  ['data', 'verify'],
  ['data', 'info'],
  ['data', 'show'],
  ['data', 'export'],
];

describe('fmnist --help', () => {
  for (const cmd of COMMANDS) {
    it(`fmnist ${[...cmd, '--help'].join(' ')} prints usage and exits 0`, async () => {
      const r = await run([...cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: fmnist ${cmd.join(' ')}`.trim());
      expect(r.stderr).toBe('');
    });
  }

  it('documents the options of data export', async () => {
    const r = await run(['data', 'export', '--help']);
    for (const opt of ['--format', '--dataset', '--split', '--limit', '--out', '--dir']) {
      expect(r.stdout).toContain(opt);
    }
    expect(r.stdout).toMatch(/png.*csv.*npy.*jsonl/s);
  });
});

describe('usage errors exit 1', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown command', ['data', 'frobnicate'], /unknown command 'frobnicate'/],
    ['an unknown option', ['data', 'info', '--bogus'], /unknown option '--bogus'/],
    [
      'an unknown export format',
      ['data', 'export', '--format', 'tiff', '--out', 'x'],
      /'tiff' is invalid\. Allowed choices are png, csv, npy, jsonl/,
    ],
    [
      'an unknown split',
      ['data', 'export', '--format', 'csv', '--split', 'val', '--out', 'x'],
      /'val' is invalid\. Allowed choices are train, test, both/,
    ],
    [
      'an unknown dataset',
      ['data', 'info', '--dataset', 'cifar'],
      /Allowed choices are fashion, mnist/,
    ],
    ['a missing --format', ['data', 'export', '--out', 'x'], /--format <format>' not specified/],
    ['a missing --out', ['data', 'export', '--format', 'csv'], /--out <dir>' not specified/],
    ['a bad number', ['data', 'show', '--per-class', 'ten'], /whole number ≥ 1, got "ten"/],
    ['a zero scale', ['data', 'show', '--scale', '0'], /whole number ≥ 1, got "0"/],
  ];
  for (const [what, args, message] of cases) {
    it(`on ${what}`, async () => {
      const r = await run(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    });
  }
});

describe('data faults exit 2', () => {
  it('a missing data folder: a clear message, no stack', async () => {
    const r = await run(['data', 'info', '--dir', '/nonexistent/fmnist-data', '--split', 'test']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^fmnist: Fashion-MNIST test files not found/);
    expect(r.stderr).toContain('/nonexistent/fmnist-data');
    expect(r.stderr).toContain('fmnist data fetch');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('show and export fail the same way', async () => {
    for (const args of [
      ['data', 'show', '--dir', '/nonexistent', '--out', '/tmp/never.png'],
      ['data', 'export', '--format', 'csv', '--dir', '/nonexistent', '--out', '/tmp/never'],
    ]) {
      const r = await run(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/files not found/);
    }
  });
});

describe('FMNIST_THREADS', () => {
  it('a value that is not a whole number ≥ 1 is a usage error that names it', async () => {
    const old = process.env.FMNIST_THREADS;
    try {
      process.env.FMNIST_THREADS = 'lots';
      const r = await run(['data', 'info', '--help']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('FMNIST_THREADS must be a whole number ≥ 1, got "lots"');
      process.env.FMNIST_THREADS = '3';
      const { defaultThreads } = await import('@fmnist/ml/threads');
      expect((await run(['data', 'info', '--help'])).code).toBe(0);
      expect(defaultThreads()).toBe(3);
    } finally {
      if (old === undefined) delete process.env.FMNIST_THREADS;
      else process.env.FMNIST_THREADS = old;
      const { setDefaultThreads } = await import('@fmnist/ml/threads');
      setDefaultThreads(undefined);
    }
  });
});
