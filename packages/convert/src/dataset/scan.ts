import { readFile, readdir, stat } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DataError } from '@fmnist/idx';

/** File name endings read as pictures (what sharp decodes). */
export const IMAGE_EXTENSIONS = [
  '.png',
  '.jpg',
  '.jpeg',
  '.webp',
  '.gif',
  '.tif',
  '.tiff',
  '.avif',
];

/** One input picture and its class. */
export interface InputItem {
  /** Absolute path. */
  path: string;
  /** Path relative to the input folder, `/`-separated: the name shown in the card. */
  name: string;
  label: number;
}

/** A file left out, and why. */
export interface Skipped {
  name: string;
  reason: string;
}

/** What {@link scanInputs} found. */
export interface ScanResult {
  items: InputItem[];
  /** Class names by label. */
  classNames: string[];
  /** How labels were given. */
  labelSource: 'labels-csv' | 'class-per-folder';
  /** Entries that cannot take part (missing file, no class, bad label). */
  skipped: Skipped[];
}

/**
 * Lists the pictures under `input` with their labels: from `labelsCsv` (lines `path,label`, paths
 * relative to `input`, an optional `path,label` header) or, without it, one sub-folder per class.
 * Class folders named `N` or `N-name` (`0-T-shirt-top`) keep label N; otherwise labels follow the
 * sorted folder names. CSV labels that are all integers are used as they are; names are numbered
 * in sorted order. Items are sorted by name, so the result does not depend on the file system.
 */
export async function scanInputs(input: string, labelsCsv?: string): Promise<ScanResult> {
  const root = resolve(input);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new DataError('not-found', `${input}: no such folder.`, input);
  const result = labelsCsv ? await scanCsv(root, resolve(labelsCsv)) : await scanFolders(root);
  result.items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (result.classNames.length > 256) {
    throw new DataError(
      'bad-option',
      `${result.classNames.length} classes: IDX labels hold at most 256.`,
    );
  }
  return result;
}

async function scanFolders(root: string): Promise<ScanResult> {
  const skipped: Skipped[] = [];
  const entries = await readdir(root, { withFileTypes: true });
  const folders = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name);
  for (const e of entries) {
    if (e.isFile() && isImage(e.name))
      skipped.push({ name: e.name, reason: 'not in a class folder' });
  }
  const numbered = folders.map((f) => /^(\d+)(?:[-_ ](.+))?$/.exec(f));
  const classNames: string[] = [];
  const labelOf = new Map<string, number>();
  if (folders.length > 0 && numbered.every((m) => m !== null)) {
    folders.forEach((f, i) => {
      const m = numbered[i]!;
      const label = Number(m[1]);
      labelOf.set(f, label);
      classNames[label] = m[2] ?? m[1];
    });
    for (let l = 0; l < classNames.length; l++) classNames[l] ??= String(l);
  } else {
    [...folders].sort().forEach((f, i) => {
      labelOf.set(f, i);
      classNames[i] = f;
    });
  }
  // The class folders are listed at once (one thread-pool round trip each, side by side).
  const listed = await Promise.all(folders.map((f) => walk(join(root, f), f)));
  const items: InputItem[] = [];
  folders.forEach((folder, i) => {
    const label = labelOf.get(folder)!;
    for (const { path, name } of listed[i]) items.push({ path, name, label });
  });
  if (items.length === 0) {
    throw new DataError(
      'not-found',
      `${root}: no pictures in class folders (or give --labels).`,
      root,
    );
  }
  return { items, classNames, labelSource: 'class-per-folder', skipped };
}

async function scanCsv(root: string, csvPath: string): Promise<ScanResult> {
  const text = await readFile(csvPath, 'utf8').catch((e: Error) => {
    throw new DataError('not-found', `${csvPath}: cannot read the labels (${e.message}).`, csvPath);
  });
  const rows: { path: string; label: string; line: number }[] = [];
  const skipped: Skipped[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const fields = splitCsvLine(line);
    if (i === 0 && fields[1]?.trim().toLowerCase() === 'label') return; // header
    if (fields.length < 2 || fields[0].trim() === '' || fields[1].trim() === '') {
      skipped.push({ name: `${csvPath}:${i + 1}`, reason: 'not a "path,label" line' });
      return;
    }
    rows.push({ path: fields[0].trim(), label: fields[1].trim(), line: i + 1 });
  });
  const numeric = rows.every((r) => /^\d+$/.test(r.label));
  const names = numeric
    ? []
    : [...new Set(rows.map((r) => r.label))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(names.map((n, i) => [n, i]));
  const classNames = numeric
    ? Array.from({ length: Math.max(-1, ...rows.map((r) => Number(r.label))) + 1 }, (_, i) =>
        String(i),
      )
    : names;
  const items: InputItem[] = [];
  const base = dirname(csvPath);
  for (const r of rows) {
    // Paths are relative to the input folder; a path that only exists next to the CSV also works.
    let path = isAbsolute(r.path) ? r.path : join(root, r.path);
    if (!(await isFile(path)) && !isAbsolute(r.path) && (await isFile(join(base, r.path)))) {
      path = join(base, r.path);
    }
    const name = toName(relative(root, path));
    if (!(await isFile(path))) {
      skipped.push({ name, reason: 'no such file' });
      continue;
    }
    items.push({ path, name, label: numeric ? Number(r.label) : index.get(r.label)! });
  }
  return { items, classNames, labelSource: 'labels-csv', skipped };
}

/** Splits one CSV line on commas, honouring double quotes. */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/**
 * Every picture file under `dir` (a resolved path), recursively, hidden entries left out, with its
 * name: `name` (the relative path of `dir`, `/`-separated) and the path below it.
 */
async function walk(dir: string, name: string): Promise<{ path: string; name: string }[]> {
  const out: { path: string; name: string }[] = [];
  // `dir` is normalised and entry names hold no separator, so joining is concatenating.
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    if (e.isDirectory()) out.push(...(await walk(prefix + e.name, `${name}/${e.name}`)));
    else if (e.isFile() && isImage(e.name))
      out.push({ path: prefix + e.name, name: `${name}/${e.name}` });
  }
  return out;
}

function isImage(name: string): boolean {
  return IMAGE_EXTENSIONS.includes(extname(name).toLowerCase());
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

function toName(rel: string): string {
  return rel.split(sep).join('/');
}
