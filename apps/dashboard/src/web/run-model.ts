// What the page says about a benchmark run: the live run of `fmnist start` (its state from
// /api/run) and the subsample a results file was made on (from its records). Pure functions,
// unit-tested in test/web/run-model.test.ts.
import type { BenchRecord, RunSnapshot } from '../shared/api-types.js';
import { paramText } from '@fmnist/bench/record';

/** A clock for durations: m:ss, or h:mm:ss from an hour (as the terminal's progress lines). */
export function formatClock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

const n = (x: number) => x.toLocaleString('en-US');

/** What the run panel shows: a headline, the progress bar's value and the running tasks. */
export interface RunView {
  state: RunSnapshot['state'];
  headline: string;
  /** Jobs done of the total (the bar); null before the plan exists. */
  bar: { value: number; max: number } | null;
  running: { label: string; elapsed: string }[];
}

/** A running task's label: its configuration, or its family and how many configurations share it. */
export function taskLabel(jobs: RunSnapshot['running'][number]['jobs']): string {
  const [first] = jobs;
  return jobs.length > 1
    ? `${first.name} ×${jobs.length} (shared work: ${jobs.map((j) => paramText(j.parameter)).join(' | ')})`
    : `${first.name} ${paramText(first.parameter)}`;
}

/**
 * The run panel's content `sinceMs` after the snapshot arrived: the clocks move on between the
 * server's pushes; the ETA is the server's (the terminal prints the same estimate).
 */
export function runView(title: string, s: RunSnapshot, sinceMs = 0): RunView {
  const live = s.state === 'running' || s.state === 'starting';
  const elapsed = s.elapsedMs + (live ? sinceMs : 0);
  const what = title.charAt(0).toUpperCase() + title.slice(1);
  const bar = s.total > 0 ? { value: s.done, max: s.total } : null;
  const ran = s.done - s.skipped;
  const earlier = s.skipped > 0 ? ` (${n(s.skipped)} from an earlier start)` : '';
  let headline: string;
  if (s.state === 'starting') headline = `${what} is starting: loading the data…`;
  else if (s.state === 'running') {
    const eta =
      s.etaMs === null
        ? 'ETA after the first job'
        : `ETA ${formatClock(Math.max(0, s.etaMs - sinceMs))}`;
    headline =
      `${what} is running: ${n(s.done)} of ${n(s.total)} jobs done${earlier}` +
      ` · ${formatClock(elapsed)} elapsed · ${eta}`;
  } else if (s.state === 'finished')
    headline = `${what} finished: ${n(s.total)} jobs, ${n(ran)} run in ${formatClock(elapsed)}${earlier}.`;
  else if (s.state === 'stopped')
    headline =
      `${what} was stopped after ${formatClock(elapsed)} with ${n(s.done)} of ${n(s.total)} jobs done:` +
      ' they are kept, and the next start runs the rest.';
  else headline = `${what} failed${s.message ? `: ${s.message}` : ''}.`;
  return {
    state: s.state,
    headline,
    bar,
    running: live
      ? s.running.map((t) => ({
          label: taskLabel(t.jobs),
          elapsed: formatClock(s.now - t.startedAt + sinceMs),
        }))
      : [],
  };
}

/** The subsample a file's records were made on: `quick` records' sizes (the most common). */
export function subsampleOf(
  records: readonly BenchRecord[],
): { train: number; test: number } | null {
  const counts = new Map<string, number>();
  for (const r of records)
    if (r.quick && r.train_size > 0) {
      const k = `${r.train_size}/${r.test_size}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  if (!best) return null;
  const [train, test] = best[0].split('/').map(Number);
  return { train, test };
}

/** The note over a quick run's table: what the subsample is, and how the full grid is run. */
export function subsampleNote(s: { train: number; test: number }): string {
  return (
    `Quick benchmark: baselines.json on a stratified subsample of ${n(s.train)} training and ` +
    `${n(s.test)} test images, so accuracies sit a little below the full ` +
    'data’s and times are far shorter. The full grid (60,000 / 10,000 images, two repeats, ' +
    'hours on 2 cores): npm run bench:grid, then fmnist serve --results bench-results/grid.jsonl.'
  );
}
