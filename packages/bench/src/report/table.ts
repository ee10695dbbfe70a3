import { stableStringify } from '../grid/job.js';
import {
  formatStatusCounts,
  paramText,
  recordSeconds,
  type BenchRecord,
} from '../record/record.js';

/** One row of the Table-3 view: a configuration with its result on each dataset. */
export interface TableRow {
  name: string;
  parameter: Record<string, unknown>;
  fashion?: BenchRecord;
  mnist?: BenchRecord;
}

/** The last record of each (dataset, configuration): a rerun's record replaces the earlier one. */
export function latestRecords(records: BenchRecord[]): BenchRecord[] {
  const byKey = new Map<string, BenchRecord>();
  for (const r of records) byKey.set(`${r.dataset}|${r.name}|${stableStringify(r.parameter)}`, r);
  return [...byKey.values()];
}

/** Merges Fashion and MNIST records on name + parameters, as upstream's side-by-side tab. */
export function tableRows(records: BenchRecord[]): TableRow[] {
  const rows = new Map<string, TableRow>();
  for (const r of latestRecords(records)) {
    const key = `${r.name}|${stableStringify(r.parameter)}`;
    if (!rows.has(key)) rows.set(key, { name: r.name, parameter: r.parameter });
    rows.get(key)![r.dataset] = r;
  }
  return [...rows.values()];
}

/** Options of {@link formatTable}. */
export interface TableOptions {
  sort?: 'acc' | 'time' | 'name';
  only?: string[];
  format?: 'text' | 'markdown' | 'csv';
  /** Include rows whose status is not ok (cannot_create, unsupported, …). */
  all?: boolean;
}

const acc = (r?: BenchRecord) =>
  r && r.status === 'ok' && r.mean_accuracy !== null
    ? `${r.mean_accuracy.toFixed(3)} ± ${(r.std_accuracy ?? 0).toFixed(3)}`
    : r
      ? r.status
      : '';
const seconds = (r?: BenchRecord) => (r && r.status === 'ok' ? recordSeconds(r) : NaN);

/** The Table-3 view: classifier, parameters, Fashion accuracy, MNIST accuracy, seconds per repeat. */
export function formatTable(records: BenchRecord[], options: TableOptions = {}): string {
  let rows = tableRows(records).filter((r) => !options.only || options.only.includes(r.name));
  if (!options.all)
    rows = rows.filter((r) => r.fashion?.status === 'ok' || r.mnist?.status === 'ok');
  const bestAcc = (r: TableRow) => r.fashion?.mean_accuracy ?? r.mnist?.mean_accuracy ?? -1;
  const time = (r: TableRow) => seconds(r.fashion?.status === 'ok' ? r.fashion : r.mnist);
  if (options.sort === 'time') rows.sort((a, b) => (time(a) || Infinity) - (time(b) || Infinity));
  else if (options.sort === 'name') rows.sort((a, b) => a.name.localeCompare(b.name));
  else rows.sort((a, b) => bestAcc(b) - bestAcc(a));
  const header = ['classifier', 'parameters', 'fashion acc', 'mnist acc', 's/repeat'];
  const body = rows.map((r) => [
    r.name,
    paramText(r.parameter),
    acc(r.fashion),
    acc(r.mnist),
    Number.isNaN(time(r)) ? '' : time(r).toFixed(2),
  ]);
  return render(header, body, options.format ?? 'text');
}

/** Best accuracy and total time per family. */
export function formatFamilySummary(
  records: BenchRecord[],
  format: TableOptions['format'] = 'text',
): string {
  const fams = new Map<
    string,
    { best: Record<string, number>; n: number; seconds: number; statuses: Record<string, number> }
  >();
  for (const r of latestRecords(records)) {
    const f = fams.get(r.name) ?? { best: {}, n: 0, seconds: 0, statuses: {} };
    f.n++;
    f.statuses[r.status] = (f.statuses[r.status] ?? 0) + 1;
    if (r.status === 'ok' && r.mean_accuracy !== null) {
      f.best[r.dataset] = Math.max(f.best[r.dataset] ?? 0, r.mean_accuracy);
      f.seconds +=
        (r.fit_ms.reduce((a, b) => a + b, 0) + r.predict_ms.reduce((a, b) => a + b, 0)) / 1000;
    }
    fams.set(r.name, f);
  }
  const body = [...fams.entries()]
    .sort((a, b) => (b[1].best.fashion ?? 0) - (a[1].best.fashion ?? 0))
    .map(([name, f]) => [
      name,
      f.best.fashion?.toFixed(3) ?? '',
      f.best.mnist?.toFixed(3) ?? '',
      String(f.n),
      formatStatusCounts(f.statuses, false),
      f.seconds.toFixed(1),
    ]);
  return render(
    ['family', 'best fashion', 'best mnist', 'jobs', 'status', 'total s'],
    body,
    format,
  );
}

/** Renders a table as aligned text, a Markdown table or CSV. */
export function render(
  header: string[],
  body: string[][],
  format: 'text' | 'markdown' | 'csv',
): string {
  if (format === 'csv') {
    const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    return [header, ...body].map((r) => r.map(cell).join(',')).join('\n');
  }
  if (format === 'markdown') {
    const esc = (s: string) => s.replace(/\|/g, '\\|');
    return [
      `| ${header.join(' | ')} |`,
      `|${header.map(() => '---').join('|')}|`,
      ...body.map((r) => `| ${r.map(esc).join(' | ')} |`),
    ].join('\n');
  }
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
