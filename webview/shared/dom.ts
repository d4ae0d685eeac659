// Small DOM helpers shared by the three webviews. Text only ever goes in as textContent, never as markup: model
// names, attributes and messages are untrusted.

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

/** A custom element (@vscode-elements) with attributes and optional text. */
export function custom<T extends HTMLElement = HTMLElement>(
  tag: string,
  attrs: Record<string, string> = {},
  text?: string,
): T {
  const e = document.createElement(tag) as T;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

export function div(className: string): HTMLDivElement {
  return el('div', undefined, className);
}

export function span(text: string, className: string): HTMLSpanElement {
  return el('span', text, className);
}

export function button(text: string, action: string, onClick: () => void, label?: string): HTMLButtonElement {
  const b = el('button', text);
  b.dataset.action = action;
  if (label) b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

export function option(value: string, text: string): HTMLOptionElement {
  const o = el('option', text);
  o.value = value;
  return o;
}

export function select(label: string, options: [string, string][], onChange: () => void): HTMLSelectElement {
  const s = el('select');
  s.setAttribute('aria-label', label);
  s.append(...options.map(([v, t]) => option(v, t)));
  s.addEventListener('change', onChange);
  return s;
}

/** A CSS custom property's computed value on `element` (the VS Code theme variables), or `fallback`. */
export function cssVar(element: Element, name: string, fallback: string): string {
  return getComputedStyle(element).getPropertyValue(name).trim() || fallback;
}
