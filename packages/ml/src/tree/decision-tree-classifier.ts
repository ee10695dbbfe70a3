import { Classifier, argmaxRows } from '../base/classifier.js';
import { ParameterError } from '../base/errors.js';
import type { Matrix, MatrixLike } from '../base/matrix.js';
import { int, nullable, num, oneOf, type ParamSpec, type ParamTable } from '../base/params.js';
import { resolveSeed } from '../base/random.js';
import type { StateValue } from '../base/serialize.js';
import { binMatrix } from './binning.js';
import { buildTree, type TreeConfig } from './classification-grower.js';
import { addTreeProba, applyTree, treeFromState, treeState, type Tree } from './tree.js';

/** Options shared by the tree classifiers (sklearn names in camelCase). */
export interface TreeOptions {
  /** Split quality: 'gini' or 'entropy' (information gain; 'log_loss' is accepted for it). */
  criterion: 'gini' | 'entropy' | 'log_loss';
  /** Deepest level below the root; null grows until leaves are pure or too small. */
  maxDepth: number | null;
  /** Rows a node needs to be split: a count ≥ 2, or a fraction in (0, 1) of the rows. */
  minSamplesSplit: number;
  /** Rows each leaf must keep: a count ≥ 1, or a fraction in (0, 0.5] of the rows. */
  minSamplesLeaf: number;
  /**
   * Features drawn per split: null = all, 'sqrt' (= 'auto') = ⌊√d⌋, 'log2' = ⌊log2 d⌋, a count,
   * or a fraction in (0, 1].
   */
  maxFeatures: number | 'auto' | 'sqrt' | 'log2' | null;
  /** A split must lower the weighted impurity by at least this much. */
  minImpurityDecrease: number;
  /** Seeds the feature draws (and the random thresholds); null = 0, fmnist is reproducible. */
  randomState: number | null;
}

/** Options of {@link DecisionTreeClassifier}. */
export interface DecisionTreeClassifierOptions extends TreeOptions {
  /** 'best': the best threshold of each drawn feature; 'random': one random threshold each. */
  splitter: 'best' | 'random';
}

const fraction = (max: number): ParamSpec['check'] => num(0, max, { min: true });
const countOr =
  (minCount: number, maxFraction: number): ParamSpec['check'] =>
  (v) =>
    (Number.isInteger(v) && (v as number) >= minCount) || fraction(maxFraction)(v) === undefined
      ? undefined
      : `an integer ≥ ${minCount} or a fraction in (0, ${maxFraction}]`;

/** The parameter rows every tree model shares, with `defaults` over sklearn's tree defaults. */
export function treeParams(defaults: Partial<Record<keyof TreeOptions, unknown>>): ParamTable {
  const table: ParamTable = {
    criterion: { default: 'gini', check: oneOf('gini', 'entropy', 'log_loss') },
    maxDepth: { default: null, check: nullable(int(1)) },
    minSamplesSplit: { default: 2, check: countOr(2, 1) },
    minSamplesLeaf: { default: 1, check: countOr(1, 0.5) },
    maxFeatures: {
      default: null,
      check: (v) =>
        v === null ||
        v === 'auto' ||
        v === 'sqrt' ||
        v === 'log2' ||
        (Number.isInteger(v) && (v as number) >= 1) ||
        fraction(1)(v) === undefined
          ? undefined
          : 'null, "auto", "sqrt", "log2", an integer ≥ 1 or a fraction in (0, 1]',
    },
    minImpurityDecrease: { default: 0, check: num(0) },
    randomState: { default: null, check: nullable(int(0, 2 ** 32 - 1)) },
  };
  for (const [k, v] of Object.entries(defaults)) table[k] = { ...table[k], default: v };
  return table;
}

