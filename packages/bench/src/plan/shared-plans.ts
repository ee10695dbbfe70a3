// Every family's shared-work plan, registered once wherever the planner or a worker runs.
import { KNN_SHARED } from './knn-shared.js';
import { registerSharedWork } from './shared-work.js';

registerSharedWork(KNN_SHARED);
