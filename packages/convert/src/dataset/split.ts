import { DataError } from '@fmnist/idx';
import { Random } from '@fmnist/ml/random';

/** How examples are divided: a fixed number per class for training, or a test fraction. */
export type SplitRule = { trainPerClass: number } | { testFraction: number };

/** The paper's test share: 10,000 of 70,000. */
export const DEFAULT_TEST_FRACTION = 1 / 7;

/** Indices into the labelled examples, per split, in the order they are written. */
export interface Split {
  train: number[];
  test: number[];
}

/**
 * A stratified, seeded split of `labels` (one per example): within each class the examples are
 * shuffled and the first `trainPerClass` (or all but `round(n × testFraction)`) go to training, so
 * every class has exactly its share in each split. The written order is by label when
 * `sortByLabel` (as the paper stored them; stable within a class) and shuffled otherwise.
 * Throws a `DataError` when a class has fewer than `trainPerClass` examples.
 */
export function stratifiedSplit(
  labels: ArrayLike<number>,
  rule: SplitRule,
  seed: number,
  sortByLabel = false,
): Split {
  const rng = new Random(seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byClass.get(labels[i]) ?? [];
    list.push(i);
    byClass.set(labels[i], list);
  }
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const short = classes.filter(
    (c) => 'trainPerClass' in rule && byClass.get(c)!.length < rule.trainPerClass,
  );
  if (short.length > 0 && 'trainPerClass' in rule) {
    const list = short.map((c) => `${c} (${byClass.get(c)!.length})`).join(', ');
    throw new DataError(
      'bad-option',
      `--train-per-class ${rule.trainPerClass}: too few usable examples in class ${list}.`,
    );
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const c of classes) {
    const members = rng.shuffle(byClass.get(c)!);
    const nTrain = trainCount(members.length, rule);
    train.push(...members.slice(0, nTrain));
    test.push(...members.slice(nTrain));
  }
  const order = (list: number[]) => {
    if (!sortByLabel) return rng.shuffle(list);
    // By label, then by input order within a class: reproducible and easy to audit.
    return list.sort((a, b) => labels[a] - labels[b] || a - b);
  };
  return { train: order(train), test: order(test) };
}

/** How many of a class's `n` examples go to training under `rule`. */
export function trainCount(n: number, rule: SplitRule): number {
  if ('trainPerClass' in rule) return Math.min(n, rule.trainPerClass);
  return n - Math.round(n * rule.testFraction);
}
