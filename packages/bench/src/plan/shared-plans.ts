// Every family's shared-work plan, registered once wherever the planner or a worker runs.
import { BOOSTING_SHARED } from './boosting-shared.js';
import { CRAMMER_SINGER_SHARED } from './crammer-singer-shared.js';
import { FOREST_SHARED } from './forest-shared.js';
import { KNN_SHARED } from './knn-shared.js';
import { registerSharedWork } from './shared-work.js';

registerSharedWork(KNN_SHARED);
registerSharedWork(BOOSTING_SHARED);
registerSharedWork(CRAMMER_SINGER_SHARED);
registerSharedWork(FOREST_SHARED);
