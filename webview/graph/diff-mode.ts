// Diff mode of the graph view: the graph is model B with the removed nodes of A drawn as ghosts where they attached
// (server/graph/diff-session.ts). Nodes are tinted by what happened to them (added, removed, changed) in colours
// from the theme's Git decorations, a bar above the graph holds the legend with counts, next/previous change and the
// list of changes, and the details panel shows a selected node's change.
import type { SceneBox } from '../../common/graph-drawing/scene';
import type { GraphHostMessage, GraphViewMessage, SideBySideInfo } from '../../server/contract/graph-view';
import type { DiffStatus, GraphDiffInfo } from '../../server/contract/model-diff';
import { button, div, el, span } from '../shared/dom';
import { SideBySide, type SideBySideHooks } from './side-by-side';
import './diff-mode.css';

export const DIFF_STATUSES: DiffStatus[] = ['added', 'removed', 'changed'];
const SIGN: Record<DiffStatus, string> = { added: '+', removed: '−', changed: '~' };
/** How much of the status colour goes into a node's fill: the label stays readable on it in every theme. */
const TINT = 0.4;

type Entry = GraphDiffInfo['entries'][number];

/** What the side-by-side panes need from the view, and where they go: in place of the overlaid graph's host. */
export type PanesHost = Omit<SideBySideHooks, 'fill' | 'diffKey' | 'requestDocs'> & {
  overlayHost: HTMLElement;
  post(message: GraphViewMessage): void;
};

export class DiffMode {
  readonly root: HTMLElement;
  private info?: GraphDiffInfo;
  private readonly statusOf = new Map<number, DiffStatus>();
  private readonly entryOf = new Map<number, Entry>();
  private fills?: Record<DiffStatus, string>;
  private strokes?: Record<DiffStatus, string>;
  private sides?: SideBySide;
  private toggle?: HTMLButtonElement;
  private panesShown = false;

  /** `themed`: where the --graph-diff-* variables are read; `selection.key`: the selected box ("n12"). */
  constructor(
    private readonly themed: HTMLElement,
    private readonly selection: { key?: string },
    private readonly reveal: (nodeId: number) => Promise<void>,
    private readonly renderer: { redraw(): void },
    /** The bar goes right above this element (the graph's row). */
    above: HTMLElement,
    private readonly panesHost: PanesHost,
  ) {
    this.root = el('section', undefined, 'diff-bar');
    this.root.setAttribute('aria-label', 'Changes between the two models');
    this.root.hidden = true;
    above.before(this.root);
  }

  get active(): boolean {
    return this.info !== undefined;
  }

  /** The host's diff (after the graph's skeleton), or its answer to the side-by-side toggle. */
  receive(message: Extract<GraphHostMessage, { type: 'graph/diff' | 'graph/sideBySide' }>): Promise<void> | void {
    return message.type === 'graph/diff' ? this.set(message.diff) : this.openSideBySide(message.panes);
  }

  set(info: GraphDiffInfo): void {
    this.info = info;
    this.statusOf.clear();
    this.entryOf.clear();
    for (const e of info.entries)
      if (e.node >= 0) {
        this.statusOf.set(e.node, e.status);
        this.entryOf.set(e.node, e);
      }
    this.themed.dataset.diff = 'on';
    this.readColors();
    this.render();
    this.renderer.redraw();
  }

  /** Re-reads the theme's colours (the theme changed). */
  readColors(): void {
    if (!this.info) return;
    const css = getComputedStyle(this.themed);
    const node = toRgb(css.getPropertyValue('--graph-node-fill').trim() || '#f3f3f3');
    const read = (s: DiffStatus) => toRgb(css.getPropertyValue(`--graph-diff-${s}`).trim() || '#888888');
    const of = (make: (s: DiffStatus) => string) => ({
      added: make('added'),
      removed: make('removed'),
      changed: make('changed'),
    });
    this.strokes = of((s) => blend(read(s), node, 1));
    this.fills = of((s) => blend(read(s), node, TINT));
    for (const item of this.root.querySelectorAll<HTMLElement>('.diff-swatch'))
      this.paintSwatch(item, item.dataset.status as DiffStatus);
    this.sides?.redraw();
  }

  /** Side by side shown (else the overlaid graph). */
  get sideBySide(): boolean {
    return this.panesShown;
  }

