import type { Column, SortState } from './bench-model.js';
import { sortRows } from './bench-model.js';
import { h } from './dom.js';

/**
 * A table sorted by any column: clicking a header sorts by it, clicking it again reverses.
 * Numeric columns start descending (best accuracy first), text columns ascending.
 */
export function sortableTable<R>(
  columns: readonly Column<R>[],
  rows: readonly R[],
  sort: SortState,
  onSort: (s: SortState) => void,
  props: {
    id?: string;
    rowKey?: (r: R) => string;
    /** A class for a row (e.g. `fresh` for rows a change just brought). */
    rowClass?: (r: R) => string | undefined;
    empty?: string;
  } = {},
): HTMLTableElement {
  const sorted = sortRows(rows, columns, sort);
  const head = h(
    'tr',
    null,
    columns.map((c) => {
      const active = c.id === sort.column;
      return h(
        'th',
        {
          scope: 'col',
          class: c.numeric ? 'num' : '',
          'aria-sort': active ? (sort.descending ? 'descending' : 'ascending') : 'none',
        },
        h(
          'button',
          {
            type: 'button',
            dataset: { column: c.id },
            onclick: () =>
              onSort({
                column: c.id,
                descending: active ? !sort.descending : Boolean(c.numeric),
              }),
          },
          c.label,
          h('span', { class: 'arrow' }, active ? (sort.descending ? ' ▼' : ' ▲') : ''),
        ),
      );
    }),
  );
  const body = sorted.map((r) =>
    h(
      'tr',
      { dataset: props.rowKey ? { key: props.rowKey(r) } : {}, class: props.rowClass?.(r) },
      columns.map((c) =>
        h(
          'td',
          {
            class: c.numeric ? `num col-${c.id}` : `col-${c.id}`,
            title: c.title?.(r) || undefined,
          },
          c.cell(r),
        ),
      ),
    ),
  );
  return h(
    'table',
    { id: props.id, class: 'results' },
    h('thead', null, head),
    h(
      'tbody',
      null,
      body.length > 0
        ? body
        : h(
            'tr',
            { class: 'empty' },
            h('td', { colSpan: columns.length }, props.empty ?? 'no rows'),
          ),
    ),
  );
}
