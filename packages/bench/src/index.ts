// @fmnist/bench: the benchmark runner, planner, record format and reports.
export { FAMILY_ALIASES, resolveFamilies } from './grid/families.js';
export {
  loadBenchData,
  stratifiedSubsample,
  type BenchData,
  type BenchDataOptions,
} from './data/bench-data.js';
export {
  jobKey,
  stableStringify,
  type BenchDataset,
  type GridConfig,
  type Job,
} from './grid/job.js';
export {
  BUILTIN_GRIDS,
  GridError,
  expandGrid,
  loadGrid,
  parseTupleString,
} from './grid/load-grid.js';
export { jobCost, planTasks, type PlanOptions, type Task, type TaskOrder } from './plan/planner.js';
export { KNN_SHARED } from './plan/knn-shared.js';
export { SHARED_PLANS } from './plan/shared-plans.js';
export type { GroupRepeat, SharedPlans, SharedWork } from './plan/shared-work.js';
export { executeTask, makeRecord, type RunSettings } from './protocol/execute-task.js';
export { sanityCheck } from './protocol/sanity-check.js';
export {
  JOB_STATUSES,
  formatStatusCounts,
  hashPredictions,
  summarise,
  formatRecord,
  type BenchRecord,
  type JobStatus,
} from './record/record.js';
export {
  ResultsWriter,
  parseResults,
  readResults,
  type ResultsRead,
} from './record/results-file.js';
export { compareRecords, formatComparison, type Comparison } from './report/compare.js';
export {
  formatFamilySummary,
  formatTable,
  latestRecords,
  tableRows,
  type TableOptions,
} from './report/table.js';
export { runGrid, type RunEvent, type RunGridOptions, type RunSummary } from './runner/run-grid.js';
export { RunProgress, type RunningTask, type RunSnapshot } from './runner/run-progress.js';
