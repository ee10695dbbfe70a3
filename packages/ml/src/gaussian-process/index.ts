export {
  GaussianProcessClassifier,
  GP_DEFAULT_MAX_MEMORY,
  type GaussianProcessClassifierOptions,
} from './gaussian-process-classifier.js';