  /** The toggle: the panes are asked for once (the host builds both graphs then), later only shown or hidden. */
  private toggleSideBySide(): void {
    if (!this.sides) {
      this.toggle!.disabled = true;
      this.panesHost.post({ type: 'graph/sideBySide' });
      return;
    }
    this.showPanes(!this.sideBySide);
  }

  /** The host's answer to the toggle: model A and model B in two panes. */
  private async openSideBySide(info: SideBySideInfo): Promise<void> {
    if (!this.info) return;
    this.sides ??= new SideBySide({
      ...this.panesHost,
      fill: (status) => this.fills?.[status],
      requestDocs: (node) => this.panesHost.post({ type: 'graph/requestDocs', op: node.op, domain: node.domain }),
      diffKey: (e) => this.onKey(e),
    });
    this.panesHost.overlayHost.before(this.sides.root);
    this.showPanes(true);
    await this.sides.open(info, this.info);
    this.toggle!.disabled = false;
  }

  private showPanes(on: boolean): void {
    this.panesShown = on;
    this.toggle!.setAttribute('aria-pressed', String(on));
    this.sides!.root.hidden = !on;
    this.panesHost.overlayHost.hidden = on;
    this.themed.dataset.diffView = on ? 'side-by-side' : 'overlay';
  }

  /** A node's fill in diff mode (undefined: unchanged, or not a node). */
  color(box: SceneBox): string | undefined {
    if (!this.fills || box.kind !== 'node') return undefined;
    const status = this.statusOf.get(box.id);
    return status && this.fills[status];
  }

  status(nodeId: number): DiffStatus | undefined {
    return this.statusOf.get(nodeId);
  }

  /** The toolbar's Fit: side by side, each pane shows all of its graph (true when handled). */
  fit(): boolean {
    if (this.sideBySide) this.sides!.fit();
    return this.sideBySide;
  }

  /** The toolbar's Expand all / Collapse all: side by side, they act on both panes (true when handled). */
  expandAll(open: boolean): boolean {
    if (this.sideBySide) void this.sides!.expandAll(open);
    return this.sideBySide;
  }

  /** The toolbar's search: side by side, it searches both panes and lists their results in `list` (true when handled). */
  search(query: string, list: HTMLElement): boolean {
    if (this.sideBySide) this.sides!.search(query, list);
    return this.sideBySide;
  }

  /** The details panel's group toggle: side by side, it acts on the panes (true when handled). */
  toggleGroup(groupId: number): boolean {
    if (this.sideBySide) void this.sides!.toggleActive(groupId);
    return this.sideBySide;
  }

  /** Selects and reveals the next (1) or previous (-1) change after the selection. */
  step(direction: 1 | -1): void {
    if (this.sideBySide) {
      void this.sides!.step(direction);
      return;
    }
    const entries = this.info?.entries.filter((e) => e.node >= 0) ?? [];
    if (entries.length === 0) return;
    const key = this.selection.key;
    const at = key?.startsWith('n') ? entries.findIndex((e) => e.node === Number(key.slice(1))) : -1;
    const next =
      at < 0 ? (direction === 1 ? 0 : entries.length - 1) : (at + direction + entries.length) % entries.length;
    void this.reveal(entries[next].node);
  }

  /** `n`/`p` and F7/Shift+F7 (as in VS Code's diff editor) step through the changes; true when handled. */
  onKey(e: KeyboardEvent): boolean {
    if (!this.info || e.ctrlKey || e.metaKey || e.altKey) return false;
    const direction = e.key === 'n' || (e.key === 'F7' && !e.shiftKey) ? 1 : e.key === 'p' || e.key === 'F7' ? -1 : 0;
    if (direction === 0) return false;
    e.preventDefault();
    this.step(direction);
    return true;
  }

  /** The selected node's change, for the details panel (nothing for an unchanged node outside diff mode). */
  details(shownId: number): HTMLElement[] {
    // Side by side, the panel shows a pane's node: its change is keyed by its twin in the overlaid graph.
    const nodeId = this.sideBySide ? this.sides!.overlayId(shownId) : shownId;
    if (!this.info || nodeId === undefined) return [];
    const entry = this.entryOf.get(nodeId);
    const weights = this.info.weights.filter((w) => w.readers.includes(nodeId));
    if (!entry && weights.length === 0) return [];
    const box = div('diff-details');
    if (entry) {
      box.dataset.status = entry.status;
      const what =
        entry.status === 'removed'
          ? `Removed: only in ${this.info.a}`
          : entry.status === 'added'
            ? `Added: only in ${this.info.b}`
            : `Changed${entry.was ? ` (was ${entry.was})` : ''}, matched by ${entry.matchedBy ?? 'name'}`;
      box.append(el('h3', what));
      const list = el('ul');
      for (const c of entry.changes) list.append(el('li', c));
      if (entry.changes.length) box.append(list);
    }
    for (const w of weights) {
      const size = w.maxAbsDiff !== undefined ? `; max abs diff ${w.maxAbsDiff}` : '';
      const name = w.a === w.b ? w.a : `${w.a} → ${w.b}`;
      box.append(el('div', `Initializer ${name}: ${w.changes.join(', ')}${size}`, 'diff-weight'));
    }
    return [box];
  }

