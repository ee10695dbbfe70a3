import type { DatasetSplit } from '@fmnist/idx';

/** What an exporter writes: the first `count` examples of one split, into `outDir`. */
export interface ExportJob {
  split: DatasetSplit;
  classNames: readonly string[];
  outDir: string;
  /** How many examples (the first ones of the split). */
  count: number;
  /** Called with the number of examples written so far. */
  progress: (done: number) => void;
}

/** An export format: writes a job's files and returns their paths. */
export type Exporter = (job: ExportJob) => Promise<string[]>;

/** Examples written between two progress calls and per chunk of text output. */
export const CHUNK = 1_000;

// '0'..'255' once, so a row of pixels becomes text without a number-to-string call per pixel.
const BYTE_TEXT = Array.from({ length: 256 }, (_, v) => String(v));

/** The pixels of example `i` as comma-separated decimals (the body of a CSV row or JSON array). */
export function pixelsText(split: DatasetSplit, i: number): string {
  const size = split.rows * split.cols;
  const px = split.images.subarray(i * size, (i + 1) * size);
  let s = BYTE_TEXT[px[0]];
  for (let j = 1; j < px.length; j++) s += ',' + BYTE_TEXT[px[j]];
  return s;
}
