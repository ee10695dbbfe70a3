import { describe, expect, it } from 'vitest';
import type { BenchRecord, RunEvent, Task } from '@fmnist/bench';
import { benchProgress } from '../../src/bench/bench-progress.js';

const record = {
  name: 'SVC',
  parameter: { C: 1 },
  dataset: 'fashion',
  status: 'ok',
  mean_accuracy: 0.9,
  fit_ms: [1500],
  predict_ms: [500],
} as unknown as BenchRecord;
const task = {
  id: 0,
  jobs: [{ dataset: 'fashion', name: 'SVC', parameter: { C: 1 } }],
  cost: 1,
} as Task;
const events: RunEvent[] = [
  { type: 'plan', total: 4, skipped: 2, tasks: 2, badLines: [] },
  { type: 'task-start', task, worker: 0 },
  { type: 'record', record, done: 3, total: 4 },
];

function capture(tty: boolean) {
  let out = '';
  let t = 0;
  const render = benchProgress({ write: (s: string) => (out += s), isTTY: tty }, () => (t += 1000));
  events.forEach(render);
  return out;
}

describe('bench progress', () => {
  it('prints plain lines when not on a terminal', () => {
    expect(capture(false).split('\n')).toEqual([
      '4 jobs, 2 already done, 2 tasks to run',
      '[3/4] fashion SVC(C=1): acc 0.9000 in 2.0 s',
      '',
    ]);
  });
  it('redraws one status line on a terminal: done/total, elapsed, ETA and the running jobs', () => {
    const out = capture(true);
    expect(out).toContain('\r\x1b[K[3/4] fashion SVC(C=1): acc 0.9000 in 2.0 s\n');
    expect(out).toMatch(/\[2\/4\] 0:0\d elapsed, ETA \? \| SVC\(C=1\)/);
    expect(out).toMatch(/\[3\/4\] 0:0\d elapsed, ETA 0:0\d \| SVC\(C=1\)$/);
    expect(out).not.toContain('\n[');
  });
});