  private render(): void {
    const info = this.info!;
    const legend = div('diff-legend');
    legend.append(el('strong', `${info.a} → ${info.b}`, 'diff-title'));
    for (const s of DIFF_STATUSES) {
      const n = info.entries.filter((e) => e.status === s).length;
      const item = span('', 'diff-count');
      item.dataset.status = s;
      item.dataset.count = String(n);
      const swatch = span('', 'diff-swatch');
      swatch.dataset.status = s;
      this.paintSwatch(swatch, s);
      item.append(swatch, document.createTextNode(`${SIGN[s]} ${n} ${s}`));
      legend.append(item);
    }
    const weights = span(
      `${info.weights.length} initializer${info.weights.length === 1 ? '' : 's'} changed`,
      'diff-count',
    );
    weights.dataset.status = 'weights';
    weights.dataset.count = String(info.weights.length);
    legend.append(
      weights,
      button('◀ Change', 'prev-change', () => this.step(-1), 'Previous change (p, Shift+F7)'),
      button('Change ▶', 'next-change', () => this.step(1), 'Next change (n, F7)'),
    );
    this.toggle = button('Side by side', 'side-by-side', () => this.toggleSideBySide(), 'Show A and B side by side');
    this.toggle.setAttribute('aria-pressed', String(this.panesShown));
    legend.append(this.toggle);
    const list = el('details', undefined, 'diff-changes');
    list.append(el('summary', 'Changes'));
    const items = el('ul');
    for (const e of info.entries) {
      const item = el('li');
      item.dataset.status = e.status;
      const go = button(`${SIGN[e.status]} ${e.op} ${e.name || '(unnamed)'}`, 'reveal-change', () => {
        if (e.node >= 0) void this.reveal(e.node);
      });
      item.append(go);
      if (e.changes.length && e.status === 'changed') item.append(span(e.changes.join('; '), 'diff-summary'));
      items.append(item);
    }
    for (const w of info.weights) {
      const item = el('li');
      item.dataset.status = 'weights';
      item.append(
        button(`~ initializer ${w.b}`, 'reveal-change', () => w.readers[0] >= 0 && void this.reveal(w.readers[0])),
        span(
          w.changes.join(', ') + (w.maxAbsDiff !== undefined ? `, max abs diff ${w.maxAbsDiff}` : ''),
          'diff-summary',
        ),
      );
      items.append(item);
    }
    const lines = [
      ...info.model,
      ...info.findings.new.map((f) => `new finding ${f}`),
      ...info.findings.fixed.map((f) => `fixed finding ${f}`),
    ];
    for (const line of lines) items.append(el('li', line, 'diff-model'));
    list.append(items);
    this.root.replaceChildren(legend, list);
    this.root.hidden = false;
  }

  private paintSwatch(swatch: HTMLElement, status: DiffStatus): void {
    if (!this.fills || !this.strokes) return;
    swatch.style.background = this.fills[status];
    swatch.style.borderColor = this.strokes[status];
  }
}

/** Any CSS colour as [r, g, b] through a canvas (which normalises what it is given). */
function toRgb(color: string): [number, number, number] {
  const ctx = document.createElement('canvas').getContext('2d')!;
  ctx.fillStyle = '#000';
  ctx.fillStyle = color;
  const text = ctx.fillStyle;
  if (text.startsWith('#')) return [1, 3, 5].map((i) => parseInt(text.slice(i, i + 2), 16)) as [number, number, number];
  const [r, g, b] = text.match(/[\d.]+/g)!.map(Number);
  return [r, g, b];
}

function blend(top: [number, number, number], under: [number, number, number], share: number): string {
  const c = top.map((v, i) => Math.round(v * share + under[i] * (1 - share)));
  return `rgb(${c.join(', ')})`;
}
