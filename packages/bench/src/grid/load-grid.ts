import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { GridConfig } from './job.js';

/** Thrown for a grid file that cannot be read or is not in either accepted shape. */
export class GridError extends Error {
  override readonly name = 'GridError';
}

const value = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.unknown())]);

/** upstream baselines.json: per class, a list of {parameter: [values…]} dicts, all multiplied out. */
const baselinesShape = z.object({
  classifiers: z.record(z.string(), z.array(z.record(z.string(), z.array(value).min(1)))),
});

/** paper-configs.json: an explicit list of {name, parameter}. */
const configsShape = z.object({
  configs: z.array(z.object({ name: z.string().min(1), parameter: z.record(z.string(), value) })),
});

/**
 * Parses upstream's tuple strings as Python's `literal_eval` would for the grid's values:
 * "(10,)" → [10], "(100,10,)" → [100, 10]. Other strings stay strings.
 */
export function parseTupleString(v: unknown): unknown {
  if (typeof v !== 'string' || !/^\(\s*\d+\s*(,\s*\d+\s*)*,?\s*\)$/.test(v)) return v;
  return v
    .slice(1, -1)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
}

/**
 * The configurations of a grid document, in upstream's order: for each class (file order), the
 * Cartesian product of all its parameter lists (itertools.product over the dicts' values in
 * order, the last list varying fastest), tuple strings parsed.
 */
export function expandGrid(doc: unknown, source = 'grid'): GridConfig[] {
  const asConfigs = configsShape.safeParse(doc);
  if (asConfigs.success) {
    return asConfigs.data.configs.map((c) => ({
      name: c.name,
      parameter: Object.fromEntries(
        Object.entries(c.parameter).map(([k, v]) => [k, parseTupleString(v)]),
      ),
    }));
  }
  const asBaselines = baselinesShape.safeParse(doc);
  if (!asBaselines.success) {
    const issue = asBaselines.error.issues[0];
    throw new GridError(
      `${source}: not a grid. Expected {"classifiers": {Name: [{param: [values…]}, …]}} (baselines.json) ` +
        `or {"configs": [{"name", "parameter"}]} (paper-configs.json); ` +
        `problem at ${issue.path.join('.') || '(top level)'}: ${issue.message}.`,
    );
  }
  const out: GridConfig[] = [];
  for (const [name, dicts] of Object.entries(asBaselines.data.classifiers)) {
    const names = dicts.flatMap((d) => Object.keys(d));
    const lists = dicts.flatMap((d) => Object.values(d).map((vs) => vs.map(parseTupleString)));
    for (const combo of product(lists)) {
      out.push({ name, parameter: Object.fromEntries(names.map((n, i) => [n, combo[i]])) });
    }
  }
  return out;
}

function product(lists: unknown[][]): unknown[][] {
  return lists.reduce<unknown[][]>(
    (acc, list) => acc.flatMap((prefix) => list.map((v) => [...prefix, v])),
    [[]],
  );
}

/** The grids shipped with fmnist. */
export const BUILTIN_GRIDS = {
  baselines: new URL('../../grids/baselines.json', import.meta.url),
  paper: new URL('../../grids/paper-configs.json', import.meta.url),
} as const;

/** Reads a grid: `baselines`, `paper`, or a path to a file of either shape. */
export function loadGrid(grid: string): GridConfig[] {
  const file = grid in BUILTIN_GRIDS ? BUILTIN_GRIDS[grid as keyof typeof BUILTIN_GRIDS] : grid;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new GridError(
      `cannot read grid ${String(file)}: ${(e as Error).message}. Use --grid baselines, paper or a JSON file.`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new GridError(`${grid}: invalid JSON (${(e as Error).message}).`);
  }
  return expandGrid(doc, grid);
}
