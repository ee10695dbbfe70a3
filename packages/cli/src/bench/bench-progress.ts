import { RunProgress, type RunEvent, type RunSnapshot } from '@fmnist/bench';
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

/** A running task in the status: its configuration, or its family ×n for a group. */
const taskLabel = (t: RunSnapshot['running'][number]) =>
  t.jobs.length > 1
    ? `${t.jobs[0].name} ×${t.jobs.length}`
    : label(t.jobs[0].name, t.jobs[0].parameter);

/** The status line: jobs done/total, elapsed, ETA and the jobs running now. */
export function statusLine(s: RunSnapshot): string {
  const eta = s.etaMs === null ? '?' : clock(s.etaMs);
  const jobs = s.running.map(taskLabel).join(' · ');
  return `[${s.done}/${s.total}] ${clock(s.elapsedMs)} elapsed, ETA ${eta}${jobs ? ` | ${jobs}` : ''}`;
}

/** A progress renderer: feed it the run's events, then call `end`. */
export interface BenchProgress {
  (e: RunEvent): void;
  /** Stops the periodic status and leaves a terminal on a fresh line. */
  end(): void;
  /** The run's state, as the lines say it (what `fmnist start` also serves to the dashboard). */
  readonly progress: RunProgress;
}

/** Calls `tick` every `ms` until the returned function is called. */
export type Ticker = (tick: () => void, ms: number) => () => void;

const intervalTicker: Ticker = (tick, ms) => {
  const id = setInterval(tick, ms);
  id.unref(); // never keeps the process alive by itself
  return () => clearInterval(id);
};

/** How often the status is printed in a log while jobs run (a long job can run for minutes). */
export const STATUS_EVERY_MS = 30_000;

/** How often a terminal's status line is redrawn (its clock ticks as the dashboard's does). */
export const TTY_STATUS_EVERY_MS = 1_000;

/**
 * Renders benchmark progress: a line when each job starts and when it ends, and the status
 * (jobs done/total, elapsed, ETA, the jobs running now). On a TTY the status is one line redrawn
 * in place below the others every {@link TTY_STATUS_EVERY_MS}; elsewhere (a log, a pipe) it is a
 * plain line every {@link STATUS_EVERY_MS} while jobs run, so a long job never leaves the log
 * silent. The state is a {@link RunProgress} (pass one to share it, e.g. with the dashboard).
 */
export function benchProgress(
  out: Writer,
  now: () => number = Date.now,
  ticker: Ticker = intervalTicker,
  progress: RunProgress = new RunProgress(now),
): BenchProgress {
  let stopTicker: (() => void) | null = null;
  const status = () => statusLine(progress.snapshot());
  const print = (line: string) => {
    if (out.isTTY) {
      out.write(`\r\x1b[K${line}\n`);
      out.write(`\x1b[K${status().slice(0, 160)}`);
    } else out.write(`${line}\n`);
  };
  const tick = () => {
    if (progress.snapshot().running.length === 0) return;
    if (out.isTTY) {
      out.write(`\r\x1b[K${status().slice(0, 160)}`);
    } else out.write(`${status()}\n`);
  };
  const render = (e: RunEvent) => {
    progress.update(e);
    if (e.type === 'plan') {
      stopTicker ??= ticker(tick, out.isTTY ? TTY_STATUS_EVERY_MS : STATUS_EVERY_MS);
      if (e.repaired) print(`repaired a half-written last line (saved to ${e.repaired})`);
      if (e.badLines.length > 0)
        print(
          `skipping ${e.badLines.length} malformed line(s) of the results file: ${e.badLines.slice(0, 10).join(', ')}`,
        );
      print(`${e.total} jobs, ${e.skipped} already done, ${e.tasks} tasks to run`);
    } else if (e.type === 'data') {
      print(`loaded ${e.dataset}: ${e.train} train / ${e.test} test rows, standardised`);
    } else if (e.type === 'task-start') {
      const jobs = e.task.jobs.map((j) => label(j.name, j.parameter));
      print(
        `started ${jobs.length > 1 ? `${jobs.length} jobs sharing work: ${jobs.join(', ')}` : jobs[0]}`.slice(
          0,
          out.isTTY ? 160 : 2000,
        ),
      );
    } else if (e.type === 'record') {
      const r = e.record;
      const acc =
        r.status === 'ok'
          ? `acc ${(r.mean_accuracy ?? 0).toFixed(4)} in ${((r.fit_ms[0] + r.predict_ms[0]) / 1000).toFixed(1)} s`
          : `${r.status}${r.message ? `: ${r.message}` : ''}`;
      print(`[${e.done}/${e.total}] ${r.dataset} ${label(r.name, r.parameter)}: ${acc}`);
    } else if (e.type === 'memory') {
      print(`memory use ${e.usedPct.toFixed(1)}%: restarting ${e.restarted} busy worker(s)`);
    } else if (e.type === 'end') {
      stop();
      if (e.outcome === 'stopped') {
        const s = progress.snapshot();
        print(
          `stopped after ${clock(s.elapsedMs)}: ${s.done}/${s.total} jobs done and kept; a rerun runs the rest`,
        );
      }
    }
  };
  const stop = () => {
    stopTicker?.();
    stopTicker = null;
  };
  return Object.assign(render, {
    progress,
    end() {
      stop();
      if (out.isTTY) out.write('\r\x1b[K');
    },
  });
}
