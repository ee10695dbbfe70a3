export {
  DecisionTreeClassifier,
  ExtraTreeClassifier,
  type DecisionTreeClassifierOptions,
  type TreeOptions,
} from './decision-tree-classifier.js';
export { binMatrix, type BinnedMatrix } from './binning.js';
export type { Tree } from './tree.js';
