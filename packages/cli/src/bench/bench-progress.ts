import type { RunEvent } from '@fmnist/bench';
import type { Writer } from '../context.js';

const clock = (ms: number) => {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h > 0 ? `${h}:` : ''}${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(s % 60).padStart(2, '0')}`;
};

const label = (name: string, parameter: Record<string, unknown>) =>
  `${name}(${Object.entries(parameter)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ')})`;

/**
 * Renders benchmark progress: on a TTY one line redrawn in place (jobs done/total, elapsed, ETA,
 * the jobs running now) with finished jobs printed above it; otherwise one plain line per event.
 */
export function benchProgress(out: Writer, now: () => number = Date.now): (e: RunEvent) => void {
  const t0 = now();
  let done = 0;
  let total = 0;
  let skipped = 0;
  const running = new Map<number, string>();
  let drawn = false;
  const status = () => {
    const elapsed = now() - t0;
    const fresh = done - skipped;
    const eta = fresh > 0 ? clock((elapsed / fresh) * (total - done)) : '?';
    const jobs = [...running.values()].join(' · ');
    return `[${done}/${total}] ${clock(elapsed)} elapsed, ETA ${eta}${jobs ? ` | ${jobs}` : ''}`;
  };
  const print = (line: string) => {
    if (out.isTTY) {
      out.write(`\r\x1b[K${line}\n`);
      out.write(`\x1b[K${status().slice(0, 160)}`);
      drawn = true;
    } else out.write(`${line}\n`);
  };
  return (e) => {
    if (e.type === 'plan') {
      total = e.total;
      skipped = done = e.skipped;
      if (e.repaired) print(`repaired a half-written last line (saved to ${e.repaired})`);
      if (e.badLines.length > 0)
        print(
          `skipping ${e.badLines.length} malformed line(s) of the results file: ${e.badLines.slice(0, 10).join(', ')}`,
        );
      print(`${e.total} jobs, ${e.skipped} already done, ${e.tasks} tasks to run`);
    } else if (e.type === 'data') {
      print(`loaded ${e.dataset}: ${e.train} train / ${e.test} test rows, standardised`);
    } else if (e.type === 'task-start') {
      running.set(
        e.worker,
        e.task.jobs.length > 1
          ? `${e.task.jobs[0].name} ×${e.task.jobs.length}`
          : label(e.task.jobs[0].name, e.task.jobs[0].parameter),
      );
      if (out.isTTY && drawn) out.write(`\r\x1b[K${status().slice(0, 160)}`);
    } else if (e.type === 'record') {
      done = e.done;
      const r = e.record;
      const acc =
        r.status === 'ok'
          ? `acc ${(r.mean_accuracy ?? 0).toFixed(4)} in ${((r.fit_ms[0] + r.predict_ms[0]) / 1000).toFixed(1)} s`
          : `${r.status}${r.message ? `: ${r.message}` : ''}`;
      print(`[${e.done}/${e.total}] ${r.dataset} ${label(r.name, r.parameter)}: ${acc}`);
    } else if (e.type === 'memory') {
      print(`memory use ${e.usedPct.toFixed(1)}%: restarting ${e.restarted} busy worker(s)`);
    } else if (e.type === 'worker-restart') {
      running.delete(e.worker);
    }
  };
}

/** Ends the TTY status line (leaves the terminal on a fresh line). */
export function endProgress(out: Writer): void {
  if (out.isTTY) out.write('\r\x1b[K');
}
