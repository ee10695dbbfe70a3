import type {
  CompareResponse,
  ResultsFileInfo,
  ResultsResponse,
  RunResponse,
} from '../shared/api-types.js';
import { getJson } from './api.js';
import {
  benchColumns,
  compareColumns,
  configRows,
  families,
  filterRows,
  type BenchTab,
  type RowFilter,
  type SortState,
} from './bench-model.js';
import { h, replace, select } from './dom.js';
import { paramText, stableStringify } from '@fmnist/bench/record';
import { runView, subsampleNote, subsampleOf } from './run-model.js';
import { sortableTable } from './sortable-table.js';

/** The benchmark page's tabs: upstream's three, and the comparison of two results files. */
export type BenchPageTab = BenchTab | 'compare';

const TABS: readonly (readonly [BenchPageTab, string])[] = [
  ['fashion', 'Fashion-MNIST'],
  ['mnist', 'MNIST'],
  ['side', 'Side by side'],
  ['compare', 'Compare files'],
];

const charts = () => import('./charts.js');

/** A record's identity (dataset + configuration), to tell which rows a change brought. */
const recordKey = (r: { dataset: string; name: string; parameter: Record<string, unknown> }) =>
  `${r.dataset}|${r.name}|${stableStringify(r.parameter)}`;

/**
 * The benchmark view: Table 3 per dataset or side by side, sortable and filterable, the accuracy
 * vs time plot and the best-per-family bars, refreshed when a results file changes (the rows a
 * change brought are highlighted). Above them, the benchmark running in the server's process
 * (`fmnist start`): its jobs done, the jobs running, elapsed time and ETA; and over a quick run's
 * table, the subsample it was made on and how the full grid is run.
 */
export class BenchView {
  private tab: BenchPageTab = 'fashion';
  private file = 0;
  private filter: RowFilter = { family: '', text: '', showNotRun: false };
  private sorts: Record<string, SortState> = {};
  private compareAB: [number, number] = [0, 1];
  private compareDataset = '';
  private files: ResultsFileInfo[] = [];
  private readonly results = new Map<number, ResultsResponse>();
  private compareData: CompareResponse | undefined;
  private root: HTMLElement | undefined;
  private body: HTMLElement | undefined;
  private renderToken = 0;
  private run: RunResponse = { active: false };
  /** When the run's snapshot arrived (its clocks move on from there). */
  private runAt = 0;
  private runArea: HTMLElement | undefined;
  private runTimer: ReturnType<typeof setInterval> | undefined;
  /** Configuration rows the last change brought (highlighted once). */
  private fresh = new Set<string>();

  /** Shows the view in `root` on `tab`, loading what it needs. */
  async mount(root: HTMLElement, tab: BenchPageTab): Promise<void> {
    this.root = root;
    this.tab = tab;
    replace(root, h('p', { class: 'muted' }, 'loading results…'));
    const [files, run] = await Promise.all([
      getJson<ResultsFileInfo[]>('/api/files'),
      getJson<RunResponse>('/api/run'),
    ]);
    this.files = files;
    this.setRun(run);
    if (this.compareAB[1] >= this.files.length)
      this.compareAB = [0, Math.min(1, this.files.length - 1)];
    await this.load();
    this.renderPage();
  }

  /** A results file changed on disk: reload it if it is on screen (or cached). */
  async changed(index: number): Promise<void> {
    const shown = this.tab === 'compare' ? this.compareAB.includes(index) : this.file === index;
    const before = this.results.get(index);
    this.results.delete(index);
    this.compareData = undefined;
    this.files = await getJson<ResultsFileInfo[]>('/api/files');
    if (shown && this.root?.isConnected) {
      await this.load();
      const after = this.results.get(index);
      if (before && after && this.tab !== 'compare') {
        const known = new Set(before.records.map(recordKey));
        this.fresh = new Set(
          after.records
            .filter((r) => !known.has(recordKey(r)))
            .map((r) => `${r.name}|${stableStringify(r.parameter)}`),
        );
      }
      this.renderPage();
    }
  }

