// A benchmark worker thread: receives the shared data once, then executes tasks one at a time
// and posts each record back (the main thread is the only writer of the results file).
import { parentPort } from 'node:worker_threads';
import type { BenchData } from '../data/bench-data.js';
import { setDefaultThreads } from '@fmnist/ml';
import { useFaithfulSolvers } from '../grid/estimator-factory.js';
import { executeTask, type RunSettings } from '../protocol/execute-task.js';
import type { FromWorker, ToWorker } from './messages.js';
import { jobKey, type Job } from '../grid/job.js';
import type { RepeatResult } from '../protocol/repeats.js';

const port = parentPort!;
let data: BenchData[] = [];
let settings: RunSettings;
const post = (m: FromWorker) => port.postMessage(m);

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'init') {
    data = msg.data;
    settings = msg.settings;
    useFaithfulSolvers(settings.faithfulSolvers ?? false);
    // The worker's share of the cores, for every kernel pool and estimator it runs.
    setDefaultThreads(settings.threads);
    post({ type: 'ready' });
    return;
  }
  const { task } = msg;
  try {
    const d = data.find((x) => x.dataset === task.jobs[0].dataset);
    if (!d) throw new Error(`no data loaded for dataset ${task.jobs[0].dataset}`);
    const onRepeat = (job: Job, repeat: RepeatResult) =>
      post({ type: 'repeat', taskId: task.id, key: jobKey(job), repeat });
    for (const record of executeTask(task, d, settings, onRepeat))
      post({ type: 'record', taskId: task.id, record });
    post({ type: 'task-done', taskId: task.id });
  } catch (e) {
    post({ type: 'error', taskId: task.id, message: (e as Error).stack ?? String(e) });
  }
});
