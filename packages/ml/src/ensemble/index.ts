export {
  RandomForestClassifier,
  type RandomForestClassifierOptions,
} from './random-forest-classifier.js';
export {
  GradientBoostingClassifier,
  type GradientBoostingClassifierOptions,
} from './gradient-boosting-classifier.js';
export { isStagedEnsemble, type StagedEnsemble } from './staged.js';
