// @fmnist/idx/node: what only Node can do: find, download, verify and save dataset files.
export { userCacheDir } from './cache-dir.js';
export {
  FETCH_DEFAULTS,
  FetchError,
  fetchDataset,
  type FailedFile,
  type FetchedFile,
  type FetchOptions,
  type FetchReport,
} from './fetch-dataset.js';
export { checkFile, type CheckStatus, type ExpectedDigest, type FileCheck } from './file-check.js';
export { digestFile, type FileDigest } from './file-digest.js';
export type { SourceFault } from './http-download.js';
export {
  fileIn,
  findSplit,
  searchPath,
  type Candidate,
  type FoundBy,
  type LocateOptions,
} from './locate.js';
export {
  createProgressReporter,
  describeProgress,
  formatBytes,
  formatDuration,
  type FetchEvent,
  type ProgressReporter,
  type ProgressReporterOptions,
  type ProgressStream,
} from './progress.js';
export { idxFileOfEncoding, saveIdx, writeFileAtomic } from './save-idx.js';
export {
  verifyDataset,
  type FileVerification,
  type VerifyOptions,
  type VerifyReport,
} from './verify.js';
