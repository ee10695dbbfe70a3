/** Which dataset a job runs on. */
export type BenchDataset = 'fashion' | 'mnist';

/** One configuration of the grid: an sklearn class name and its (snake_case, 0.19) parameters. */
export interface GridConfig {
  name: string;
  parameter: Record<string, unknown>;
}

/** One unit of the benchmark: a configuration on a dataset. */
export interface Job extends GridConfig {
  dataset: BenchDataset;
}

/** JSON with object keys sorted at every level (Python's `json.dumps(sort_keys=True)` order). */
export function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableStringify(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** A job's identity in a results file: dataset, class name and parameters (key order ignored). */
export function jobKey(job: Job): string {
  return `${job.dataset}|${job.name}|${stableStringify(job.parameter)}`;
}
