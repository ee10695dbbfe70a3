// The export progress display: silent for small jobs, 10 % lines in logs, in-place on a terminal.
import { describe, expect, it } from 'vitest';
import { countProgress } from '../../src/progress/count-progress.js';

const sink = (isTTY: boolean) => {
  const out = { text: '', isTTY, write: (s: string) => (out.text += s) };
  return out;
};

describe('countProgress', () => {
  it('prints nothing for a job under the threshold', () => {
    const out = sink(false);
    const p = countProgress(out, 'job', 100);
    p.update(50);
    p.finish();
    expect(out.text).toBe('');
  });

  it('prints one plain line per 10 % step, then a summary', () => {
    const out = sink(false);
    const p = countProgress(out, 'export csv train', 60_000);
    for (let done = 1_000; done <= 60_000; done += 1_000) p.update(done);
    p.finish();
    const lines = out.text.trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('export csv train: 6,000/60,000 (10%)');
    expect(lines[9]).toMatch(/^export csv train: 60,000 done in \d+\.\d s$/);
  });

  it('redraws one line on a terminal', () => {
    const out = sink(true);
    const p = countProgress(out, 'job', 10_000);
    p.update(10_000);
    p.finish();
    expect(out.text.startsWith('\r\x1b[K')).toBe(true);
    expect(out.text.endsWith('\n')).toBe(true);
    expect(out.text.split('\n')).toHaveLength(2);
  });
});
