export { MLPClassifier, type MLPClassifierOptions } from './mlp-classifier.js';
