// A tiny element builder: the whole "framework" of the dashboard (see docs/decisions/0007).

/** Anything that can be a child: nodes, text, nothing, or lists of those. */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

/** Properties of {@link h}: `on*` functions become listeners, `class` the class name, the rest
 * element properties when the element has them, attributes otherwise. */
export type Props = Record<string, unknown>;

/** Creates an element with properties and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value as EventListener);
    } else if (key === 'class') {
      el.className = String(value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'style') {
      el.setAttribute('style', String(value));
    } else if (key in el && !key.includes('-')) {
      (el as unknown as Record<string, unknown>)[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/** Appends children (flattened; null, undefined and false skipped). */
export function append(parent: Node, children: readonly Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(parent, c as readonly Child[]);
    else parent.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces an element's children. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A `<select>` of `[value, label]` options with `value` selected, calling `onChange` with the new value. */
export function select(
  options: readonly (readonly [string, string])[],
  value: string,
  onChange: (value: string) => void,
  props: Props = {},
): HTMLSelectElement {
  return h(
    'select',
    { ...props, onchange: (e: Event) => onChange((e.target as HTMLSelectElement).value) },
    options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)),
  );
}
