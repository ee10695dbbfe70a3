/** One call of a WASM export: its name and numeric arguments (addresses, sizes, scalars). */
export interface KernelCall {
  fn: string;
  args: number[];
}

/**
 * A kernel call prepared for execution on any thread: `units` independent pieces of work (rows,
 * or features for histograms) and a function that makes the export call for a range of them.
 * The same plan runs inline (one task over all units) or split over the worker pool.
 */
export interface KernelPlan {
  /** Number of independent units the work can be split into. */
  units: number;
  /** Preferred granularity of a split (e.g. the register-tile height), ≥ 1. */
  grain: number;
  /** Workspace bytes each task needs (0 when none). */
  wsBytes: number;
  /** The export call over units [u0, u1) with a workspace at address `ws`. */
  task(u0: number, u1: number, ws: number): KernelCall;
  /** Completes the call after every task has run (copy-back of foreign outputs, frees). */
  finish(): void;
  /** Releases temporaries when a task failed. */
  abort(): void;
}

/** Splits [0, units) into at most `parts` contiguous ranges aligned to `grain`. */
export function splitUnits(units: number, parts: number, grain: number): [number, number][] {
  const out: [number, number][] = [];
  if (units <= 0) return out;
  const blocks = Math.ceil(units / grain);
  const p = Math.max(1, Math.min(parts, blocks));
  let start = 0;
  for (let i = 0; i < p; i++) {
    const end = i === p - 1 ? units : Math.min(units, Math.round((blocks * (i + 1)) / p) * grain);
    if (end > start) out.push([start, end]);
    start = end;
  }
  return out;
}
