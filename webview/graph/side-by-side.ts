// Side-by-side diff: model A and model B in two panes of the same view (side-by-side-pane.ts), linked by the diff's
// matching. Zoom and pan follow each other through matched nodes: the other pane takes the same scale and puts the
// twin of the box nearest the view's centre where that box is on screen (the two layouts differ). Selecting a node
// selects and reveals its twin; opening or closing a group does the same to the group of the same scope path;
// next/previous change moves both panes. Colours are the overlay's (diff-mode.ts).
import type { SceneBox } from '../../common/graph-drawing/scene';
import type { DiffStatus, GraphDiffInfo } from '../../server/contract/model-diff';
import type { SideBySideInfo } from '../../server/contract/graph-view';
import { div } from '../shared/dom';
import { selectionKey } from './keyboard';
import { SidePane, type PaneHooks, type Side } from './side-by-side-pane';
import './side-by-side.css';

const OTHER: Record<Side, Side> = { a: 'b', b: 'a' };

export type SideBySideHooks = Omit<PaneHooks, 'color' | 'activate' | 'toggle' | 'viewChanged' | 'onKey'> & {
  fill(status: DiffStatus): string | undefined;
  /** n/p and F7 handling of diff mode (true when handled). */
  diffKey(e: KeyboardEvent): boolean;
};

export class SideBySide {
  readonly root: HTMLElement;
  private readonly panes: Record<Side, SidePane>;
  /** Per side: box key -> the twin's key in the other pane (nodes by the matching, groups by scope path). */
  private readonly twins: Record<Side, Map<string, string>> = { a: new Map(), b: new Map() };
  private readonly statusOf: Record<Side, Map<number, DiffStatus>> = { a: new Map(), b: new Map() };
  private readonly overlayOf: Record<Side, Map<number, number>> = { a: new Map(), b: new Map() };
  private changes: { a: number; b: number; status: DiffStatus }[] = [];
  /** The change stepped to last (index into `changes`). */
  private at = -1;
  /** The pane whose node the details panel shows. */
  private active: Side = 'b';
  /** A pane being moved by us (sync, twin reveal): its view changes are not mirrored back. */
  private following?: Side;

  constructor(private readonly hooks: SideBySideHooks) {
    const paneHooks: PaneHooks = {
      ...hooks,
      color: (side, box) => this.color(side, box),
      activate: (side, box, how) => void this.activate(side, box, how),
      toggle: (side, groupId) => void this.toggle(side, groupId),
      viewChanged: (side) => this.follow(side),
      onKey: (side, e) => {
        this.active = side;
        if (!hooks.diffKey(e)) this.panes[side].selection.onKey(e, this.panes[side].renderer.currentScene);
      },
    };
    this.panes = { a: new SidePane('a', paneHooks), b: new SidePane('b', paneHooks) };
    this.root = div('side-by-side');
    this.root.append(this.panes.a.root, this.panes.b.root);
  }

  async open(info: SideBySideInfo, diff: GraphDiffInfo): Promise<void> {
    for (const side of ['a', 'b'] as Side[]) {
      this.overlayOf[side] = new Map(info[side].overlay);
      this.twins[side].clear();
    }
    for (const [a, b] of info.pairs) {
      this.twins.a.set(`n${a}`, `n${b}`);
      this.twins.b.set(`n${b}`, `n${a}`);
    }
    const groupsB = new Map(info.b.skeleton.groups.map((g) => [g.path, g.id]));
    for (const g of info.a.skeleton.groups) {
      const twin = groupsB.get(g.path);
      if (twin === undefined) continue;
      this.twins.a.set(`g${g.id}`, `g${twin}`);
      this.twins.b.set(`g${twin}`, `g${g.id}`);
    }
    this.changes = [];
    diff.entries.forEach((e, i) => {
      const [a, b] = info.changes[i];
      if (a >= 0) this.statusOf.a.set(a, e.status);
      if (b >= 0) this.statusOf.b.set(b, e.status);
      if (a >= 0 || b >= 0) this.changes.push({ a, b, status: e.status });
    });
    this.following = 'b';
    await Promise.all([this.panes.a.open(info.a), this.panes.b.open(info.b)]);
    this.following = undefined;
    this.follow('a');
  }

  /** The overlaid graph's id of a node the details panel shows (a node of the active pane). */
  overlayId(nodeId: number): number | undefined {
    return this.overlayOf[this.active].get(nodeId);
  }

  redraw(): void {
    for (const pane of Object.values(this.panes)) pane.renderer.redraw();
  }

  /** Moves both panes to the next (1) or previous (-1) change: each selects and reveals its side of it. */
  async step(direction: 1 | -1): Promise<void> {
    const n = this.changes.length;
    if (n === 0) return;
    this.at = this.at < 0 ? (direction === 1 ? 0 : n - 1) : (this.at + direction + n) % n;
    const change = this.changes[this.at];
    this.active = change.b >= 0 ? 'b' : 'a';
    await Promise.all((['a', 'b'] as Side[]).map((side) => this.revealQuietly(side, change[side])));
    this.panes[this.active].selection.show();
  }

