import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatRecord,
  hashPredictions,
  summarise,
  type BenchRecord,
} from '../../src/record/record.js';
import { ResultsWriter, parseResults, readResults } from '../../src/record/results-file.js';

function rec(name: string, score: number[]): BenchRecord {
  const { mean, std2 } = summarise(score);
  return {
    name,
    parameter: { b: 1, a: [2] },
    score,
    start_time: 100,
    done_time: 104,
    num_repeat: score.length,
    mean_accuracy: mean,
    std_accuracy: std2,
    time_per_repeat: 2,
    dataset: 'fashion',
    status: 'ok',
    fit_ms: [1, 2],
    predict_ms: [3, 4],
    peak_rss_mb: 10,
    predictions_hash: ['0', '1'],
    seed: 0,
    threads: 2,
    quick: false,
    train_size: 60000,
    test_size: 10000,
    fmnist_version: '0.1.0',
    host: 'h',
  };
}

describe('records', () => {
  it('std_accuracy is 2 × the population std, as upstream', () => {
    expect(summarise([0.8, 0.9]).std2).toBeCloseTo(2 * 0.05, 12);
    expect(summarise([0.5]).std2).toBe(0);
    expect(summarise([])).toEqual({ mean: null, std2: null });
  });
  it('one line with keys sorted at every level', () => {
    const line = formatRecord(rec('X', [0.5, 0.5]));
    expect(line).not.toContain('\n');
    const keys = Object.keys(JSON.parse(line) as object);
    expect(keys).toEqual([...keys].sort());
    expect(line).toContain('"parameter":{"a":[2],"b":1}');
  });
  it('prediction hashes differ when one prediction differs', () => {
    expect(hashPredictions([1, 2, 3])).not.toBe(hashPredictions([1, 2, 4]));
    expect(hashPredictions(new Int32Array([1, 2, 3]))).toBe(hashPredictions([1, 2, 3]));
  });
});

describe('results file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'results-'));

  it('appends one line per record and reads them back', () => {
    const path = join(dir, 'a.jsonl');
    const w = new ResultsWriter(path);
    w.append(rec('A', [0.1]));
    w.append(rec('B', [0.2]));
    w.close();
    const r = readResults(path);
    expect(r.records.map((x) => x.name)).toEqual(['A', 'B']);
    expect(r.badLines).toEqual([]);
  });

  it('a corrupt line in the middle is skipped and counted; others survive', () => {
    const text = `${formatRecord(rec('A', [0.1]))}\n{"oops\n${formatRecord(rec('B', [0.2]))}\n[1,2]\n`;
    const r = parseResults(text);
    expect(r.records.map((x) => x.name)).toEqual(['A', 'B']);
    expect(r.badLines).toEqual([2, 4]);
  });

  it("a crash's half-written last line is detected, saved aside and cut; the next record starts a new line", () => {
    const path = join(dir, 'crash.jsonl');
    const full = formatRecord(rec('A', [0.1]));
    writeFileSync(path, `${full}\n${full.slice(0, 40)}`);
    const before = readResults(path);
    expect(before.truncatedTail).toBe(true);
    expect(before.tailIsRecord).toBe(false);
    const w = new ResultsWriter(path);
    expect(w.repaired.savedTo).toBeDefined();
    expect(readFileSync(w.repaired.savedTo!, 'utf8')).toContain(full.slice(0, 40));
    w.append(rec('B', [0.2]));
    w.close();
    const after = readResults(path);
    expect(after.records.map((x) => x.name)).toEqual(['A', 'B']);
    expect(after.badLines).toEqual([]);
    expect(readdirSync(dir).some((f) => f.startsWith('crash.jsonl.corrupt-'))).toBe(true);
  });

  it('a complete last record missing only its newline is kept', () => {
    const path = join(dir, 'nonl.jsonl');
    writeFileSync(path, formatRecord(rec('A', [0.1])));
    const w = new ResultsWriter(path);
    expect(w.repaired.savedTo).toBeUndefined();
    w.append(rec('B', [0.2]));
    w.close();
    expect(readResults(path).records.map((x) => x.name)).toEqual(['A', 'B']);
  });

  it('a missing file reads as empty and is created on open', () => {
    const path = join(dir, 'new.jsonl');
    expect(readResults(path).records).toEqual([]);
    new ResultsWriter(path).close();
    expect(existsSync(path)).toBe(true);
    appendFileSync(path, '');
  });
});
