// The JSON the dashboard's server sends and its front end reads: one definition for both sides.
import type { BenchRecord, RunSnapshot } from '@fmnist/bench';

export type { BenchRecord, RunSnapshot };

/** `GET /api/files`: the results files the server was started with. */
export interface ResultsFileInfo {
  /** Position in `--results`: the only way the API names a file (never a path from the client). */
  index: number;
  /** A short label: the file's name, with parent folders only where two names collide. */
  label: string;
  path: string;
  exists: boolean;
  /** Milliseconds since the epoch; 0 when the file does not exist yet. */
  mtimeMs: number;
  size: number;
}

/** `GET /api/results?file=i`: the records of one results file. */
export interface ResultsResponse extends ResultsFileInfo {
  /** The last record of each (dataset, configuration): a rerun's record replaces the earlier one. */
  records: BenchRecord[];
  /** Lines in the file that parsed as records (before de-duplication). */
  totalLines: number;
  /** How many lines were skipped because they are not records (malformed JSON, wrong shape). */
  badLines: number;
  /** Their 1-based line numbers (at most the first 100). */
  badLineNumbers: number[];
  /** The file ends in a line without its newline that is not (yet) a record: a write in progress. */
  partialTail: boolean;
}

/** `GET /api/compare?a=i&b=j`: the configurations of two results files paired up. */
export interface CompareRow {
  dataset: string;
  name: string;
  parameter: Record<string, unknown>;
  a?: BenchRecord;
  b?: BenchRecord;
  /** b − a accuracy, when both ran. */
  deltaAcc?: number;
  /** a's seconds per repeat / b's: > 1 means b is faster. */
  speedup?: number;
}

/** `GET /api/compare`. */
export interface CompareResponse {
  a: ResultsFileInfo;
  b: ResultsFileInfo;
  rows: CompareRow[];
}

/** Sent on `GET /api/results/stream` (Server-Sent Events, event `change`) when a file changes. */
export interface ResultsChange {
  index: number;
  mtimeMs: number;
  size: number;
}

/**
 * `GET /api/run`, and event `run` on `/api/results/stream`: the benchmark running in the server's
 * own process (`fmnist start`), or `active: false` when the server only watches results files.
 */
export type RunResponse =
  | { active: false }
  | {
      active: true;
      /** The results file it appends to (index in `/api/files`). */
      file: number;
      /** What runs, in words (e.g. "the quick benchmark"). */
      title: string;
      run: RunSnapshot;
    };

/** `GET /api/datasets`: the datasets the server knows and which of their splits it can read. */
export interface DatasetInfo {
  name: string;
  title: string;
  classNames: string[];
  /** Splits whose files were found (loading may still fail on a damaged file). */
  available: string[];
}

/** `GET /api/dataset/:name/:split/samples`. */
export interface SamplesResponse {
  dataset: string;
  split: string;
  classNames: string[];
  rows: number;
  cols: number;
  /** Examples in class order, then file order within a class. */
  samples: { index: number; label: number; pixels: string }[];
  /** `pixels` is base64 of `rows × cols` bytes (a third of the size of a JSON number list). */
  encoding: 'base64';
}

/** `GET /api/dataset/:name/:split/image/:i`. */
export interface ImageResponse {
  dataset: string;
  split: string;
  index: number;
  label: number;
  className: string;
  rows: number;
  cols: number;
  /** Row-major 0..255, 0 = background. */
  pixels: number[];
}

/** `GET /api/dataset/:name/:split/mean`: the mean image of each class. */
export interface MeanResponse {
  dataset: string;
  split: string;
  classNames: string[];
  rows: number;
  cols: number;
  /** One row-major image per class, each pixel the class mean rounded to 0..255. */
  means: number[][];
  counts: number[];
}

/** `GET /api/dataset/:name/:split/balance`: how many examples of each class the split holds. */
export interface BalanceResponse {
  dataset: string;
  split: string;
  classNames: string[];
  counts: number[];
  n: number;
}

/** The body of every error response. */
export interface ApiError {
  error: string;
}
