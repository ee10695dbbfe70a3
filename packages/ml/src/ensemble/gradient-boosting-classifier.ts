import type { StagedEnsemble } from './staged.js';
import { Classifier, argmaxRows } from '../base/classifier.js';
import { ParameterError } from '../base/errors.js';
import type { Matrix, MatrixLike } from '../base/matrix.js';
import { int, num, oneOf, type ParamTable } from '../base/params.js';
import { Random, resolveSeed } from '../base/random.js';
import type { StateValue } from '../base/serialize.js';
import { binMatrix } from '../tree/binning.js';
import { treeConfig, treeParams, type TreeOptions } from '../tree/decision-tree-classifier.js';
import { withKernelCodes } from '../tree/grower.js';
import { buildRegressionTree, type RootHistogramCache } from '../tree/regression-grower.js';
import { applyTree, treeFromState, treeState, type Tree } from '../tree/tree.js';

/** Options of {@link GradientBoostingClassifier} (sklearn names in camelCase). */
export interface GradientBoostingClassifierOptions extends Omit<TreeOptions, 'criterion'> {
  /** The log-loss ('deviance' in sklearn 0.19, 'log_loss' today). */
  loss: 'deviance' | 'log_loss';
  /** Shrinks each tree's contribution. */
  learningRate: number;
  /** Boosting stages (one tree per class per stage; one per stage for two classes). */
  nEstimators: number;
  /** Fraction of rows each stage's trees learn from (drawn without replacement); 1 = all. */
  subsample: number;
  /** Split criterion of the regression trees: Friedman's improved mean squared error. */
  criterion: 'friedman_mse';
}

const PARAMS: ParamTable = {
  ...treeParams({ maxDepth: 3 }),
  criterion: { default: 'friedman_mse', check: oneOf('friedman_mse') },
  loss: { default: 'log_loss', check: oneOf('deviance', 'log_loss') },
  learningRate: { default: 0.1, check: num(0, Infinity, { min: true }) },
  nEstimators: { default: 100, check: int(1) },
  subsample: { default: 1, check: num(0, 1, { min: true }) },
};

/**
 * Gradient boosting for classification, as sklearn 0.19's `GradientBoostingClassifier` with the
 * log-loss: the raw scores start at the class priors (0.19's `PriorProbabilityEstimator`; the log
 * odds for two classes); each stage fits, for each class in turn, a regression tree to the
 * residual y_k − softmax_k (the scores already updated by this stage's earlier classes, as
 * 0.19 updated them in place), replaces its leaf values by one Newton step
 * ((K−1)/K · Σ r / Σ (y − r)(1 − y + r)) and adds `learningRate` × the tree. X is recoded into
 * value ranks once for every tree. `stagedPredict` gives the predictions after any number of
 * stages from one fit (the benchmark's 10/50/100-stage rows share one 100-stage fit).
 */
