import { exportCsv } from './csv.js';
import type { Exporter } from './export-job.js';
import { exportJsonl } from './jsonl.js';
import { exportNpy } from './npy.js';
import { exportPng } from './png.js';

/** The export formats of `fmnist data export --format`, by name. */
export const EXPORT_FORMATS = {
  png: exportPng,
  csv: exportCsv,
  npy: exportNpy,
  jsonl: exportJsonl,
} as const satisfies Record<string, Exporter>;

/** A format name. */
export type ExportFormat = keyof typeof EXPORT_FORMATS;
