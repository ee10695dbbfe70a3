import { Random, takeRows, type Matrix } from '@fmnist/ml';
import type { BenchData } from '../data/bench-data.js';
import { hashPredictions } from '../record/record.js';

/** The outcome of one repeat of one configuration. */
export interface RepeatResult {
  score: number;
  fitMs: number;
  predictMs: number;
  hash: string;
}

/** The training set of repeat `r`: shuffled with a seed derived from the run seed and r. */
export function shuffledTrain(
  data: BenchData,
  seed: number,
  r: number,
): { X: Matrix; y: Int32Array; seed: number } {
  const repeatSeed = (seed + Math.imul(r + 1, 0x9e3779b1)) >>> 0;
  const perm = new Random(repeatSeed).permutation(data.X.shape[0]);
  return {
    X: takeRows(data.X, perm),
    y: Int32Array.from(perm, (i) => data.y[i]),
    seed: repeatSeed,
  };
}

/** Accuracy and prediction hash of test predictions. */
export function scorePredictions(
  pred: Int32Array,
  yt: Int32Array,
): { score: number; hash: string } {
  let hit = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === yt[i]) hit++;
  return { score: hit / Math.max(1, pred.length), hash: hashPredictions(pred) };
}

/** Upstream's invariance rule: after 2 repeats whose scores differ by < 1e-3, stop repeating. */
export function shouldStop(scores: number[], numRepeat: number): boolean {
  if (scores.length >= numRepeat) return true;
  return scores.length === 2 && Math.abs(scores[0] - scores[1]) < 1e-3;
}
