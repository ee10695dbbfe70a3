import type { SplitRule } from './split.js';
import type { Skipped } from './scan.js';

/** One written file and its identity. */
export interface CardFile {
  name: string;
  examples: number;
  bytes: number;
  /** SHA-256 of the file as written (.gz). */
  sha256: string;
  /** SHA-256 of the decompressed IDX bytes: the content's identity, whatever the compressor. */
  rawSha256: string;
}

/** The dataset card: what was made, from what, how, and what was left out. */
export interface DatasetCard {
  tool: string;
  created: string;
  input: string;
  labelSource: 'labels-csv' | 'class-per-folder';
  size: { rows: number; cols: number };
  classes: { label: number; name: string; train: number; test: number }[];
  splits: { train: number; test: number };
  split: SplitRule & { seed: number; sortByLabel: boolean; stratified: true };
  parameters: Record<string, unknown>;
  files: CardFile[];
  conversions: { pictures: number; converted: number; fromCache: number; failed: number };
  skipped: Skipped[];
  lowContrast: { name: string; contrast: number; excluded: boolean }[];
}

/** The card as Markdown: counts, files, parameters, then everything left out or flagged. */
export function cardMarkdown(card: DatasetCard): string {
  const n = groupDigits;
  const lines = [
    `# Dataset card`,
    '',
    `Made by \`${card.tool}\` on ${card.created} from \`${card.input}\` (labels: ${card.labelSource}).`,
    `${n(card.splits.train)} training and ${n(card.splits.test)} test examples, ` +
      `${card.size.rows}×${card.size.cols} grey, ${card.classes.length} classes; ` +
      `split stratified by class, seed ${card.split.seed}, ` +
      ('trainPerClass' in card.split
        ? `${n(card.split.trainPerClass)} training examples per class`
        : `test fraction ${card.split.testFraction.toFixed(4)}`) +
      (card.split.sortByLabel ? ', stored sorted by label.' : ', stored shuffled.'),
    '',
    '## Counts',
    '',
    '| label | class | train | test |',
    '|---:|---|---:|---:|',
    ...card.classes.map((c) => `| ${c.label} | ${c.name} | ${n(c.train)} | ${n(c.test)} |`),
    `| | **total** | **${n(card.splits.train)}** | **${n(card.splits.test)}** |`,
    '',
    '## Files',
    '',
    '| file | examples | bytes | SHA-256 (file) | SHA-256 (decompressed) |',
    '|---|---:|---:|---|---|',
    ...card.files.map(
      (f) =>
        `| ${f.name} | ${n(f.examples)} | ${n(f.bytes)} | \`${f.sha256}\` | \`${f.rawSha256}\` |`,
    ),
    '',
    '## Parameters',
    '',
    ...Object.entries(card.parameters).map(([k, v]) => `- ${k}: \`${JSON.stringify(v)}\``),
    '',
    `## Conversions`,
    '',
    `${n(card.conversions.pictures)} pictures: ${n(card.conversions.converted)} converted in this run, ` +
      `${n(card.conversions.fromCache)} reused from an earlier run, ${n(card.conversions.failed)} failed.`,
    '',
    `## Skipped (${card.skipped.length})`,
    '',
    ...(card.skipped.length === 0
      ? ['None.']
      : card.skipped.map((s) => `- \`${s.name}\`: ${s.reason}`)),
    '',
    `## Low contrast (${card.lowContrast.length})`,
    '',
    'Products that stand out from the background by fewer grey levels than the threshold (the paper',
    'left white products out).',
    '',
    ...(card.lowContrast.length === 0
      ? ['None.']
      : card.lowContrast.map(
          (s) => `- \`${s.name}\`: contrast ${s.contrast}${s.excluded ? ' (left out)' : ''}`,
        )),
    '',
  ];
  return lines.join('\n');
}

/**
 * `v.toLocaleString('en-US')` for whole numbers (`12,345`), without ICU: its first call costs tens
 * of milliseconds, as much as writing a small dataset.
 */
export function groupDigits(v: number): string {
  if (!Number.isSafeInteger(v)) return v.toLocaleString('en-US');
  return String(v).replace(/\B(?=(\d{3})+$)/g, ',');
}
