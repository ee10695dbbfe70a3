import { describe, expect, it } from 'vitest';
import { sklearnShuffleSeeds } from '../../src/linear-model/sklearn-seeds.js';

describe('sklearnShuffleSeeds', () => {
  it("reproduces numpy's RandomState chain of SGDClassifier.fit", () => {
    // Made with numpy 1.24: r = RandomState(0); s = r.randint(2**31 - 1, size=10);
    // q = RandomState(s[k]); q.randint(1, 2**31 - 1); q.randint(2**31 - 1)  (k = 0, 1), and for
    // two classes q = RandomState(0) directly.
    expect(Array.from(sklearnShuffleSeeds(0, 10).subarray(0, 2))).toEqual([1702673635, 1586107549]);
    expect(Array.from(sklearnShuffleSeeds(0, 2))).toEqual([398764591]);
  });
});
