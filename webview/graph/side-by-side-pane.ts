// One pane of the side-by-side diff: a model's own graph drawn by the graph view's renderer, with the graph view's
// scene loading (group contents from the host, layout worker) and selection (details panel, keyboard moves). What
// the other pane does in return (sync, twins) is side-by-side.ts's job; the pane only reports what happened here.
import type { SceneBox } from '../../common/graph-drawing/scene';
import type { GraphNode, GraphSkeleton, SideBySidePane } from '../../server/contract/graph-view';
import { div, el } from '../shared/dom';
import type { GroupStore } from './group-store';
import { selectionKey } from './keyboard';
import type { LayoutClient } from './layout-client';
import type { SidePanel } from './panel';
import { GraphRenderer } from './render/renderer';
import { SceneLoader } from './scene-loader';
import { ProblemMarks } from './problems';
import { ancestors, visibleGroups } from './scope-tree';
import { runSearch } from './search';
import { Selection } from './selection';

export type Side = 'a' | 'b';

export interface PaneHooks {
  readonly groups: GroupStore;
  readonly layout: LayoutClient;
  readonly panel: SidePanel;
  color(side: Side, box: SceneBox): string | undefined;
  activate(side: Side, box: SceneBox, how: 'click' | 'dblclick'): void;
  /** Double click / Enter on a group of this pane. */
  toggle(side: Side, groupId: number): void;
  viewChanged(side: Side): void;
  onKey(side: Side, e: KeyboardEvent): void;
  requestDocs(node: GraphNode): void;
}

export class SidePane {
  readonly root: HTMLElement;
  readonly host: HTMLElement;
  readonly renderer: GraphRenderer;
  readonly selection: Selection;
  skeleton?: GraphSkeleton;
  expanded = new Set<number>();
  private readonly loader: SceneLoader;
  /** The findings the change fixed (pane A) or brought (pane B), marked as the graph view marks problems. */
  private readonly marks = new ProblemMarks();
  private readonly nodes = new Map<number, GraphNode>();
  /** Drawn boxes by selection key ("n12", "g3"), for twins and sync anchors. */
  private boxes = new Map<string, SceneBox>();
  /** The toolbar's search in this pane: the query, and the boxes it highlights (a match in a closed group: the group). */
  private query = '';
  private matches = new Set<string>();

  constructor(
    readonly side: Side,
    private readonly hooks: PaneHooks,
  ) {
    this.root = el('section', undefined, 'side-pane');
    this.root.dataset.side = side;
    const header = div('side-pane-title');
    this.host = el('div', undefined, 'canvas-host side-pane-host');
    this.host.tabIndex = 0;
    this.host.addEventListener('keydown', (e) => hooks.onKey(side, e));
    this.root.append(header, this.host);
    this.loader = new SceneLoader(hooks.groups, hooks.layout, this.root.dataset);
    this.renderer = new GraphRenderer(this.host, {
      problemsOf: (b) => this.marks.of(b),
      overlayColor: (b) => hooks.color(side, b),
      isSelected: (b) => this.selection.isSelected(b),
      isMatch: (b) => this.matches.has(b.key),
      onActivate: (b, how) => hooks.activate(side, b, how),
      onViewChange: () => hooks.viewChanged(side),
    });
    this.selection = new Selection({
      skeleton: () => this.skeleton,
      expanded: () => this.expanded,
      nodes: this.nodes,
      renderer: this.renderer,
      panel: hooks.panel,
      data: this.root.dataset,
      expand: (groups) => this.setExpanded(new Set([...this.expanded, ...groups])),
      openBox: (box) => box.kind !== 'node' && (hooks.toggle(side, box.id), true),
      requestDocs: (node) => hooks.requestDocs(node),
      changed: () => {},
    });
  }

  async open(pane: SideBySidePane): Promise<void> {
    this.root.querySelector('.side-pane-title')!.textContent = `${this.side.toUpperCase()}: ${pane.label}`;
    this.host.setAttribute('aria-label', `Graph of ${pane.label}`);
    this.hooks.groups.receive(pane.contents, undefined);
    this.skeleton = pane.skeleton;
    this.marks.compute(pane.skeleton, { severity: 'all', rule: 'all' }, (g) => ancestors(pane.skeleton, g));
    await this.setExpanded(new Set(pane.skeleton.initiallyExpanded), true);
  }

  /** Draws the graph with the `expanded` groups open; `fit`: then shows all of it (or its top). */
  async setExpanded(expanded: Set<number>, fit = false): Promise<void> {
    const skeleton = this.skeleton;
    if (!skeleton) return;
    expanded.add(0);
    this.expanded = expanded;
    this.root.dataset.busy = '';
    const visible = visibleGroups(skeleton, expanded);
    const scene = await this.loader.build(skeleton, visible);
    if (!scene) return; // a newer request superseded this one
    for (const g of visible)
      for (const n of this.hooks.groups.get(skeleton.graphId, g)?.nodes ?? []) this.nodes.set(n.id, n);
    this.boxes = new Map(scene.boxes.map((b) => [selectionKey(b), b]));
    // Search matches inside groups opened or closed now show on other boxes (the list under the box stays).
    if (this.query) this.matches = runSearch(skeleton, expanded, this.query, div('search-results'), {}, () => {});
    this.renderer.setScene(scene);
    if (fit) this.renderer.fitOrTop();
    await this.renderer.painted();
    delete this.root.dataset.busy;
    this.root.dataset.renderSeq = String(this.loader.seq);
    this.root.dataset.sceneNodes = String(scene.boxes.filter((b) => b.kind === 'node').length);
  }

  /**
   * Searches this pane's graph (search.ts: name substring or op), highlights the matches and lists them in `list`
   * (`data-search-results` on the pane counts them); `pick` gets the node chosen there.
   */
  search(query: string, list: HTMLElement, pick: (nodeId: number) => void): void {
    this.query = query;
    this.matches = runSearch(this.skeleton, this.expanded, query, list, this.root.dataset, pick);
    if (query.trim() === '') delete this.root.dataset.searchResults;
    this.renderer.redraw();
  }

  box(key: string): SceneBox | undefined {
    return this.boxes.get(key);
  }

  get drawnBoxes(): Iterable<SceneBox> {
    return this.boxes.values();
  }

  /** Every group open (true) or only the top (false), then all of the graph shown. */
  expandAll(open: boolean): Promise<void> {
    const groups = open ? (this.skeleton?.groups.map((g) => g.id) ?? []) : [];
    return this.setExpanded(new Set(groups), true);
  }

  /** Opens or closes a group; returns whether it is open now. */
  async setGroup(groupId: number, open: boolean): Promise<void> {
    if (groupId === 0 || this.expanded.has(groupId) === open) return;
    const next = new Set(this.expanded);
    if (open) next.add(groupId);
    else next.delete(groupId);
    await this.setExpanded(next);
    this.renderer.keepInView(this.box(`g${groupId}`));
  }

  /** No selection here (the other pane's node has no twin): the mark goes, the details panel stays. */
  unselect(): void {
    this.selection.key = undefined;
    delete this.root.dataset.selected;
    this.renderer.redraw();
  }
}
