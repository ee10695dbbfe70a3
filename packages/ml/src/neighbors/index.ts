export {
  KNeighborsClassifier,
  type KNeighborsClassifierOptions,
} from './k-neighbors-classifier.js';
export {
  ExactNeighborSearch,
  featureGroups,
  principalBasis,
  type Neighbors,
} from './exact-search.js';
export { neighborProba, predictFromNeighbors, type NeighborWeights } from './neighbor-votes.js';
