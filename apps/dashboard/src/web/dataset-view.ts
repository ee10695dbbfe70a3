import type {
  BalanceResponse,
  DatasetInfo,
  ImageResponse,
  MeanResponse,
  SamplesResponse,
} from '../shared/api-types.js';
import { ApiCallError, getJson } from './api.js';
import { h, replace, select } from './dom.js';
import { decodeBase64, grayCanvas } from './pixels.js';

/**
 * The dataset view: examples per class (the seeds' `showExamples`), a class filter, an image's
 * pixels and label on click, the mean image of each class and the class balance of each split.
 */
export class DatasetView {
  private dataset = 'fashion';
  private split = 'test';
  private onlyClass = '';
  private perClass = 10;
  private offset = 0;
  private datasets: DatasetInfo[] = [];
  private root: HTMLElement | undefined;
  private dialog: HTMLDialogElement | undefined;

  async mount(root: HTMLElement): Promise<void> {
    this.root = root;
    replace(root, h('p', { class: 'muted' }, 'loading…'));
    this.datasets = await getJson<DatasetInfo[]>('/api/datasets');
    const current = this.datasets.find((d) => d.name === this.dataset);
    if (!current || current.available.length === 0) {
      const any = this.datasets.find((d) => d.available.length > 0);
      if (any) this.dataset = any.name;
    }
    await this.render();
  }

  private info(): DatasetInfo | undefined {
    return this.datasets.find((d) => d.name === this.dataset);
  }

  private async render(): Promise<void> {
    if (!this.root) return;
    const info = this.info();
    if (!info || info.available.length === 0) {
      replace(
        this.root,
        h(
          'p',
          { class: 'notice' },
          'No dataset found on this machine: apt-get install dataset-fashion-mnist, or fmnist data fetch.',
        ),
      );
      return;
    }
    if (!info.available.includes(this.split)) this.split = info.available[0];
    const rerender = () => void this.render();
    const controls = h(
      'div',
      { class: 'controls' },
      h(
        'label',
        null,
        'dataset ',
        select(
          this.datasets.map((d) => [
            d.name,
            d.available.length ? d.title : `${d.title} (not on this machine)`,
          ]),
          this.dataset,
          (v) => {
            this.dataset = v;
            this.onlyClass = '';
            this.offset = 0;
            rerender();
          },
          { id: 'dataset-select' },
        ),
      ),
      h(
        'label',
        null,
        'split ',
        select(
          info.available.map((s) => [s, s] as const),
          this.split,
          (v) => {
            this.split = v;
            this.offset = 0;
            rerender();
          },
          { id: 'split-select' },
        ),
      ),
      h(
        'label',
        null,
        'class ',
        select(
          [
            ['', 'all classes'],
            ...info.classNames.map((n, i) => [String(i), `${i} ${n}`] as const),
          ],
          this.onlyClass,
          (v) => {
            this.onlyClass = v;
            this.offset = 0;
            rerender();
          },
          { id: 'class-filter' },
        ),
      ),
      h(
        'label',
        null,
        'per class ',
        select(
          ['10', '20', '40'].map((n) => [n, n] as const),
          String(this.perClass),
          (v) => {
            this.perClass = Number(v);
            rerender();
          },
          { id: 'per-class' },
        ),
      ),
      h(
        'button',
        {
          type: 'button',
          id: 'next-page',
          onclick: () => {
            this.offset += this.perClass;
            rerender();
          },
        },
        'next examples →',
      ),
      this.offset > 0
        ? h(
            'button',
            {
              type: 'button',
              onclick: () => {
                this.offset = 0;
                rerender();
              },
            },
            'first',
          )
        : null,
    );
    const grid = h(
      'section',
      { id: 'examples', class: 'examples' },
      h('p', { class: 'muted' }, 'loading examples…'),
    );
    const means = h('section', { id: 'means', class: 'means' });
    const balance = h('section', { id: 'balance' });
    // A click on the backdrop (the dialog element itself, outside its content) closes it.
    this.dialog ??= h('dialog', {
      id: 'image-detail',
      onclick: (e: Event) => {
        if (e.target === this.dialog) this.dialog?.close();
      },
    });
    replace(
      this.root,
      controls,
      h('h2', null, `${info.title} ${this.split}: examples per class`),
      grid,
      h('h2', null, 'Mean image per class'),
      means,
      h('h2', null, 'Class balance per split'),
      balance,
      this.dialog,
    );
    await Promise.all([
      this.renderExamples(grid),
      this.renderMeans(means),
      this.renderBalance(balance, info),
    ]);
  }

