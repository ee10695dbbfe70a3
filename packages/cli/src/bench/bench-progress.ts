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

/** A progress renderer: feed it the run's events, then call `end`. */
export interface BenchProgress {
  (e: RunEvent): void;
  /** Stops the periodic status and leaves a terminal on a fresh line. */
  end(): void;
}

/** Calls `tick` every `ms` until the returned function is called. */
export type Ticker = (tick: () => void, ms: number) => () => void;

const intervalTicker: Ticker = (tick, ms) => {
  const id = setInterval(tick, ms);
  id.unref(); // never keeps the process alive by itself
  return () => clearInterval(id);
};

/** How often the status is printed while jobs run (a long job can run for many minutes). */
export const STATUS_EVERY_MS = 30_000;

/**
 * Renders benchmark progress: a line when each job starts and when it ends, and the status
 * (jobs done/total, elapsed, ETA, the jobs running now) every {@link STATUS_EVERY_MS} while
 * jobs run. On a TTY the status is one line redrawn in place below the others; elsewhere (a
 * log, a pipe) it is printed as a plain line, so a long job never leaves the log silent.
 */
export function benchProgress(
  out: Writer,
  now: () => number = Date.now,
  ticker: Ticker = intervalTicker,
): BenchProgress {
  const t0 = now();
  let stopTicker: (() => void) | null = null;
  let done = 0;
  let total = 0;
  let skipped = 0;
  const running = new Map<number, string>();
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
    } else out.write(`${line}\n`);
  };
  const tick = () => {
    if (running.size === 0) return;
    if (out.isTTY) {
      out.write(`\r\x1b[K${status().slice(0, 160)}`);
    } else out.write(`${status()}\n`);
  };
  const render = (e: RunEvent) => {
    if (e.type === 'plan') {
      stopTicker ??= ticker(tick, STATUS_EVERY_MS);
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
      const what =
        e.task.jobs.length > 1
          ? `${e.task.jobs[0].name} ×${e.task.jobs.length}`
          : label(e.task.jobs[0].name, e.task.jobs[0].parameter);
      running.set(e.worker, what);
      const jobs = e.task.jobs.map((j) => label(j.name, j.parameter));
      print(
        `started ${jobs.length > 1 ? `${jobs.length} jobs sharing work: ${jobs.join(', ')}` : jobs[0]}`.slice(
          0,
          out.isTTY ? 160 : 2000,
        ),
      );
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
    } else if (e.type === 'worker-restart' || e.type === 'task-done') {
      running.delete(e.worker);
    }
  };
  return Object.assign(render, {
    end() {
      stopTicker?.();
      stopTicker = null;
      if (out.isTTY) out.write('\r\x1b[K');
    },
  });
}