  /** The live run's new state (pushed by the server on each of its events). */
  runChanged(run: RunResponse): void {
    this.setRun(run);
    this.renderRun();
  }

  private setRun(run: RunResponse): void {
    this.run = run;
    this.runAt = Date.now();
    const live = run.active && (run.run.state === 'running' || run.run.state === 'starting');
    // The clocks tick between the server's pushes.
    if (live && !this.runTimer) this.runTimer = setInterval(() => this.renderRun(), 1000);
    if (!live && this.runTimer) {
      clearInterval(this.runTimer);
      this.runTimer = undefined;
    }
  }

  /** The run panel and the subsample note, redrawn in place (the table below is left alone). */
  private renderRun(): void {
    const area = this.runArea;
    if (!area?.isConnected) return;
    const run = this.run;
    const r = this.tab === 'compare' ? undefined : this.results.get(this.file);
    const liveHere = run.active && run.file === this.file;
    const data = liveHere && run.run.data?.quick ? run.run.data : undefined;
    const sub = (r && subsampleOf(r.records)) ?? data ?? null;
    const note =
      sub && this.tab !== 'compare'
        ? h('p', { class: 'notice', id: 'subsample-note' }, subsampleNote(sub))
        : null;
    if (!run.active) {
      replace(area, note);
      return;
    }
    const v = runView(run.title, run.run, Date.now() - this.runAt);
    replace(
      area,
      h(
        'section',
        { id: 'run-panel', class: `run ${v.state}` },
        h('p', { class: 'run-headline', id: 'run-headline' }, v.headline),
        v.bar && (v.state === 'running' || v.state === 'starting')
          ? h('progress', { id: 'run-bar', max: v.bar.max, value: v.bar.value })
          : null,
        v.running.length > 0
          ? h(
              'ul',
              { class: 'run-jobs', id: 'run-jobs' },
              v.running.map((t) =>
                h(
                  'li',
                  null,
                  h('span', { class: 'job' }, t.label),
                  ' ',
                  h('span', { class: 'muted' }, t.elapsed),
                ),
              ),
            )
          : null,
      ),
      note,
    );
  }

  /** Reloads everything (the event stream reconnected: changes may have been missed). */
  async refresh(): Promise<void> {
    this.results.clear();
    this.compareData = undefined;
    if (this.root?.isConnected) await this.mount(this.root, this.tab);
  }

  private async load(): Promise<void> {
    if (this.files.length === 0) return;
    if (this.tab === 'compare') {
      if (this.files.length < 2) return;
      const [a, b] = this.compareAB;
      this.compareData ??= await getJson<CompareResponse>(`/api/compare?a=${a}&b=${b}`);
    } else if (!this.results.has(this.file)) {
      this.results.set(this.file, await getJson<ResultsResponse>(`/api/results?file=${this.file}`));
    }
  }

  private renderPage(): void {
    if (!this.root) return;
    const tabs = h(
      'div',
      { class: 'tabs', role: 'tablist' },
      TABS.map(([id, label]) =>
        h(
          'a',
          {
            role: 'tab',
            href: `#/bench/${id}`,
            class: id === this.tab ? 'tab active' : 'tab',
            'aria-selected': String(id === this.tab),
            dataset: { tab: id },
          },
          label,
        ),
      ),
    );
    if (this.files.length === 0) {
      replace(
        this.root,
        tabs,
        h('p', { class: 'notice' }, 'No results files: start the server with --results FILE.'),
      );
      return;
    }
    this.body = h('div', { class: 'bench-body' });
    this.runArea = h('div', { class: 'run-area' });
    replace(
      this.root,
      tabs,
      this.runArea,
      this.tab === 'compare' ? this.compareControls() : this.controls(),
      this.body,
    );
    this.renderRun();
    this.renderBody();
  }

