// Element building and number formatting shared by the results view's parts. Text goes in as textContent only:
// layer and node names come from the model.
import type { StoredRun } from '../../server/contract/runs';
import type { ResultsViewMessage } from '../../server/contract/results-view';

export type Post = (message: ResultsViewMessage) => void;
export type LayerRow = StoredRun['run']['layers'][number];

/** An element with a class and/or text, and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.text !== undefined) e.textContent = props.text;
  e.append(...children);
  return e;
}

export const ms = (v: number | null | undefined, digits = 3): string =>
  v === null || v === undefined ? '–' : `${v.toFixed(digits)} ms`;

export const pct = (v: number | undefined): string =>
  v === undefined ? '–' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)} %`;