  private async renderExamples(el: HTMLElement): Promise<void> {
    const q = new URLSearchParams({
      perClass: String(this.onlyClass ? this.perClass * 3 : this.perClass),
      offset: String(this.offset),
    });
    if (this.onlyClass) q.set('class', this.onlyClass);
    const s = await this.guard(
      el,
      getJson<SamplesResponse>(`/api/dataset/${this.dataset}/${this.split}/samples?${q}`),
    );
    if (!s) return;
    const byClass = new Map<number, SamplesResponse['samples']>();
    for (const x of s.samples) byClass.set(x.label, [...(byClass.get(x.label) ?? []), x]);
    replace(
      el,
      [...byClass.entries()].map(([label, xs]) =>
        h(
          'div',
          { class: 'class-row', dataset: { label: String(label) } },
          h('div', { class: 'class-name' }, h('b', null, String(label)), ' ', s.classNames[label]),
          h(
            'div',
            { class: 'tiles' },
            xs.map((x) =>
              h(
                'button',
                {
                  type: 'button',
                  class: 'tile',
                  title: `#${x.index}: ${s.classNames[x.label]}`,
                  dataset: { index: String(x.index) },
                  onclick: () => void this.showImage(x.index),
                },
                grayCanvas(decodeBase64(x.pixels), s.rows, s.cols),
              ),
            ),
          ),
        ),
      ),
    );
  }

  private async renderMeans(el: HTMLElement): Promise<void> {
    const m = await this.guard(
      el,
      getJson<MeanResponse>(`/api/dataset/${this.dataset}/${this.split}/mean`),
    );
    if (!m) return;
    replace(
      el,
      m.means.map((px, c) =>
        h(
          'figure',
          { class: 'mean' },
          grayCanvas(px, m.rows, m.cols),
          h(
            'figcaption',
            null,
            m.classNames[c],
            h('br'),
            h('small', null, `${m.counts[c]} images`),
          ),
        ),
      ),
    );
  }

  private async renderBalance(el: HTMLElement, info: DatasetInfo): Promise<void> {
    const all = await this.guard(
      el,
      Promise.all(
        info.available.map((s) =>
          getJson<BalanceResponse>(`/api/dataset/${info.name}/${s}/balance`),
        ),
      ),
    );
    if (!all) return;
    const data = all.flatMap((b) =>
      b.counts.map((count, c) => ({ className: b.classNames[c], split: b.split, count })),
    );
    const table = h(
      'table',
      { class: 'results balance', id: 'balance-table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', null, 'split'),
          info.classNames.map((n) => h('th', { class: 'num' }, n)),
          h('th', { class: 'num' }, 'total'),
        ),
      ),
      h(
        'tbody',
        null,
        all.map((b) =>
          h(
            'tr',
            null,
            h('td', null, b.split),
            b.counts.map((n) => h('td', { class: 'num' }, n.toLocaleString('en'))),
            h('td', { class: 'num' }, b.n.toLocaleString('en')),
          ),
        ),
      ),
    );
    const chart = h('figure', { class: 'chart' });
    replace(el, chart, table);
    const { classBalance } = await import('./charts.js');
    chart.append(classBalance(data, info.classNames, Math.min(1100, el.clientWidth || 900)));
  }

  /** Opens the detail of one image: enlarged, with its label and every pixel's value. */
  async showImage(index: number): Promise<void> {
    const dialog = this.dialog;
    if (!dialog) return;
    const img = await getJson<ImageResponse>(
      `/api/dataset/${this.dataset}/${this.split}/image/${index}`,
    );
    const values = h(
      'table',
      { class: 'pixels' },
      h(
        'tbody',
        null,
        Array.from({ length: img.rows }, (_, y) =>
          h(
            'tr',
            null,
            Array.from({ length: img.cols }, (_, x) => {
              const v = img.pixels[y * img.cols + x];
              return h(
                'td',
                { style: `background:rgb(${v},${v},${v});color:${v > 127 ? '#000' : '#bbb'}` },
                String(v),
              );
            }),
          ),
        ),
      ),
    );
    replace(
      dialog,
      h(
        'header',
        null,
        h('h3', { id: 'detail-title' }, `#${img.index} · label ${img.label} · ${img.className}`),
        h(
          'button',
          { type: 'button', class: 'close', onclick: () => dialog.close(), 'aria-label': 'close' },
          '×',
        ),
      ),
      h(
        'p',
        { class: 'muted' },
        `${img.dataset} ${img.split}, ${img.rows}×${img.cols} pixels, 0 = background`,
      ),
      h(
        'div',
        { class: 'detail' },
        grayCanvas(img.pixels, img.rows, img.cols, { class: 'large' }),
        values,
      ),
    );
    if (!dialog.open) dialog.showModal();
  }

  /** Awaits `p`, showing its error in `el` instead of throwing. */
  private async guard<T>(el: HTMLElement, p: Promise<T>): Promise<T | undefined> {
    try {
      return await p;
    } catch (e) {
      replace(el, h('p', { class: 'warning' }, e instanceof ApiCallError ? e.message : String(e)));
      return undefined;
    }
  }
}
