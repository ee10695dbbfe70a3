// CONTRACT STUB — replaced by the real downloader (retries, mirrors, resume, checksums, progress).
import type { DatasetSpec } from '../datasets/registry.js';

/** Options of {@link fetchDataset}. */
export interface FetchOptions {
  /** Target folder; default `<user cache>/<dataset>`. */
  dir?: string;
  /** Extra base URLs tried before the spec's own. */
  mirrors?: string[];
  /** Re-download even when a verified copy exists. */
  force?: boolean;
  /** Progress events (bytes so far, total, rate, ETA), for the CLI's display. */
  onProgress?: (event: unknown) => void;
  env?: NodeJS.ProcessEnv;
}

/** What {@link fetchDataset} did for each file. */
export interface FetchReport {
  dir: string;
  files: { name: string; path: string; status: 'downloaded' | 'present'; url?: string }[];
}

/** Downloads every file of `spec` into `dir`, verified. */
export async function fetchDataset(
  _spec: DatasetSpec,
  _options: FetchOptions = {},
): Promise<FetchReport> {
  throw new Error('not implemented yet');
}
