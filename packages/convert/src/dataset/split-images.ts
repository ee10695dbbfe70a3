import { encodeIdx } from '@fmnist/idx';
import type { Split } from './split.js';

/**
 * A split's two image files as IDX encodings (header written, pixels zero until placed), filled
 * example by example: as results come in, so that nothing is copied after the last picture.
 */
export interface SplitImages {
  /** The IDX encodings of the training and test images, in the split's order. */
  train: Uint8Array;
  test: Uint8Array;
  /** Copies example `example`'s `size²` pixels to its place (in train or test). */
  place(example: number, pixels: Uint8Array): void;
}

/** Image files for `split` of `examples` examples of `size`×`size` pixels. */
export function splitImages(split: Split, examples: number, size: number): SplitImages {
  const area = size * size;
  const encoding = (n: number) =>
    encodeIdx({ type: 'uint8', shape: [n, size, size], data: new Uint8Array(n * area) });
  const train = encoding(split.train.length);
  const test = encoding(split.test.length);
  const header = train.length - split.train.length * area;
  // Where each example's pixels go: offset o ≥ 0 in train, or −o − 1 in test (−1: in neither).
  const at = new Float64Array(examples).fill(-1);
  split.train.forEach((u, j) => (at[u] = header + j * area));
  split.test.forEach((u, j) => (at[u] = -(header + j * area) - 1));
  return {
    train,
    test,
    place(example, pixels) {
      const o = at[example];
      if (o >= 0) train.set(pixels, o);
      else if (o < -1) test.set(pixels, -o - 1);
    },
  };
}
