// The dashboard's entry point: hash routes (#/bench/<tab>, #/data), live updates over SSE.
import type { ResultsChange, RunResponse } from '../shared/api-types.js';
import { BenchView, type BenchPageTab } from './bench-view.js';
import { DatasetView } from './dataset-view.js';
import { h, replace } from './dom.js';
import './style.css';

const app = document.getElementById('app')!;
const live = document.getElementById('live')!;
const bench = new BenchView();
const data = new DatasetView();
const BENCH_TABS = new Set(['fashion', 'mnist', 'side', 'compare']);

async function route(): Promise<void> {
  const [, page = 'bench', sub = ''] = location.hash.replace(/^#/, '').split('/');
  document
    .querySelectorAll<HTMLAnchorElement>('nav a')
    .forEach((a) => a.classList.toggle('active', a.dataset.route === page));
  try {
    if (page === 'data') await data.mount(app);
    else await bench.mount(app, (BENCH_TABS.has(sub) ? sub : 'fashion') as BenchPageTab);
  } catch (e) {
    replace(app, h('p', { class: 'warning' }, `Could not load the page: ${(e as Error).message}`));
  }
}

/**
 * Live updates: the server pushes `change` when a results file's size or time changes, and `run`
 * with the state of the benchmark running in its process (`fmnist start`), if there is one.
 */
function listen(): void {
  if (typeof EventSource === 'undefined') return;
  const source = new EventSource('api/results/stream');
  let opened = false;
  source.addEventListener('open', () => {
    live.textContent = '● live';
    live.className = 'live on';
    // After a reconnect, changes may have been missed while the stream was down.
    if (opened && location.hash.startsWith('#/bench')) void bench.refresh();
    opened = true;
  });
  source.addEventListener('error', () => {
    live.textContent = '○ reconnecting';
    live.className = 'live off';
  });
  source.addEventListener('change', (e) => {
    const change = JSON.parse((e as MessageEvent<string>).data) as ResultsChange;
    live.textContent = `● live · updated ${new Date().toLocaleTimeString()}`;
    void bench.changed(change.index);
  });
  source.addEventListener('run', (e) => {
    bench.runChanged(JSON.parse((e as MessageEvent<string>).data) as RunResponse);
  });
}

window.addEventListener('hashchange', () => void route());
void route();
listen();
