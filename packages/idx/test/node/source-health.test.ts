import { describe, expect, it } from 'vitest';
import { demotes, SourceHealth } from '../../src/node/source-health.js';

const [a, b, c] = ['http://a/', 'http://b/', 'http://c/'].map((u) => new URL(u));
const hrefs = (urls: URL[]) => urls.map((u) => u.href);

describe('SourceHealth', () => {
  it('keeps the given order until a source is demoted, then puts it last', () => {
    const h = new SourceHealth([a, b, c]);
    expect(hrefs(h.order())).toEqual([a.href, b.href, c.href]);
    expect(h.demote(a, { fault: 'silent', reason: 'no response' })).toBe(true);
    expect(h.demote(b, { fault: 'unreachable', reason: 'refused' })).toBe(true);
    // Healthy first, then the demoted ones in the order they failed.
    expect(hrefs(h.order())).toEqual([c.href, a.href, b.href]);
    expect(h.demotion(a)).toEqual({ fault: 'silent', reason: 'no response' });
    expect(h.demotion(c)).toBeUndefined();
  });

  it('demotes once (so that it is reported once), and next() skips what a file tried', () => {
    const h = new SourceHealth([a, b]);
    expect(h.demote(a, { fault: 'silent', reason: 'x' })).toBe(true);
    expect(h.demote(a, { fault: 'flaky', reason: 'y' })).toBe(false);
    expect(h.demotion(a)?.reason).toBe('x');
    expect(h.next(new Set())?.href).toBe(b.href);
    expect(h.next(new Set([b.href]))?.href).toBe(a.href); // a demoted source is the last resort
    expect(h.next(new Set([a.href, b.href]))).toBeUndefined();
    h.confirm(a);
    expect(h.demotion(a)?.confirmed).toBe(true);
  });

  it('demotes on silence, refusal and exhausted retries, not on a missing file', () => {
    const faults = ['silent', 'unreachable', 'flaky', 'missing'] as const;
    expect(faults.map(demotes)).toEqual([true, true, true, false]);
  });
});
