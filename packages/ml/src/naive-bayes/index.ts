export { GaussianNB, type GaussianNBOptions } from './gaussian-nb.js';
