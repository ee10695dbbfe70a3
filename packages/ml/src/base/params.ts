import { ParameterError } from './errors.js';

/**
 * One row of an estimator's declarative parameter table: sklearn's default and a check that
 * returns a description of the allowed values when `value` is not one of them.
 */
export interface ParamSpec {
  default: unknown;
  /** undefined when `value` is allowed, else the allowed values in words ("a number > 0"). */
  check(value: unknown): string | undefined;
}

export type ParamTable = Record<string, ParamSpec>;

/** Allowed: one of the listed values (compared with ===). */
export const oneOf =
  (...values: unknown[]) =>
  (v: unknown) =>
    values.includes(v) ? undefined : `one of ${values.map((x) => JSON.stringify(x)).join(', ')}`;

/** Allowed: a finite number in the range, bounds inclusive unless `open` says otherwise. */
export const num =
  (min = -Infinity, max = Infinity, open: { min?: boolean; max?: boolean } = {}) =>
  (v: unknown) => {
    const ok =
      typeof v === 'number' &&
      Number.isFinite(v) &&
      (open.min ? v > min : v >= min) &&
      (open.max ? v < max : v <= max);
    return ok ? undefined : `a number ${range(min, max, open)}`;
  };

/** Allowed: an integer in [min, max]. */
export const int =
  (min = -Infinity, max = Infinity) =>
  (v: unknown) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
      ? undefined
      : `an integer ${range(min, max, {})}`;

/** Allowed: null or what `check` allows. */
export const nullable = (check: ParamSpec['check']) => (v: unknown) => {
  if (v === null || v === undefined) return undefined;
  const why = check(v);
  return why ? `null or ${why}` : undefined;
};

/** Allowed: a boolean. */
export const bool = () => (v: unknown) => (typeof v === 'boolean' ? undefined : 'true or false');

/** Allowed: an array of numbers, each allowed by `check`. */
export const arrayOf = (check: ParamSpec['check']) => (v: unknown) =>
  Array.isArray(v) && v.every((x) => check(x) === undefined)
    ? undefined
    : `an array of ${check(NaN) ?? 'values'}`;

function range(min: number, max: number, open: { min?: boolean; max?: boolean }): string {
  const lo = min === -Infinity ? '' : `${open.min ? '>' : '≥'} ${min}`;
  const hi = max === Infinity ? '' : `${open.max ? '<' : '≤'} ${max}`;
  return [lo, hi].filter(Boolean).join(' and ') || '(any)';
}

/** Merges options over the table's defaults, rejecting unknown option names at once. */
export function withDefaults<P>(estimator: string, table: ParamTable, options: object): P {
  const out: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(table)) out[k] = spec.default;
  for (const [k, v] of Object.entries(options)) {
    if (!(k in table)) {
      throw new ParameterError(
        `${estimator}: unknown option "${k}". Options: ${Object.keys(table).join(', ')}.`,
      );
    }
    if (v !== undefined) out[k] = v;
  }
  return out as P;
}

/** Validates every option against the table (called by `fit`, as sklearn does). */
export function validateParams(estimator: string, table: ParamTable, params: object): void {
  for (const [k, spec] of Object.entries(table)) {
    const v = (params as Record<string, unknown>)[k];
    const allowed = spec.check(v);
    if (allowed) {
      throw new ParameterError(
        `${estimator}: option ${k} must be ${allowed}, got ${JSON.stringify(v) ?? String(v)}.`,
      );
    }
  }
}

/**
 * sklearn's `n_jobs` (`nJobs`): null or −1 = the default thread count (`setDefaultThreads`, else
 * every core), or a whole number of threads ≥ 1.
 */
export const nJobsCheck = (v: unknown): string | undefined =>
  v === null || v === undefined || v === -1 || (Number.isInteger(v) && (v as number) >= 1)
    ? undefined
    : 'null, -1 or an integer ≥ 1';
