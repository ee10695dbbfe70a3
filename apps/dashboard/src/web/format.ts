// Pure formatting of benchmark records for display. The record format's own helpers (seconds per
// repeat, parameter text, a configuration's identity) come from `@fmnist/bench/record`.
import type { BenchRecord } from '../shared/api-types.js';

/** Upstream's h:mm:ss for a duration in seconds (vue-binding.js), rounded to whole seconds. */
export function formatHms(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** A duration for the table: sub-minute times keep their precision, longer ones are h:mm:ss. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
  return formatHms(seconds);
}

/** `mean ± std` (upstream's std is already 2 × the population std). */
export function formatAccuracy(r: BenchRecord | undefined): string {
  if (!r) return '';
  if (r.status !== 'ok' || r.mean_accuracy === null) return r.status.replace('_', ' ');
  return `${r.mean_accuracy.toFixed(3)} ± ${(r.std_accuracy ?? 0).toFixed(3)}`;
}
