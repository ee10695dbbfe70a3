import { describe, expect, it } from 'vitest';
import {
  createProgressReporter,
  describeProgress,
  formatBytes,
  formatDuration,
  type FetchEvent,
} from '../../src/node/progress.js';

const F = 'train-images-idx3-ubyte.gz';
const U = 'http://example.test/train-images-idx3-ubyte.gz';

/** A fake stream and clock, so the reporter's output is exact. */
function harness(tty: boolean, intervalMs = 1000) {
  const out: string[] = [];
  let t = 0;
  const r = createProgressReporter({
    stream: { write: (s: string) => out.push(s), isTTY: tty, columns: 200 },
    intervalMs,
    now: () => t,
  });
  return {
    out,
    at(ms: number, e: FetchEvent) {
      t = ms;
      r.onProgress(e);
    },
    close: r.close,
  };
}

const progress = (received: number): FetchEvent => ({
  type: 'progress',
  file: F,
  url: U,
  received,
  total: 26_000_000,
  rate: 2_000_000,
  etaS: (26_000_000 - received) / 2_000_000,
});

describe('createProgressReporter', () => {
  it('redraws one line in place on a TTY, at most 10 times a second', () => {
    const h = harness(true);
    h.at(0, { type: 'start', file: F, url: U, offset: 1_000_000, total: 26_000_000 });
    h.at(50, progress(2_000_000)); // too soon: dropped
    h.at(150, progress(13_000_000));
    h.at(170, { type: 'notice', file: F, message: 'connection reset; retry 1 of 4 in 500 ms' });
    h.at(400, progress(26_000_000));
    h.at(500, { type: 'done', file: F, url: U, path: '/d/x.gz', bytes: 26_000_000, seconds: 4 });
    expect(h.out).toEqual([
      `\r${F}: downloading from ${U}, resuming at 1.00 MB\x1b[K`,
      `\r${F}: 13.0 MB / 26.0 MB  50%  2.00 MB/s  ETA 7 s\x1b[K`,
      '\r\x1b[K',
      `${F}: connection reset; retry 1 of 4 in 500 ms\n`,
      `\r${F}: 13.0 MB / 26.0 MB  50%  2.00 MB/s  ETA 7 s\x1b[K`, // drawn again below the notice
      `\r${F}: 26.0 MB / 26.0 MB  100%  2.00 MB/s  ETA 0 s\x1b[K`,
      '\r\x1b[K',
      `${F}: 26.0 MB in 4.0 s, verified -> /d/x.gz\n`,
    ]);
    expect(h.out.join('')).not.toContain('\n\n');
  });

  it('prints plain lines every interval when not a TTY (CI logs)', () => {
    const h = harness(false, 1000);
    h.at(0, { type: 'start', file: F, url: U, offset: 0 });
    for (let ms = 100; ms <= 2500; ms += 100) h.at(ms, progress(ms * 10_000));
    h.at(2600, { type: 'present', file: 'x.gz', path: '/d/x.gz', detail: 'ok' });
    expect(h.out.every((s) => s.endsWith('\n') && !s.includes('\r'))).toBe(true);
    expect(h.out).toHaveLength(4); // start, at 1000 and 2000 ms, present
    expect(h.out[1]).toBe(`${F}: 10.0 MB / 26.0 MB  38%  2.00 MB/s  ETA 8 s\n`);
  });

  it('combines files downloading in parallel into one line on a TTY', () => {
    const h = harness(true);
    const [A, B] = ['a.gz', 'b.gz'];
    const ua = 'http://m/a.gz';
    const ub = 'http://m/b.gz';
    h.at(0, { type: 'connect', file: A, url: ua });
    h.at(0, { type: 'connect', file: B, url: ub }); // too soon: not drawn
    h.at(200, { type: 'start', file: A, url: ua, offset: 0, total: 20_000_000 });
    h.at(300, { type: 'start', file: B, url: ub, offset: 0, total: 10_000_000 });
    h.at(350, { type: 'progress', file: A, url: ua, received: 5e6, total: 2e7, rate: 1e6 });
    h.at(450, { type: 'progress', file: B, url: ub, received: 5e6, total: 1e7, rate: 1e6 });
    h.at(500, {
      type: 'demoted',
      file: A,
      source: 'http://dead/',
      fault: 'silent',
      message: 'http://dead/ set aside for this run',
    });
    h.at(600, { type: 'done', file: B, url: ub, path: '/d/b.gz', bytes: 1e7, seconds: 5 });
    h.at(700, { type: 'done', file: A, url: ua, path: '/d/a.gz', bytes: 2e7, seconds: 7 });
    const progressLine = '0/2 files done  10.0 MB / 30.0 MB  33%  2.00 MB/s  ETA 10 s';
    expect(h.out).toEqual([
      '\ra.gz: connecting to http://m/a.gz\x1b[K', // one file known so far: its own line
      '\r0/2 files done  0 B  1 connecting\x1b[K', // no total until every file has one
      '\r0/2 files done  0 B / 30.0 MB  0%\x1b[K',
      `\r${progressLine}\x1b[K`,
      '\r\x1b[K',
      'http://dead/ set aside for this run\n',
      `\r${progressLine}\x1b[K`,
      '\r\x1b[K',
      `${B}: 10.0 MB in 5.0 s, verified -> /d/b.gz\n`,
      '\r1/2 files done  15.0 MB / 30.0 MB  50%  1.00 MB/s  ETA 15 s\x1b[K',
      '\r\x1b[K',
      `${A}: 20.0 MB in 7.0 s, verified -> /d/a.gz\n`,
    ]);
  });

  it('prints the combined line every interval when not a TTY, and no connecting noise', () => {
    const h = harness(false, 1000);
    const [A, B] = ['a.gz', 'b.gz'];
    h.at(0, { type: 'connect', file: A, url: 'http://m/a.gz' });
    h.at(0, { type: 'connect', file: B, url: 'http://m/b.gz' });
    h.at(10, { type: 'present', file: 'c.gz', path: '/d/c.gz', detail: 'ok' });
    h.at(20, { type: 'start', file: A, url: 'http://m/a.gz', offset: 0, total: 2e7 });
    h.at(30, { type: 'start', file: B, url: 'http://m/b.gz', offset: 0, total: 1e7 });
    for (let ms = 100; ms <= 2000; ms += 100)
      for (const [f, total] of [
        [A, 2e7],
        [B, 1e7],
      ] as const)
        h.at(ms, { type: 'progress', file: f, url: 'u', received: ms * 1000, total, rate: 1e6 });
    expect(h.out).toEqual([
      'c.gz: already present and verified (/d/c.gz)\n',
      `${A}: downloading from http://m/a.gz\n`,
      `${B}: downloading from http://m/b.gz\n`,
      '1/3 files done  2.10 MB / 30.0 MB  7%  2.00 MB/s  ETA 14 s\n', // at 1100 ms
    ]);
  });

  it('close() ends an open TTY line and does nothing otherwise', () => {
    const h = harness(true);
    h.close();
    expect(h.out).toEqual([]);
    h.at(0, { type: 'start', file: F, url: U, offset: 0 });
    h.close();
    expect(h.out.at(-1)).toBe('\r\x1b[K');
  });
});

describe('formatting', () => {
  it('formats bytes, durations and progress', () => {
    expect([950, 29_515, 26_421_880, 4.7e9].map(formatBytes)).toEqual([
      '950 B',
      '29.5 kB',
      '26.4 MB',
      '4.70 GB',
    ]);
    expect([7.4, 125, 3780].map(formatDuration)).toEqual(['7 s', '2 min 05 s', '1 h 03 min']);
    expect(describeProgress(5000, undefined, 0, undefined)).toBe('5.00 kB');
  });
});
