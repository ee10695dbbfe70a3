import type { BenchData } from '../data/bench-data.js';
import type { Task } from '../plan/planner.js';
import type { RunSettings } from '../protocol/execute-task.js';
import type { RepeatResult } from '../protocol/repeats.js';
import type { BenchRecord } from '../record/record.js';

/** Main thread → job worker. Data arrive once, on SharedArrayBuffers (no copy per worker). */
export type ToWorker =
  { type: 'init'; data: BenchData[]; settings: RunSettings } | { type: 'task'; task: Task };

/** Job worker → main thread. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'record'; taskId: number; record: BenchRecord }
  /** A repeat of a job finished (kept for the job's record if the task times out). */
  | { type: 'repeat'; taskId: number; key: string; repeat: RepeatResult }
  | { type: 'task-done'; taskId: number }
  | { type: 'error'; taskId: number; message: string };
