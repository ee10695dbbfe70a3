import type { StagedEnsemble } from './staged.js';
import { Classifier, argmaxRows } from '../base/classifier.js';
import { ParameterError } from '../base/errors.js';
import type { Matrix, MatrixLike } from '../base/matrix.js';
import { bool, int, nJobsCheck, oneOf, type ParamTable } from '../base/params.js';
import { Random, resolveSeed } from '../base/random.js';
import type { StateValue } from '../base/serialize.js';
import { binMatrix } from '../tree/binning.js';
import { buildTree, withKernelCodes } from '../tree/classification-grower.js';
import { treeConfig, treeParams, type TreeOptions } from '../tree/decision-tree-classifier.js';
import { addTreeProba, treeFromState, treeState, type Tree } from '../tree/tree.js';

/** Options of {@link RandomForestClassifier} (sklearn names in camelCase). */
export interface RandomForestClassifierOptions extends TreeOptions {
  /** Number of trees (sklearn ≥ 0.22: 100; 0.19 used 10, which `fromSklearnParams` applies). */
  nEstimators: number;
  /** Each tree learns from a bootstrap sample (rows drawn with replacement) of the training set. */
  bootstrap: boolean;
  /**
   * sklearn's `n_jobs`, accepted so that sklearn configurations load; the trees are grown one
   * after another on the calling thread for now (the same forest whatever its value).
   */
  nJobs: number | null;
}

const PARAMS: ParamTable = {
  ...treeParams({ maxFeatures: 'sqrt' }),
  nEstimators: { default: 100, check: int(1) },
  bootstrap: { default: true, check: bool() },
  nJobs: { default: null, check: nJobsCheck },
  // Kept for sklearn-shaped configs; trees are grown best-split only, as sklearn's forests do.
  splitter: { default: 'best', check: oneOf('best') },
};

/**
 * A random forest, as sklearn's `RandomForestClassifier`: `nEstimators` trees, each grown with
 * the best split among ⌊√d⌋ features drawn per node, on a bootstrap sample given as integer row
 * weights (no copies of X); the prediction averages the trees' class probabilities. X is recoded
 * into value ranks once and shared by every tree.
 */
export class RandomForestClassifier
  extends Classifier<RandomForestClassifierOptions & { splitter: 'best' }>
  implements StagedEnsemble
{
  /** Called after each tree of `fit` (see {@link StagedEnsemble.onStage}); not saved. */
  onStage: ((stage: number, elapsedMs: number) => void) | undefined = undefined;
  /** The fitted trees (sklearn's `estimators_[i].tree_`). */
  trees_!: Tree[];

  constructor(options: Partial<RandomForestClassifierOptions> = {}) {
    super(PARAMS, options);
  }

  protected get paramTable(): ParamTable {
    return PARAMS;
  }

  protected fitEncoded(X: Matrix, y: Int32Array, k: number): void {
    const who = this.constructor.name;
    const t0 = performance.now();
    const [n, d] = X.shape;
    const rng = new Random(resolveSeed(this.params.randomState));
    const weight = new Float64Array(n);
    // Options resolved (and checked) once, before the recoding; each tree gets its own seed.
    const base = treeConfig(this.params, n, d, 0, who);
    this.trees_ = withKernelCodes(binMatrix(X), (B) =>
      Array.from({ length: this.params.nEstimators }, (_, t) => {
        const seed = rng.seed();
        if (this.params.bootstrap) {
          const draw = new Random(seed ^ 0x5bd1e995);
          weight.fill(0);
          for (let i = 0; i < n; i++) weight[draw.int(n)]++;
        }
        const tree = buildTree(B, y, k, this.params.bootstrap ? weight : null, { ...base, seed });
        this.onStage?.(t + 1, performance.now() - t0);
        return tree;
      }),
    );
  }

  /** Class probabilities, n×K: the mean of the trees' leaf class shares. */
  predictProba(X: MatrixLike): Matrix<Float64Array> {
    return this.proba(this.checkX(X));
  }

  /** The mean of the first `m` trees' leaf class shares (every tree by default). */
  private proba(X: Matrix, m = this.trees_.length): Matrix<Float64Array> {
    const k = this.trees_[0].nClasses;
    const out = new Float64Array(X.shape[0] * k);
    for (let t = 0; t < m; t++) addTreeProba(this.trees_[t], X, out, 1 / m);
    return { data: out, shape: [X.shape[0], k] };
  }

  /**
   * Predictions of the forests of the first m trees, for each m in `counts`: tree t's seed is
   * the t-th draw of one stream, so they are the m-tree forests' predictions (the benchmark's
   * 10/50/100-tree rows share one 100-tree fit).
   */
  stagedPredict(X: MatrixLike, counts: number[]): Int32Array[] {
    const Xm = this.checkX(X);
    return counts.map((m) => {
      if (!(Number.isInteger(m) && m >= 1 && m <= this.trees_.length)) {
        throw new ParameterError(
          `tree counts must be whole numbers in [1, ${this.trees_.length}], got ${m}.`,
        );
      }
      const idx = argmaxRows(this.proba(Xm, m));
      return Int32Array.from(idx, (i) => this.classes_[i]);
    });
  }

  protected predictIndices(X: Matrix): Int32Array {
    return argmaxRows(this.proba(X));
  }

  protected getModelState(): Record<string, StateValue> {
    return { trees_: this.trees_.map(treeState) };
  }

  protected setModelState(s: Record<string, StateValue>): void {
    this.trees_ = (s.trees_ as Record<string, StateValue>[]).map(treeFromState);
  }
}
