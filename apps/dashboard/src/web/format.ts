// Pure formatting of benchmark records for display (unit-tested in test/web/format.test.ts).
import type { BenchRecord } from '../shared/api-types.js';

/**
 * Seconds per repeat: fit + predict from the millisecond timings fmnist records, falling back to
 * upstream's integer `time_per_repeat` (all an upstream or old record has).
 */
export function recordSeconds(r: BenchRecord): number {
  const fit = r.fit_ms ?? [];
  const predict = r.predict_ms ?? [];
  if (fit.length > 0 || predict.length > 0) {
    const total = [...fit, ...predict].reduce((a, b) => a + b, 0);
    return total / 1000 / Math.max(1, r.num_repeat);
  }
  return r.time_per_repeat;
}

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

/** Parameters as `key=value` pairs in key order, JSON values (as the CLI's table). */
export function paramText(p: Record<string, unknown>): string {
  return Object.keys(p)
    .sort()
    .map((k) => `${k}=${JSON.stringify(p[k])}`)
    .join(' ');
}

/** JSON with keys sorted at every level: the identity of a configuration (as `@fmnist/bench`). */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