  /** Each pane shows all of its graph (their scales differ until the next zoom). */
  fit(): void {
    this.following = 'b';
    try {
      this.panes.a.renderer.fit();
      this.panes.b.renderer.fit();
    } finally {
      this.following = undefined;
    }
  }

  /** The toolbar's Expand all (true) or Collapse all (false) in both panes; each then shows all of its graph. */
  async expandAll(open: boolean): Promise<void> {
    this.following = 'b';
    try {
      await Promise.all([this.panes.a.expandAll(open), this.panes.b.expandAll(open)]);
    } finally {
      this.following = undefined;
    }
  }

  /**
   * The toolbar's search in both panes: each highlights its matches; the list holds A's results, then B's, each
   * named by its pane. Picking one selects and reveals it, and its twin in the other pane.
   */
  search(query: string, list: HTMLElement): void {
    const items: HTMLElement[] = [];
    for (const side of ['a', 'b'] as Side[]) {
      const found = div('search-results');
      this.panes[side].search(query, found, (nodeId) => {
        list.replaceChildren();
        void this.pick(side, nodeId);
      });
      for (const item of found.querySelectorAll<HTMLElement>('button')) {
        item.dataset.side = side;
        item.textContent = `${side.toUpperCase()}: ${item.textContent}`;
        items.push(item);
      }
    }
    list.replaceChildren(...items);
  }

  /** Opens or closes a group of the pane whose selection the details panel shows. */
  toggleActive(groupId: number): Promise<void> {
    return this.toggle(this.active, groupId);
  }

  private color(side: Side, box: SceneBox): string | undefined {
    const status = box.kind === 'node' ? this.statusOf[side].get(box.id) : undefined;
    return status && this.hooks.fill(status);
  }

  private async activate(side: Side, box: SceneBox, how: 'click' | 'dblclick'): Promise<void> {
    this.active = side;
    const pane = this.panes[side];
    pane.selection.activate(box, how);
    if (box.kind !== 'node') return;
    this.at = this.changes.findIndex((c) => c[side] === box.id);
    const twin = this.twins[side].get(selectionKey(box));
    await this.revealQuietly(OTHER[side], twin ? Number(twin.slice(1)) : -1);
    pane.selection.show();
  }

  /** A search result picked: the node selected and revealed in its pane, its twin (or none) in the other. */
  private async pick(side: Side, nodeId: number): Promise<void> {
    this.active = side;
    this.at = this.changes.findIndex((c) => c[side] === nodeId);
    const twin = this.twins[side].get(`n${nodeId}`);
    await Promise.all([
      this.revealQuietly(side, nodeId),
      this.revealQuietly(OTHER[side], twin ? Number(twin.slice(1)) : -1),
    ]);
    this.panes[side].selection.show();
  }

  /** Selects and reveals a node in a pane without that move being mirrored (-1: unselect there). */
  private async revealQuietly(side: Side, nodeId: number): Promise<void> {
    const pane = this.panes[side];
    if (nodeId < 0) {
      pane.unselect();
      return;
    }
    this.following = side;
    try {
      await pane.selection.reveal(nodeId);
    } finally {
      this.following = undefined;
    }
  }

  /** Opens or closes a group, and the group of the same scope path in the other pane likewise. */
  private async toggle(side: Side, groupId: number): Promise<void> {
    const open = !this.panes[side].expanded.has(groupId);
    const twin = this.twins[side].get(`g${groupId}`);
    this.following = OTHER[side];
    try {
      await Promise.all([
        this.panes[side].setGroup(groupId, open),
        twin ? this.panes[OTHER[side]].setGroup(Number(twin.slice(1)), open) : undefined,
      ]);
    } finally {
      this.following = undefined;
    }
    this.follow(side);
  }

  /**
   * The pane `side` moved: the other takes its scale and puts the twin of the box nearest the centre where that box
   * is on screen (no twin drawn anywhere: the same transform).
   */
  private follow(side: Side): void {
    if (this.following !== undefined) return;
    const leader = this.panes[side];
    const other = this.panes[OTHER[side]];
    const t = leader.renderer.view;
    const { width, height } = leader.renderer.size();
    const cx = (width / 2 - t.x) / t.k;
    const cy = (height / 2 - t.y) / t.k;
    let anchor: SceneBox | undefined;
    let twin: SceneBox | undefined;
    let best = Infinity;
    for (const box of leader.drawnBoxes) {
      const d = Math.hypot(box.x + box.w / 2 - cx, box.y + box.h / 2 - cy);
      if (d >= best) continue;
      const key = this.twins[side].get(selectionKey(box));
      const found = key && other.box(key);
      if (!found) continue;
      best = d;
      anchor = box;
      twin = found;
    }
    const view =
      anchor && twin
        ? {
            k: t.k,
            x: t.x + (anchor.x + anchor.w / 2 - (twin.x + twin.w / 2)) * t.k,
            y: t.y + (anchor.y + anchor.h / 2 - (twin.y + twin.h / 2)) * t.k,
          }
        : { k: t.k, x: t.x, y: t.y };
    this.following = OTHER[side];
    try {
      other.renderer.setView(view);
    } finally {
      this.following = undefined;
    }
  }
}