  private controls(): HTMLElement {
    const r = this.results.get(this.file);
    const rows = r ? configRows(r.records) : [];
    const fileSelect =
      this.files.length > 1
        ? h(
            'label',
            null,
            'results ',
            select(
              this.files.map((f) => [String(f.index), f.label]),
              String(this.file),
              (v) => {
                this.file = Number(v);
                void this.load().then(() => this.renderPage());
              },
              { id: 'file-select' },
            ),
          )
        : h('span', { class: 'file-label', title: this.files[0].path }, this.files[0].label);
    return h(
      'div',
      { class: 'controls' },
      fileSelect,
      h(
        'label',
        null,
        'family ',
        select(
          [['', 'all families'], ...families(rows).map((f) => [f, f] as const)],
          this.filter.family,
          (v) => {
            this.filter.family = v;
            this.renderBody();
          },
          { id: 'family-filter' },
        ),
      ),
      h('input', {
        id: 'text-filter',
        type: 'search',
        placeholder: 'filter: e.g. rbf C=10',
        value: this.filter.text,
        oninput: (e: Event) => {
          this.filter.text = (e.target as HTMLInputElement).value;
          this.renderBody();
        },
      }),
      h(
        'label',
        { class: 'check' },
        h('input', {
          id: 'show-not-run',
          type: 'checkbox',
          checked: this.filter.showNotRun,
          onchange: (e: Event) => {
            this.filter.showNotRun = (e.target as HTMLInputElement).checked;
            this.renderBody();
          },
        }),
        ' show jobs that did not run',
      ),
    );
  }

  private compareControls(): HTMLElement {
    if (this.files.length < 2)
      return h(
        'p',
        { class: 'notice' },
        'Comparing needs two results files: fmnist serve --results a.jsonl b.jsonl.',
      );
    const fileOptions = this.files.map((f) => [String(f.index), f.label] as const);
    const pick = (side: 0 | 1) => (v: string) => {
      this.compareAB[side] = Number(v);
      this.compareData = undefined;
      void this.load().then(() => this.renderPage());
    };
    return h(
      'div',
      { class: 'controls' },
      h(
        'label',
        null,
        'A ',
        select(fileOptions, String(this.compareAB[0]), pick(0), { id: 'compare-a' }),
      ),
      h(
        'label',
        null,
        'B ',
        select(fileOptions, String(this.compareAB[1]), pick(1), { id: 'compare-b' }),
      ),
      h(
        'label',
        null,
        'dataset ',
        select(
          [
            ['', 'both'],
            ['fashion', 'Fashion-MNIST'],
            ['mnist', 'MNIST'],
          ],
          this.compareDataset,
          (v) => {
            this.compareDataset = v;
            this.renderBody();
          },
          { id: 'compare-dataset' },
        ),
      ),
      h('input', {
        id: 'text-filter',
        type: 'search',
        placeholder: 'filter',
        value: this.filter.text,
        oninput: (e: Event) => {
          this.filter.text = (e.target as HTMLInputElement).value;
          this.renderBody();
        },
      }),
    );
  }

  private sortFor(tab: string): SortState {
    return (this.sorts[tab] ??=
      tab === 'compare'
        ? { column: 'name', descending: false }
        : { column: tab === 'mnist' ? 'mnist-acc' : 'fashion-acc', descending: true });
  }

