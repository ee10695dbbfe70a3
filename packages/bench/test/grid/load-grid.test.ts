import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_GRIDS,
  GridError,
  expandGrid,
  loadGrid,
  parseTupleString,
} from '../../src/grid/load-grid.js';
import { stableStringify } from '../../src/grid/job.js';

// The reference: upstream runner.py's get_par_comb (itertools.product over every parameter list
// of a classifier, in file order; tuple strings through ast.literal_eval), run by Python here.
const UPSTREAM = `
import itertools, json, sys
from ast import literal_eval
doc = json.load(open(sys.argv[1]))
out = []
for name, dicts in doc['classifiers'].items():
    lists = [[literal_eval(x) if isinstance(x, str) and x.startswith('(') else x for x in vv] for d in dicts for vv in d.values()]
    names = [k for d in dicts for k in d.keys()]
    for combo in itertools.product(*lists):
        out.append({'name': name, 'parameter': {names[i]: list(v) if isinstance(v, tuple) else v for i, v in enumerate(combo)}})
print(json.dumps(out))
`;

describe('grids', () => {
  it('baselines.json expands exactly as upstream runner.py does (order included)', () => {
    const ours = loadGrid('baselines');
    const py = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', UPSTREAM, fileURLToPath(BUILTIN_GRIDS.baselines)], {
        encoding: 'utf8',
      }),
    ) as unknown[];
    expect(ours.length).toBe(py.length);
    expect(ours.map((c) => stableStringify(c))).toEqual(py.map((c) => stableStringify(c)));
  });

  it('paper-configs.json gives its 126 configurations', () => {
    const configs = loadGrid('paper');
    expect(configs).toHaveLength(126);
    expect(new Set(configs.map((c) => c.name)).size).toBeGreaterThanOrEqual(12);
  });

  it('parses tuple strings as literal_eval would', () => {
    expect(parseTupleString('(10,)')).toEqual([10]);
    expect(parseTupleString('(100,10,)')).toEqual([100, 10]);
    expect(parseTupleString('(10, 10)')).toEqual([10, 10]);
    expect(parseTupleString('relu')).toBe('relu');
  });

  it('a user file of either shape works; a bad file is a clear GridError', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grid-'));
    const good = join(dir, 'g.json');
    writeFileSync(
      good,
      JSON.stringify({ classifiers: { GaussianNB: [{ var_smoothing: [1e-9, 1e-8] }] } }),
    );
    expect(loadGrid(good)).toEqual([
      { name: 'GaussianNB', parameter: { var_smoothing: 1e-9 } },
      { name: 'GaussianNB', parameter: { var_smoothing: 1e-8 } },
    ]);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ classifiers: { SVC: [{ C: 1 }] } }));
    expect(() => loadGrid(bad)).toThrowError(GridError);
    expect(() => loadGrid(bad)).toThrowError(/problem at classifiers\.SVC\.0\.C/);
    writeFileSync(bad, '{not json');
    expect(() => loadGrid(bad)).toThrowError(/invalid JSON/);
    expect(() => loadGrid(join(dir, 'missing.json'))).toThrowError(/cannot read grid/);
    expect(() => expandGrid({ configs: [{ name: '' }] })).toThrowError(GridError);
  });
});
