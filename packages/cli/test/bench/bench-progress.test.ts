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
const next = {
  id: 1,
  jobs: [{ dataset: 'fashion', name: 'SVC', parameter: { C: 10 } }],
  cost: 1,
} as Task;
const events: RunEvent[] = [
  { type: 'plan', total: 4, skipped: 2, tasks: 2, planned: [task, next], workers: 1, badLines: [] },
  { type: 'task-start', task, worker: 0 },
  { type: 'record', record, done: 3, total: 4 },
  { type: 'task-done', worker: 0 },
  { type: 'task-start', task: next, worker: 0 },
];

function capture(tty: boolean) {
  let out = '';
  let t = 0;
  const render = benchProgress(
    { write: (s: string) => (out += s), isTTY: tty },
    () => (t += 1000),
    () => () => {},
  );
  events.forEach(render);
  render.end();
  return out;
}

describe('bench progress', () => {
  it('prints plain lines when not on a terminal', () => {
    expect(capture(false).split('\n')).toEqual([
      '4 jobs, 2 already done, 2 tasks to run',
      'started SVC(C=1)',
      '[3/4] fashion SVC(C=1): acc 0.9000 in 2.0 s',
      'started SVC(C=10)',
      '',
    ]);
  });
  it('prints the status while jobs run (a log every 30 s, a terminal every second) until it ends', () => {
    for (const tty of [false, true]) {
      let out = '';
      let t = 0;
      let tick: (() => void) | null = null;
      let every = 0;
      let stopped = false;
      const render = benchProgress(
        { write: (s: string) => (out += s), isTTY: tty },
        () => (t += 1000),
        (fn, ms) => {
          tick = fn;
          every = ms;
          return () => (stopped = true);
        },
      );
      render(events[0]);
      expect(every).toBe(tty ? 1_000 : 30_000);
      out = '';
      tick!(); // nothing runs yet: nothing to say
      expect(out).toBe('');
      render(events[1]);
      out = '';
      tick!();
      expect(out).toMatch(/\[2\/4\] 0:0\d elapsed, ETA \? \| SVC\(C=1\)/);
      expect(out.endsWith('\n')).toBe(!tty);
      render({ type: 'task-done', worker: 0 });
      out = '';
      tick!(); // the job ended: nothing running
      expect(out).toBe('');
      render.end();
      expect(stopped).toBe(true);
    }
  });
  it('a task of several jobs sharing work names them all when it starts', () => {
    let out = '';
    const render = benchProgress(
      { write: (s: string) => (out += s), isTTY: false },
      Date.now,
      () => () => {},
    );
    render({
      type: 'task-start',
      worker: 1,
      task: { ...task, jobs: [task.jobs[0], { ...task.jobs[0], parameter: { C: 10 } }] },
    });
    expect(out).toBe('started 2 jobs sharing work: SVC(C=1), SVC(C=10)\n');
  });
  it('redraws one status line on a terminal: done/total, elapsed, ETA and the running jobs', () => {
    const out = capture(true);
    expect(out).toContain('\r\x1b[K[3/4] fashion SVC(C=1): acc 0.9000 in 2.0 s\n');
    expect(out).toMatch(/\[2\/4\] 0:0\d elapsed, ETA \? \| SVC\(C=1\)/);
    // One task took its time: the other (as dear) will take as long.
    expect(out).toMatch(/\[3\/4\] 0:\d\d elapsed, ETA 0:0\d \| SVC\(C=10\)/);
    expect(out.endsWith('SVC(C=10)\r\x1b[K')).toBe(true); // `end` clears the status line
    expect(out).not.toContain('\n[');
  });
  it('says where a stopped run stands, from the state it shares with the dashboard', () => {
    let out = '';
    const render = benchProgress({ write: (s: string) => (out += s), isTTY: false }, () => 0);
    events.slice(0, 3).forEach(render);
    expect(render.progress.snapshot()).toMatchObject({ state: 'running', done: 3, total: 4 });
    out = '';
    render({ type: 'end', outcome: 'stopped', message: 'stopped' });
    expect(out).toBe('stopped after 0:00: 3/4 jobs done and kept; a rerun runs the rest\n');
    expect(render.progress.snapshot()).toMatchObject({ state: 'stopped', running: [] });
    render.end();
  });
});
