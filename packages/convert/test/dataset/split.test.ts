import { describe, expect, it } from 'vitest';
import { stratifiedSplit, trainCount } from '../../src/dataset/split.js';

// 3 classes of 50, 31 and 7 examples.
const labels: number[] = [...Array(50).fill(0), ...Array(31).fill(1), ...Array(7).fill(2)];

const countOf = (idx: number[], c: number) => idx.filter((i) => labels[i] === c).length;

describe('stratifiedSplit', () => {
  it('takes exactly trainPerClass of every class; the rest is test; nothing lost or doubled', () => {
    const { train, test } = stratifiedSplit(labels, { trainPerClass: 7 }, 42);
    expect([0, 1, 2].map((c) => countOf(train, c))).toEqual([7, 7, 7]);
    expect([0, 1, 2].map((c) => countOf(test, c))).toEqual([43, 24, 0]);
    expect(new Set([...train, ...test]).size).toBe(labels.length);
  });

  it('a test fraction rounds per class', () => {
    const { test } = stratifiedSplit(labels, { testFraction: 0.2 }, 1);
    expect([0, 1, 2].map((c) => countOf(test, c))).toEqual([10, 6, 1]);
    expect(trainCount(7, { testFraction: 1 / 7 })).toBe(6);
  });

  it('is seeded: same seed, same split; another seed, another one', () => {
    const a = stratifiedSplit(labels, { testFraction: 0.3 }, 7);
    expect(stratifiedSplit(labels, { testFraction: 0.3 }, 7)).toEqual(a);
    expect(stratifiedSplit(labels, { testFraction: 0.3 }, 8).train).not.toEqual(a.train);
  });

  it('sorts by label when asked, shuffles otherwise', () => {
    const sorted = stratifiedSplit(labels, { testFraction: 0.3 }, 7, true).train.map(
      (i) => labels[i],
    );
    expect(sorted).toEqual([...sorted].sort((x, y) => x - y));
    const shuffled = stratifiedSplit(labels, { testFraction: 0.3 }, 7).train.map((i) => labels[i]);
    expect(shuffled).not.toEqual([...shuffled].sort((x, y) => x - y));
  });

  it('refuses a class smaller than trainPerClass', () => {
    expect(() => stratifiedSplit(labels, { trainPerClass: 8 }, 0)).toThrow(/class 2 \(7\)/);
  });
});
