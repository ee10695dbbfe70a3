/**
 * The shuffle seeds sklearn's SGD estimators derive from `random_state`, reproduced exactly:
 * numpy's legacy `RandomState` (MT19937) draws one seed per one-vs-rest class
 * (`randint(MAX_INT, size=K)`), and each binary fit seeds a `RandomState` with it, draws the
 * dataset seed (`randint(1, MAX_INT)`, unused for dense data) and then the shuffle seed
 * (`randint(MAX_INT)`). With the same seeds and sgd_fast's own shuffle (see `sgdBinary`), rows
 * are visited in sklearn's order, so fmnist and sklearn give (nearly) the same weights.
 */

const MAX_INT = 0x7fffffff;

/** numpy's legacy MT19937 seeded with an integer (`init_genrand`). */
class MT19937 {
  private readonly mt = new Uint32Array(624);
  private mti = 624;

  constructor(seed: number) {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  nextUint32(): number {
    const mt = this.mt;
    if (this.mti >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff);
        mt[k] = mt[(k + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.mti = 0;
    }
    let y = mt[this.mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `randint(low, high)` for a range below 2^32 (numpy's masked rejection sampling). */
  randint(low: number, high: number): number {
    const rng = high - low - 1;
    let mask = rng;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    for (;;) {
      const v = (this.nextUint32() & mask) >>> 0;
      if (v <= rng) return low + v;
    }
  }
}

/** The shuffle seed `fit_binary` passes to sgd_fast for a binary problem seeded with `seed`. */
function shuffleSeed(seed: number): number {
  const rs = new MT19937(seed);
  rs.randint(1, MAX_INT); // make_dataset's seed
  return rs.randint(0, MAX_INT);
}

/**
 * The per-problem shuffle seeds of sklearn's `SGDClassifier.fit` with an integer `random_state`:
 * one problem for two classes, else one per class.
 */
export function sklearnShuffleSeeds(randomState: number, nClasses: number): Uint32Array {
  if (nClasses === 2) return Uint32Array.of(shuffleSeed(randomState));
  const rs = new MT19937(randomState);
  const classSeeds = Array.from({ length: nClasses }, () => rs.randint(0, MAX_INT));
  return Uint32Array.from(classSeeds, shuffleSeed);
}