/** Resolves the options of a tree model to the builder's numbers for n rows and d features. */
export function treeConfig(
  o: Omit<TreeOptions, 'criterion'> & {
    criterion: TreeOptions['criterion'] | 'friedman_mse';
    splitter: 'best' | 'random';
  },
  n: number,
  d: number,
  seed: number,
  who: string,
): TreeConfig {
  const count = (v: number) => (Number.isInteger(v) ? v : Math.ceil(v * n));
  let maxFeatures: number;
  const mf = o.maxFeatures;
  if (mf === null) maxFeatures = d;
  else if (mf === 'auto' || mf === 'sqrt') maxFeatures = Math.max(1, Math.floor(Math.sqrt(d)));
  else if (mf === 'log2') maxFeatures = Math.max(1, Math.floor(Math.log2(d)));
  else if (Number.isInteger(mf)) maxFeatures = mf;
  else maxFeatures = Math.max(1, Math.floor(mf * d));
  if (maxFeatures > d) {
    throw new ParameterError(`${who}: maxFeatures is ${mf} but X has only ${d} features.`);
  }
  return {
    criterion: o.criterion === 'log_loss' ? 'entropy' : o.criterion,
    splitter: o.splitter,
    maxDepth: o.maxDepth ?? Infinity,
    minSamplesSplit: Math.max(2, count(o.minSamplesSplit)),
    minSamplesLeaf: Math.max(1, count(o.minSamplesLeaf)),
    maxFeatures,
    minImpurityDecrease: o.minImpurityDecrease,
    seed,
  };
}

const PARAMS: ParamTable = {
  ...treeParams({}),
  splitter: { default: 'best', check: oneOf('best', 'random') },
};

/**
 * A decision tree classifier, as sklearn's `DecisionTreeClassifier` (see `buildTree` for what is
 * the same and what can differ). Fitting recodes X once into per-feature value ranks, so every
 * node's split search is a histogram pass; prediction walks the tree on the raw values.
 */
export class DecisionTreeClassifier<
  P extends DecisionTreeClassifierOptions = DecisionTreeClassifierOptions,
> extends Classifier<P> {
  /** The fitted tree (sklearn's `tree_`). */
  tree_!: Tree;

  constructor(options: Partial<P> = {}, table: ParamTable = PARAMS) {
    super(table, options);
  }

  protected get paramTable(): ParamTable {
    return PARAMS;
  }

  protected fitEncoded(X: Matrix, y: Int32Array, k: number): void {
    const who = this.constructor.name;
    const [n, d] = X.shape;
    const cfg = treeConfig(this.params, n, d, resolveSeed(this.params.randomState), who);
    this.tree_ = buildTree(binMatrix(X), y, k, null, cfg);
  }

  /** Class probabilities, n×K: the class shares of each row's leaf. */
  predictProba(X: MatrixLike): Matrix<Float64Array> {
    const Xm = this.checkX(X);
    const out = new Float64Array(Xm.shape[0] * this.tree_.nClasses);
    addTreeProba(this.tree_, Xm, out);
    return { data: out, shape: [Xm.shape[0], this.tree_.nClasses] };
  }

  /** The index of the leaf each row ends in (sklearn's `apply`). */
  apply(X: MatrixLike): Int32Array {
    return applyTree(this.tree_, this.checkX(X));
  }

  /** Depth of the fitted tree (sklearn's `get_depth`). */
  getDepth(): number {
    this.checkFitted();
    return this.tree_.maxDepth;
  }

  /** Number of leaves (sklearn's `get_n_leaves`). */
  getNLeaves(): number {
    this.checkFitted();
    let leaves = 0;
    for (let i = 0; i < this.tree_.nodeCount; i++) if (this.tree_.left[i] < 0) leaves++;
    return leaves;
  }

  protected predictIndices(X: Matrix): Int32Array {
    const out = new Float64Array(X.shape[0] * this.tree_.nClasses);
    addTreeProba(this.tree_, X, out);
    return argmaxRows({ data: out, shape: [X.shape[0], this.tree_.nClasses] });
  }

  protected getModelState(): Record<string, StateValue> {
    return { tree_: treeState(this.tree_) };
  }

  protected setModelState(s: Record<string, StateValue>): void {
    this.tree_ = treeFromState(s.tree_ as Record<string, StateValue>);
  }
}

const EXTRA_PARAMS: ParamTable = {
  ...treeParams({ maxFeatures: 'sqrt' }),
  splitter: { default: 'random', check: oneOf('best', 'random') },
};

/**
 * An extremely randomised tree, as sklearn's `ExtraTreeClassifier`: a {@link
 * DecisionTreeClassifier} whose defaults are one random threshold per feature and ⌊√d⌋ features
 * per split.
 */
export class ExtraTreeClassifier extends DecisionTreeClassifier {
  constructor(options: Partial<DecisionTreeClassifierOptions> = {}) {
    super(options, EXTRA_PARAMS);
  }

  protected override get paramTable(): ParamTable {
    return EXTRA_PARAMS;
  }
}
