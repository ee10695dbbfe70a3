import type { Matrix } from '../base/matrix.js';
import type { StateValue } from '../base/serialize.js';

/** Marks a leaf in `left`/`right` (sklearn's TREE_LEAF). */
export const LEAF = -1;

/**
 * A fitted tree in sklearn's flat layout (`tree_`): node 0 is the root; an internal node sends a
 * row left when `x[feature] <= threshold`. `value` holds each node's weighted class counts
 * (nodes×K), as sklearn's `tree_.value` for classifiers.
 */
export interface Tree {
  nodeCount: number;
  nClasses: number;
  left: Int32Array;
  right: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  value: Float64Array;
  impurity: Float64Array;
  nodeSamples: Int32Array;
  maxDepth: number;
}

/** The leaf each row of X ends in (sklearn's `apply`). */
export function applyTree(tree: Tree, X: Matrix): Int32Array {
  const [n, d] = X.shape;
  const { left, right, feature, threshold } = tree;
  const out = new Int32Array(n);
  const x = X.data;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    let node = 0;
    while (left[node] !== LEAF) {
      node = x[row + feature[node]] <= threshold[node] ? left[node] : right[node];
    }
    out[i] = node;
  }
  return out;
}

/**
 * Adds `scale ×` each row's leaf class distribution (normalised counts) to `out` (n×K): the tree's
 * `predict_proba` with scale 1, one tree's share of a forest's average otherwise.
 */
export function addTreeProba(tree: Tree, X: Matrix, out: Float64Array, scale = 1): void {
  const k = tree.nClasses;
  const leaves = applyTree(tree, X);
  for (let i = 0; i < leaves.length; i++) {
    const v = leaves[i] * k;
    let total = 0;
    for (let c = 0; c < k; c++) total += tree.value[v + c];
    const s = scale / total;
    for (let c = 0; c < k; c++) out[i * k + c] += tree.value[v + c] * s;
  }
}

/** A tree as saved state (typed arrays, base64 in JSON). */
export function treeState(t: Tree): Record<string, StateValue> {
  return {
    nodeCount: t.nodeCount,
    nClasses: t.nClasses,
    left: t.left,
    right: t.right,
    feature: t.feature,
    threshold: t.threshold,
    value: t.value,
    impurity: t.impurity,
    nodeSamples: t.nodeSamples,
    maxDepth: t.maxDepth,
  };
}

/** The tree saved by {@link treeState}. */
export function treeFromState(s: Record<string, StateValue>): Tree {
  return {
    nodeCount: s.nodeCount as number,
    nClasses: s.nClasses as number,
    left: s.left as Int32Array,
    right: s.right as Int32Array,
    feature: s.feature as Int32Array,
    threshold: s.threshold as Float64Array,
    value: s.value as Float64Array,
    impurity: s.impurity as Float64Array,
    nodeSamples: s.nodeSamples as Int32Array,
    maxDepth: s.maxDepth as number,
  };
}