  private renderBody(): void {
    if (!this.body) return;
    const token = ++this.renderToken;
    const width = Math.min(1100, Math.max(480, this.body.clientWidth || 900));
    if (this.tab === 'compare') {
      const data = this.compareData;
      if (!data) {
        replace(this.body);
        return;
      }
      const words = this.filter.text.toLowerCase().split(/\s+/).filter(Boolean);
      const rows = data.rows.filter(
        (r) =>
          (!this.compareDataset || r.dataset === this.compareDataset) &&
          words.every((w) => `${r.name} ${paramText(r.parameter)}`.toLowerCase().includes(w)),
      );
      const labels: [string, string] = [data.a.label, data.b.label];
      const cols = compareColumns(...labels);
      const both = rows.filter((r) => r.a && r.b).length;
      const chart = h('figure', { class: 'chart', id: 'compare-chart' });
      replace(
        this.body,
        h(
          'p',
          { class: 'summary', id: 'summary' },
          `${rows.length} configurations, ${both} in both files · Δ accuracy = B − A;` +
            ' speed-up = A time / B time (above 1, B is faster)',
        ),
        sortableTable(
          cols,
          rows,
          this.sortFor('compare'),
          (s) => {
            this.sorts.compare = s;
            this.renderBody();
          },
          {
            id: 'compare-table',
            rowKey: (r) => `${r.dataset}|${r.name}|${paramText(r.parameter)}`,
          },
        ),
        h('h3', null, 'Time per repeat, A against B'),
        chart,
      );
      void charts().then((c) => {
        if (token === this.renderToken) chart.append(c.compareTimes(rows, labels, width));
      });
      return;
    }
    const r = this.results.get(this.file);
    if (!r) return;
    const tab = this.tab;
    const all = configRows(r.records);
    const rows = filterRows(all, tab, this.filter);
    const cols = benchColumns(tab);
    const notRun = r.records.filter(
      (x) => x.status !== 'ok' && (tab === 'side' || x.dataset === tab),
    ).length;
    const notices = [
      r.badLines - (r.partialTail ? 1 : 0) > 0
        ? h(
            'p',
            { class: 'warning', id: 'bad-lines' },
            `${r.badLines - (r.partialTail ? 1 : 0)} malformed line(s) skipped` +
              ` (line ${r.badLineNumbers.slice(0, 5).join(', ')}${r.badLineNumbers.length > 5 ? ', …' : ''}).`,
          )
        : null,
      r.partialTail ? h('p', { class: 'muted' }, 'A record is being written…') : null,
      r.exists ? null : h('p', { class: 'muted' }, `${r.path} does not exist yet: waiting for it.`),
    ];
    const scatter = h('figure', { class: 'chart', id: 'time-chart' });
    const bars = h('figure', { class: 'chart', id: 'family-chart' });
    const fresh = this.fresh;
    this.fresh = new Set();
    const waiting =
      all.length === 0 &&
      this.run.active &&
      this.run.file === this.file &&
      this.run.run.state !== 'failed';
    replace(
      this.body,
      notices,
      h(
        'p',
        { class: 'summary', id: 'summary' },
        `${rows.length} of ${all.length} configurations shown` +
          (notRun ? ` · ${notRun} job(s) did not run` : '') +
          ` · updated ${new Date(r.mtimeMs || Date.now()).toLocaleTimeString()}`,
      ),
      sortableTable(
        cols,
        rows,
        this.sortFor(tab),
        (s) => {
          this.sorts[tab] = s;
          this.renderBody();
        },
        {
          id: 'bench-table',
          rowKey: (x) => x.key,
          rowClass: (x) => (fresh.has(x.key) ? 'fresh' : undefined),
          empty: waiting
            ? 'no results yet: rows appear here as the jobs above finish'
            : 'no configuration matches the filter',
        },
      ),
      h('div', { class: 'chart-grid' }, [
        h('section', null, h('h3', null, 'Accuracy against training time'), scatter),
        h('section', null, h('h3', null, 'Best per family, both datasets'), bars),
      ]),
    );
    void charts().then((c) => {
      if (token !== this.renderToken) return;
      scatter.append(c.accuracyVsTime(rows, tab, Math.min(width, 1100)));
      bars.append(c.bestPerFamilyBars(filterRows(all, 'side', this.filter), Math.min(width, 1100)));
    });
  }
}
