export {
  accuracyScore,
  classificationReport,
  confusionMatrix,
  formatClassificationReport,
  type ClassificationReport,
  type ClassScores,
} from './classification.js';