export class GradientBoostingClassifier
  extends Classifier<GradientBoostingClassifierOptions>
  implements StagedEnsemble
{
  /** Trees by stage and class: `estimators_[stage * K' + k]` (K' = 1 for two classes). */
  estimators_!: Tree[];
  /** The initial raw score of each class (K', as sklearn's `init_` predicts it). */
  init_!: Float64Array;
  /** Called after each stage of `fit` (see {@link StagedEnsemble.onStage}); not saved. */
  onStage: ((stage: number, elapsedMs: number) => void) | undefined = undefined;

  constructor(options: Partial<GradientBoostingClassifierOptions> = {}) {
    super(PARAMS, options);
  }

  protected get paramTable(): ParamTable {
    return PARAMS;
  }

  /** Columns of the raw score: one per class, or one for two classes (the log odds). */
  private get width(): number {
    return this.init_.length;
  }

  protected fitEncoded(X: Matrix, y: Int32Array, k: number): void {
    const t0 = performance.now();
    const who = this.constructor.name;
    const [n, d] = X.shape;
    const p = this.params;
    const rng = new Random(resolveSeed(p.randomState));
    const width = k === 2 ? 1 : k;
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) counts[y[i]]++;
    if (k === 2) {
      this.init_ = Float64Array.of(Math.log(counts[1] / counts[0]));
    } else {
      this.init_ = counts.map((c) => c / n);
    }
    const raw = new Float64Array(n * width);
    for (let i = 0; i < n; i++) raw.set(this.init_, i * width);
    const residual = new Float64Array(n);
    const yk = new Float64Array(n);
    const weight = p.subsample < 1 ? new Float64Array(n) : null;
    const nInBag = Math.max(1, Math.floor(p.subsample * n));
    const factor = k === 2 ? 1 : (k - 1) / k;
    this.estimators_ = [];
    // Options resolved (and checked) once, before the recoding; each tree gets its own seed.
    const base = treeConfig({ ...p, splitter: 'best' }, n, d, 0, who);
    withKernelCodes(binMatrix(X), (B) => {
      // Without subsampling every tree's root has the same Σw and counts (see regression-grower.ts).
      const rootCache: RootHistogramCache = { hs: null, hc: null };
      for (let stage = 0; stage < p.nEstimators; stage++) {
        if (weight) {
          weight.fill(0);
          for (const i of rng.permutation(n).subarray(0, nInBag)) weight[i] = 1;
        }
        for (let c = 0; c < width; c++) {
          const positive = k === 2 ? 1 : c;
          for (let i = 0; i < n; i++) {
            yk[i] = y[i] === positive ? 1 : 0;
            residual[i] = yk[i] - probability(raw, i, width, c);
          }
          const cfg = { ...base, seed: rng.seed() };
          const leafValue = new Map<number, number>();
          const tree = buildRegressionTree(
            B,
            residual,
            weight,
            cfg,
            (leaf, rows) => {
              let num = 0;
              let den = 0;
              for (const i of rows) {
                const w = weight ? weight[i] : 1;
                num += w * residual[i];
                den += w * (yk[i] - residual[i]) * (1 - yk[i] + residual[i]);
              }
              leafValue.set(leaf, den === 0 ? 0 : (num * factor) / den);
            },
            rootCache,
          );
          for (const [leaf, v] of leafValue) tree.value[leaf] = v;
          const leaves = applyTree(tree, X);
          for (let i = 0; i < n; i++) raw[i * width + c] += p.learningRate * tree.value[leaves[i]];
          this.estimators_.push(tree);
        }
        this.onStage?.(stage + 1, performance.now() - t0);
      }
    });
  }

  /** Raw scores (n×K', sklearn's `decision_function`) after the first `stages` stages. */
  decisionFunction(X: MatrixLike, stages = this.params.nEstimators): Matrix<Float64Array> {
    return this.rawScores(this.checkX(X), [stages])[0];
  }

  /** Raw scores after each stage count in `stages` (any order), from one pass over the trees. */
  private rawScores(X: Matrix, stages: number[]): Matrix<Float64Array>[] {
    const n = X.shape[0];
    const width = this.width;
    const total = this.estimators_.length / width;
    for (const s of stages) {
      if (!Number.isInteger(s) || s < 1 || s > total)
        throw new ParameterError(`stages must be whole numbers in [1, ${total}], got ${s}.`);
    }
    const raw = new Float64Array(n * width);
    for (let i = 0; i < n; i++) raw.set(this.init_, i * width);
    const out = new Map<number, Matrix<Float64Array>>();
    let done = 0;
    for (const s of [...stages].sort((a, b) => a - b)) {
      for (; done < s; done++) {
        for (let c = 0; c < width; c++) {
          const tree = this.estimators_[done * width + c];
          const leaves = applyTree(tree, X);
          for (let i = 0; i < n; i++)
            raw[i * width + c] += this.params.learningRate * tree.value[leaves[i]];
        }
      }
      out.set(s, { data: raw.slice(), shape: [n, width] });
    }
    return stages.map((s) => out.get(s)!);
  }

  /** Class probabilities, n×K (softmax of the raw scores; the logistic for two classes). */
  predictProba(X: MatrixLike): Matrix<Float64Array> {
    return toProba(this.decisionFunction(X));
  }

  /** Predicted labels after each stage count in `stages` (sklearn's `staged_predict`, sampled). */
  stagedPredict(X: MatrixLike, stages: number[]): Int32Array[] {
    const Xm = this.checkX(X);
    return this.rawScores(Xm, stages).map((raw) => {
      const idx = argmaxRows(toProba(raw));
      return Int32Array.from(idx, (i) => this.classes_[i]);
    });
  }

  protected predictIndices(X: Matrix): Int32Array {
    const [raw] = this.rawScores(X, [this.estimators_.length / this.width]);
    return argmaxRows(toProba(raw));
  }

  protected getModelState(): Record<string, StateValue> {
    return { init_: this.init_, estimators_: this.estimators_.map(treeState) };
  }

  protected setModelState(s: Record<string, StateValue>): void {
    this.init_ = s.init_ as Float64Array;
    this.estimators_ = (s.estimators_ as Record<string, StateValue>[]).map(treeFromState);
  }
}

/** P(class c | row i) from raw scores: softmax over the row, or the logistic for one column. */
function probability(raw: Float64Array, i: number, width: number, c: number): number {
  if (width === 1) return 1 / (1 + Math.exp(-raw[i]));
  let max = -Infinity;
  for (let j = 0; j < width; j++) max = Math.max(max, raw[i * width + j]);
  let sum = 0;
  for (let j = 0; j < width; j++) sum += Math.exp(raw[i * width + j] - max);
  return Math.exp(raw[i * width + c] - max) / sum;
}

/** Class probabilities (n×K) from raw scores (n×K, or n×1 log odds for two classes). */
function toProba(raw: Matrix<Float64Array>): Matrix<Float64Array> {
  const [n, width] = raw.shape;
  const r = raw.data;
  if (width === 1) {
    const out = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const p1 = 1 / (1 + Math.exp(-r[i]));
      out[2 * i] = 1 - p1;
      out[2 * i + 1] = p1;
    }
    return { data: out, shape: [n, 2] };
  }
  // The softmax of each row, as `probability` computes it, with the row's max and sum once.
  const out = new Float64Array(n * width);
  for (let i = 0; i < n; i++) {
    const o = i * width;
    let max = -Infinity;
    for (let j = 0; j < width; j++) max = Math.max(max, r[o + j]);
    let sum = 0;
    for (let j = 0; j < width; j++) sum += Math.exp(r[o + j] - max);
    for (let c = 0; c < width; c++) out[o + c] = Math.exp(r[o + c] - max) / sum;
  }
  return { data: out, shape: [n, width] };
}
