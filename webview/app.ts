// The graph view's state and controls: which groups are expanded, the selection, problem filter and
// navigation, search, overlay, export. Loads group contents from the host on demand and lays them out
// through the worker (cached per group), then hands the scene to the renderer.
import { interpolateRgb, schemeTableau10 } from 'd3';
import { buildScene, type Scene, type SceneBox } from '../common/graph-drawing/scene';
import type { LayoutResult } from '../common/graph-drawing/layout';
import { sceneToSvg, LIGHT_PALETTE, type SvgPalette } from '../common/graph-drawing/svg';
import type {
  GraphDiagnostic,
  GraphGroupContent,
  GraphHostMessage,
  GraphNode,
  GraphOverlay,
  GraphSkeleton,
  GraphViewMessage,
} from '../server/contract/graph-view';
import type { Severity } from '../server/contract/findings';
import type { LayoutClient } from './layout-client';
import { Minimap } from './minimap';
import { SidePanel } from './panel';
import { GraphRenderer } from './renderer';
import {
  groupsByPath,
  readViewState,
  selectionKeyIn,
  selectionOf,
  type Filter,
  type GraphViewState,
  type ViewStateStore,
} from './view-state';

const OVERLAY_RAMP = interpolateRgb('#fff5eb', '#d94801');

function overlayMaximum(overlay: GraphOverlay | null): number {
  let max = 0;
  if (overlay?.kind === 'numeric') for (const v of Object.values(overlay.values)) if (Number(v) > max) max = Number(v);
  return max > 0 ? Math.min(1, max) : 1;
}

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
const MAX_SEARCH_RESULTS = 50;
/** Zoom and pan fire many events: the state is saved once they rest. */
const SAVE_STATE_MS = 250;

export class GraphApp {
  private skeleton?: GraphSkeleton;
  /** Skeletons of the graphs we came from (subgraph navigation). */
  private readonly history: GraphSkeleton[] = [];
  private readonly contents = new Map<string, GraphGroupContent>();
  private readonly waiting = new Map<string, (c: GraphGroupContent) => void>();
  private readonly nodes = new Map<number, GraphNode>();
  private readonly layoutCache = new Map<string, Promise<LayoutResult>>();
  /** The view state of each graph shown (by graph id), restored when its skeleton comes again. */
  private readonly savedViews = new Map<string, GraphViewState>();
  private saveTimer?: ReturnType<typeof setTimeout>;
  /** The skeleton being opened: a reveal sent right behind it waits until its groups are loaded and drawn. */
  private opened: Promise<void> = Promise.resolve();
  private expanded = new Set<number>();
  private selected?: string;
  private filter: Filter = { severity: 'all', rule: 'all' };
  private nodeProblems = new Map<number, { severity: Severity; count: number }>();
  private groupProblems = new Map<number, { severity: Severity; count: number }>();
  private matches = new Set<string>();
  private overlay: GraphOverlay | null = null;
  /** The numeric overlay's ramp spans 0 to its largest value, so on thousands of nodes the hottest still stand out. */
  private overlayMax = 1;
  private overlayOn = true;
  private renderSeq = 0;
  private skeletonReceivedAt = 0;
  private renderStartedAt = 0;
  private firstPaintDone = false;

  private readonly renderer: GraphRenderer;
  private readonly panel: SidePanel;
  private readonly minimap: Minimap;
  private readonly status: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly searchInput: HTMLInputElement;
  private readonly searchResults: HTMLElement;
  private readonly severitySelect: HTMLSelectElement;
  private readonly ruleSelect: HTMLSelectElement;
  private readonly overlayToggle: HTMLInputElement;
  private readonly backButton: HTMLButtonElement;
  private readonly title: HTMLElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly layout: LayoutClient,
    private readonly post: (message: GraphViewMessage) => void,
    private readonly store?: ViewStateStore,
  ) {
    root.classList.add('graph-app');
    root.dataset.layoutMode = layout.mode;
    // Landmarks for screen readers: the toolbar is the header, the graph the main region, the panel an aside.
    const header = document.createElement('header');
    const toolbar = div('toolbar');
    toolbar.setAttribute('role', 'toolbar');
    header.append(toolbar);
    this.backButton = button('Back', 'back', () => this.back());
    this.backButton.hidden = true;
    this.title = document.createElement('h1');
    this.title.className = 'title';
    this.searchInput = document.createElement('input');
    this.searchInput.type = 'search';
    this.searchInput.placeholder = 'Search name or op';
    this.searchInput.setAttribute('aria-label', 'Search nodes by name or op type');
    this.searchInput.className = 'search';
    this.searchInput.addEventListener('input', () => this.search(this.searchInput.value));
    this.searchInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.searchResults.querySelector<HTMLButtonElement>('button')?.click();
    });
    this.searchResults = div('search-results');
    this.searchResults.setAttribute('role', 'listbox');
    this.searchResults.setAttribute('aria-label', 'Search results');
    const searchBox = div('search-box');
    searchBox.append(this.searchInput, this.searchResults);
    this.severitySelect = select(
      'Filter problems by severity',
      [['all', 'All severities'], ...SEVERITIES.map((s) => [s, s] as [string, string])],
      () => {
        this.filter.severity = this.severitySelect.value as Filter['severity'];
        this.applyFilter();
      },
    );
    this.ruleSelect = select('Filter problems by rule', [['all', 'All rules']], () => {
      this.filter.rule = this.ruleSelect.value;
      this.applyFilter();
    });
    this.overlayToggle = document.createElement('input');
    this.overlayToggle.type = 'checkbox';
    this.overlayToggle.checked = true;
    this.overlayToggle.disabled = true;
    this.overlayToggle.addEventListener('change', () => {
      this.overlayOn = this.overlayToggle.checked;
      this.updateLegend();
      this.renderer.redraw();
      this.saveState();
    });
    const overlayLabel = document.createElement('label');
    overlayLabel.className = 'overlay-toggle';
    overlayLabel.append(this.overlayToggle, document.createTextNode(' Overlay'));
    toolbar.append(
      this.backButton,
      this.title,
      searchBox,
      this.severitySelect,
      this.ruleSelect,
      button('◀ Problem', 'prev-problem', () => this.stepProblem(-1), 'Previous problem'),
      button('Problem ▶', 'next-problem', () => this.stepProblem(1), 'Next problem'),
      button(
        'Expand all',
        'expand-all',
        () => void this.setExpanded(new Set(this.skeleton?.groups.map((g) => g.id) ?? [0])),
      ),
      button('Collapse all', 'collapse-all', () => void this.setExpanded(new Set([0]))),
      button('Fit', 'fit', () => this.renderer.fit()),
      overlayLabel,
      button('SVG', 'export-svg', () => this.exportSvg(), 'Export the view as SVG'),
      button('PNG', 'export-png', () => void this.exportPng(), 'Export the view as PNG'),
    );
    const main = div('main');
    const canvasHost = document.createElement('main');
    canvasHost.className = 'canvas-host';
    canvasHost.tabIndex = 0;
    canvasHost.setAttribute(
      'aria-label',
      'Graph; arrow keys move between connected nodes, Enter expands or collapses a group or opens a subgraph',
    );
    canvasHost.addEventListener('keydown', (e) => this.onKey(e));
    this.renderer = new GraphRenderer(canvasHost, {
      problemsOf: (b) => this.problemsOf(b),
      overlayColor: (b) => this.overlayColor(b),
      isSelected: (b) => this.selectionKey(b) === this.selected,
      isMatch: (b) => this.matches.has(b.key),
      onActivate: (b, how) => this.activate(b, how),
      onViewChange: () => {
        this.minimap.showView(this.renderer.visibleRect(), cssVar(root, '--graph-selected', '#0066cc'));
        this.saveState();
      },
    });
    this.minimap = new Minimap((x, y) => this.renderer.panTo(x, y));
    this.legend = div('legend');
    this.legend.hidden = true;
    canvasHost.append(this.minimap.canvas, this.legend);
    this.panel = new SidePanel({
      applyFix: (node, d, fixId) =>
        this.post({
          type: 'graph/applyFix',
          graphId: this.skeleton!.graphId,
          nodeName: node.name,
          ruleId: d.ruleId,
          fixId,
        }),
      openSubgraph: (node, attribute) => this.openSubgraph(node, attribute),
      toggleGroup: (g) => void this.toggle(g.id),
      revealNode: (id) => void this.reveal(id),
    });
    main.append(canvasHost, this.panel.root);
    this.status = div('status');
    this.status.setAttribute('role', 'status');
    const footer = document.createElement('footer');
    footer.append(this.status);
    root.append(header, main, footer);
    // VS Code switches themes by changing body's class and the --vscode-* variables on <html>: repaint.
    const theme = new MutationObserver(() => {
      this.renderer.redraw();
      this.paintMinimap();
    });
    theme.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
    // The webview was recreated (moved, restored): its last state waits for the graph's skeleton.
    const previous = readViewState(store?.get());
    if (previous) {
      this.savedViews.set(previous.graphId, previous);
      this.setOverlay(previous.overlay);
      this.overlayOn = this.overlayToggle.checked = previous.overlayOn;
      this.updateLegend();
    }
  }

  receive(message: GraphHostMessage): void {
    switch (message.type) {
      case 'graph/skeleton':
        // New data for a graph (findings changed, model rewritten): what was loaded for it is stale.
        for (const key of [...this.contents.keys()])
          if (key.startsWith(`${message.skeleton.graphId}:`)) this.contents.delete(key);
        this.opened = this.open(message.skeleton);
        return;
      case 'graph/groups':
        for (const content of message.contents) {
          const key = `${content.graphId}:${content.groupId}`;
          this.contents.set(key, content);
          if (content.graphId === this.skeleton?.graphId) for (const n of content.nodes) this.nodes.set(n.id, n);
          this.waiting.get(key)?.(content);
          this.waiting.delete(key);
        }
        return;
      case 'graph/reveal':
        void this.opened.then(() => {
          const id = this.skeleton?.index.names.indexOf(message.nodeName) ?? -1;
          if (id >= 0) void this.reveal(id);
          else this.setStatus(`No node named "${message.nodeName}" in this graph.`);
        });
        return;
      case 'graph/overlay':
        this.setOverlay(message.overlay);
        this.updateLegend();
        this.renderer.redraw();
        this.saveState();
        return;
      case 'graph/docs':
        this.panel.showDocs(message.op, message.domain, message.docs);
        return;
      case 'graph/error':
        this.setStatus(message.message);
        return;
    }
  }

  // --- opening and rendering ---------------------------------------------------------------------------------------

  /**
   * Shows a graph. A graph shown before (the same graph reloaded with new findings, or Back from a subgraph) comes
   * back as the user left it: expanded groups, selection, zoom/pan, filter.
   */
  private async open(skeleton: GraphSkeleton): Promise<void> {
    if (this.skeleton) this.savedViews.set(this.skeleton.graphId, this.captureState());
    // A graph we came from is reloaded while a subgraph is shown: its subgraphs' data is stale, go back to it.
    const inHistory = this.history.findIndex((h) => h.graphId === skeleton.graphId);
    if (inHistory >= 0) this.history.length = inHistory;
    const saved = this.savedViews.get(skeleton.graphId);
    const restore = saved?.modelPath === skeleton.modelPath ? saved : undefined;
    this.skeletonReceivedAt = performance.now();
    this.firstPaintDone = false;
    this.skeleton = skeleton;
    this.nodes.clear();
    this.selected = undefined;
    this.matches.clear();
    this.panel.clear();
    this.title.textContent = skeleton.title;
    this.backButton.hidden = this.history.length === 0;
    const rules = [...new Set(skeleton.diagnostics.map((d) => d.ruleId))].sort();
    this.ruleSelect.replaceChildren(
      ...[['all', 'All rules'], ...rules.map((r) => [r, r])].map(([v, t]) => option(v, t)),
    );
    // A rule filter whose rule has no findings any more (the fix removed them) would hide everything: reset it.
    const filter = restore?.filter;
    this.filter =
      filter && (filter.rule === 'all' || rules.includes(filter.rule))
        ? { ...filter }
        : { severity: 'all', rule: 'all' };
    this.severitySelect.value = this.filter.severity;
    this.ruleSelect.value = this.filter.rule;
    this.computeProblems();
    this.root.dataset.totalNodes = String(skeleton.nodeCount);
    if (!restore) {
      await this.setExpanded(new Set(skeleton.initiallyExpanded), true);
      return;
    }
    this.selected = selectionKeyIn(skeleton, restore.selected);
    await this.setExpanded(groupsByPath(skeleton, restore.expanded), !restore.view, restore.view);
    if (skeleton !== this.skeleton) return;
    this.showSelection();
    this.search(this.searchInput.value);
  }

  /** The current view as kept across reloads (ids turned into scope paths and node names). */
  private captureState(): GraphViewState {
    const skeleton = this.skeleton!;
    const { x, y, k } = this.renderer.view;
    return {
      graphId: skeleton.graphId,
      modelPath: skeleton.modelPath,
      expanded: [...this.expanded].filter((g) => g < skeleton.groups.length).map((g) => skeleton.groups[g].path),
      selected: selectionOf(skeleton, this.selected),
      view: { x, y, k },
      filter: { ...this.filter },
      overlay: this.overlay,
      overlayOn: this.overlayOn,
    };
  }

  /** Saves the view state where VS Code keeps it across the webview's lives (the tab hidden, moved, restored). */
  private saveState(): void {
    if (!this.store) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      if (this.skeleton && this.root.dataset.busy === undefined) this.store!.set(this.captureState());
    }, SAVE_STATE_MS);
  }

  private setOverlay(overlay: GraphOverlay | null): void {
    this.overlay = overlay;
    this.overlayMax = overlayMaximum(overlay);
    this.overlayToggle.disabled = !overlay;
  }

  /** Shows the groups of `expanded`; then fits the view, or puts it where `view` says (a restored zoom/pan). */
  private async setExpanded(expanded: Set<number>, fit = false, view?: GraphViewState['view']): Promise<void> {
    const skeleton = this.skeleton;
    if (!skeleton) return;
    expanded.add(0);
    // Only groups whose whole parent chain is expanded are visible, and only those need their content.
    const visible = [...expanded].filter((g) => this.chain(g).every((a) => expanded.has(a)));
    this.expanded = expanded;
    const seq = ++this.renderSeq;
    this.renderStartedAt = performance.now();
    this.root.dataset.busy = 'true';
    this.setStatus('Laying out…');
    await this.load(visible);
    const loadedAt = performance.now();
    const scene = await buildScene({
      skeleton,
      content: (g) => this.contents.get(`${skeleton.graphId}:${g}`),
      expanded: new Set(visible),
      layout: (r) => this.layout.layout(r),
      cache: this.layoutCache,
    });
    if (seq !== this.renderSeq || skeleton !== this.skeleton) return; // a newer request superseded this one
    // Where the time went, for the benchmark: fetching groups from the host, then layout and composition.
    this.root.dataset.loadMs = String(Math.round(loadedAt - this.renderStartedAt));
    this.root.dataset.layoutMs = String(Math.round(performance.now() - loadedAt));
    this.show(scene, fit, view);
  }

  private show(scene: Scene, fit: boolean, view?: GraphViewState['view']): void {
    this.renderer.setScene(scene);
    if (view) this.renderer.setView(view);
    else if (fit) this.renderer.fitOrTop();
    this.paintMinimap();
    const nodes = scene.boxes.filter((b) => b.kind === 'node').length;
    const groups = scene.boxes.filter((b) => b.kind === 'group').length;
    Object.assign(this.root.dataset, {
      sceneNodes: String(nodes),
      sceneGroups: String(groups),
      renderMode: this.renderer.mode,
      largestLayout: String(scene.stats.largestLayout),
    });
    this.setStatus(
      `${nodes} nodes and ${groups} collapsed groups shown of ${this.skeleton!.nodeCount} nodes · ${this.layout.mode} layout`,
    );
    // "Painted" = two frames after the DOM update or the canvas picture is complete, when the browser has drawn it.
    void this.renderer.painted().then(() =>
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          if (!this.firstPaintDone) {
            this.firstPaintDone = true;
            this.root.dataset.firstPaintMs = String(Math.round(performance.now() - this.skeletonReceivedAt));
          }
          this.root.dataset.lastRenderMs = String(Math.round(performance.now() - this.renderStartedAt));
          delete this.root.dataset.busy;
          this.root.dataset.ready = 'true';
          this.root.dataset.renderSeq = String(this.renderSeq);
          this.saveState();
        }),
      ),
    );
  }

  private paintMinimap(): void {
    this.minimap.setScene(this.renderer.currentScene, {
      box: cssVar(this.root, '--graph-edge', '#888'),
      problem: cssVar(this.root, '--graph-error', '#e51400'),
    });
    this.minimap.showView(this.renderer.visibleRect(), cssVar(this.root, '--graph-selected', '#0066cc'));
  }

  /** Asks the host (in one message) for the groups not loaded yet and waits for all of them. */
  private async load(groupIds: number[]): Promise<void> {
    const graphId = this.skeleton!.graphId;
    const missing: number[] = [];
    const waits = groupIds.map((groupId) => {
      const key = `${graphId}:${groupId}`;
      if (this.contents.has(key)) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const already = this.waiting.get(key);
        this.waiting.set(key, (c) => {
          already?.(c);
          resolve();
        });
        if (!already) missing.push(groupId);
      });
    });
    if (missing.length > 0) this.post({ type: 'graph/requestGroups', graphId, groupIds: missing });
    await Promise.all(waits);
  }

  /** Group ids from the root down to `groupId`'s parent. */
  private chain(groupId: number): number[] {
    const out: number[] = [];
    for (let g = this.skeleton!.groups[groupId]?.parent ?? -1; g >= 0; g = this.skeleton!.groups[g].parent) out.push(g);
    return out;
  }

  private async toggle(groupId: number): Promise<void> {
    const next = new Set(this.expanded);
    if (next.has(groupId) && groupId !== 0) next.delete(groupId);
    else next.add(groupId);
    this.selected = `g${groupId}`;
    await this.setExpanded(next);
    this.showSelection();
  }

  /** If/Loop/Scan bodies open as graphs of their own (Back returns); the host answers with their skeleton. */
  private openSubgraph(node: GraphNode, attribute: string): void {
    this.history.push(this.skeleton!);
    this.post({ type: 'graph/openSubgraph', graphId: this.skeleton!.graphId, nodeId: node.id, attribute });
  }

  /** Double click / Enter: a group toggles, a node with subgraphs opens its first one. */
  private openBox(box: SceneBox): boolean {
    if (box.kind !== 'node') {
      void this.toggle(box.id);
      return true;
    }
    const node = this.nodes.get(box.id);
    if (!node || node.subgraphs.length === 0) return false;
    this.openSubgraph(node, node.subgraphs[0]);
    return true;
  }

  private back(): void {
    const previous = this.history.pop();
    if (previous) void this.open(previous);
  }

  // --- selection, reveal, keyboard ---------------------------------------------------------------------------------

  /** Frames and collapsed boxes of one group share a selection key ("g3"). */
  private selectionKey(b: SceneBox): string {
    return b.kind === 'frame' ? `g${b.id}` : b.key;
  }

  private activate(box: SceneBox, how: 'click' | 'dblclick'): void {
    this.selected = this.selectionKey(box);
    if (how === 'dblclick' && this.openBox(box)) return;
    this.showSelection();
    this.renderer.redraw();
  }

  private showSelection(): void {
    const key = this.selected;
    this.saveState();
    if (!key || !this.skeleton) {
      this.panel.clear();
      delete this.root.dataset.selected;
      return;
    }
    const id = Number(key.slice(1));
    if (key.startsWith('n')) {
      const node = this.nodes.get(id);
      if (!node) return;
      this.panel.showNode(
        node,
        node.diagnostics.map((d) => this.skeleton!.diagnostics[d]),
      );
      if (node.kind === 'op') this.post({ type: 'graph/requestDocs', op: node.op, domain: node.domain });
    } else {
      const group = this.skeleton.groups[id];
      const inside = this.skeleton.diagnostics
        .filter((d) => d.node >= 0 && this.inGroup(d.node, id))
        .map((d) => ({ id: d.node, name: this.skeleton!.index.names[d.node] }));
      this.panel.showGroup(group, this.expanded.has(id), [...new Map(inside.map((n) => [n.id, n])).values()]);
    }
    this.root.dataset.selected = key;
  }

  private inGroup(nodeId: number, groupId: number): boolean {
    const g = this.skeleton!.index.groupOf[nodeId];
    return g === groupId || this.chain(g).includes(groupId);
  }

  /** Expands the groups holding the node, selects it and centres it. */
  async reveal(nodeId: number): Promise<void> {
    const skeleton = this.skeleton;
    if (!skeleton || nodeId < 0 || nodeId >= skeleton.nodeCount) return;
    const group = skeleton.index.groupOf[nodeId];
    const needed = [...this.chain(group), group];
    if (!needed.every((g) => this.expanded.has(g))) await this.setExpanded(new Set([...this.expanded, ...needed]));
    this.selected = `n${nodeId}`;
    const box = this.renderer.currentScene.boxes.find((b) => b.key === this.selected);
    if (box) this.renderer.centerOn(box);
    this.renderer.redraw();
    this.showSelection();
  }

  private onKey(e: KeyboardEvent): void {
    const scene = this.renderer.currentScene;
    const current = scene.boxes.find((b) => this.selectionKey(b) === this.selected);
    if (e.key === 'Escape') {
      this.selected = undefined;
      this.showSelection();
      this.renderer.redraw();
      return;
    }
    if (!current) {
      if (e.key.startsWith('Arrow') && scene.boxes.length > 0) {
        const first = scene.boxes.find((b) => b.kind !== 'frame')!;
        this.select(first);
        e.preventDefault();
      }
      return;
    }
    const key = current.kind === 'frame' ? `g${current.id}` : current.key;
    let next: SceneBox | undefined;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const down = e.key === 'ArrowDown';
      const edge = scene.edges.find((edge) => (down ? edge.from : edge.to) === key);
      const target = edge && (down ? edge.to : edge.from);
      next = target ? scene.boxes.find((b) => this.selectionKey(b) === target) : undefined;
    } else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      const dir = e.key === 'ArrowRight' ? 1 : -1;
      const cy = current.y + current.h / 2;
      next = scene.boxes
        .filter(
          (b) =>
            b !== current &&
            b.kind !== 'frame' &&
            Math.abs(b.y + b.h / 2 - cy) < current.h &&
            Math.sign(b.x - current.x) === dir,
        )
        .sort((a, b) => Math.abs(a.x - current.x) - Math.abs(b.x - current.x))[0];
    } else if (e.key === 'Enter') {
      if (this.openBox(current)) e.preventDefault();
      return;
    } else {
      return;
    }
    e.preventDefault();
    if (next) this.select(next);
  }

  private select(box: SceneBox): void {
    this.selected = this.selectionKey(box);
    this.renderer.centerOn(box);
    this.renderer.redraw();
    this.showSelection();
  }

  // --- problems ----------------------------------------------------------------------------------------------------

  private passes(d: GraphDiagnostic): boolean {
    return (
      (this.filter.severity === 'all' || d.severity === this.filter.severity) &&
      (this.filter.rule === 'all' || d.ruleId === this.filter.rule)
    );
  }

  private computeProblems(): void {
    const skeleton = this.skeleton!;
    this.nodeProblems = new Map();
    this.groupProblems = new Map();
    const add = (map: Map<number, { severity: Severity; count: number }>, id: number, severity: Severity): void => {
      const known = map.get(id);
      if (!known) map.set(id, { severity, count: 1 });
      else {
        known.count++;
        if (SEVERITIES.indexOf(severity) < SEVERITIES.indexOf(known.severity)) known.severity = severity;
      }
    };
    for (const d of skeleton.diagnostics) {
      if (d.node < 0 || !this.passes(d)) continue;
      add(this.nodeProblems, d.node, d.severity);
      const g = skeleton.index.groupOf[d.node];
      for (const a of [g, ...this.chain(g)]) add(this.groupProblems, a, d.severity);
    }
    this.root.dataset.problemNodes = String(this.nodeProblems.size);
  }

  private problemsOf(b: SceneBox): { severity: Severity; count: number } | undefined {
    // An expanded group's frame is not marked: the nodes and collapsed groups inside it are.
    if (b.kind === 'frame') return undefined;
    return b.kind === 'node' ? this.nodeProblems.get(b.id) : this.groupProblems.get(b.id);
  }

  private applyFilter(): void {
    this.computeProblems();
    this.renderer.redraw();
    this.saveState();
  }

  private stepProblem(direction: 1 | -1): void {
    const ids = [...this.nodeProblems.keys()].sort((a, b) => a - b);
    if (ids.length === 0) {
      this.setStatus('No problems match the filter.');
      return;
    }
    const current = this.selected?.startsWith('n') ? Number(this.selected.slice(1)) : direction === 1 ? -1 : Infinity;
    const next =
      direction === 1
        ? (ids.find((id) => id > current) ?? ids[0])
        : ([...ids].reverse().find((id) => id < current) ?? ids[ids.length - 1]);
    void this.reveal(next);
  }

  // --- search ------------------------------------------------------------------------------------------------------

  private search(query: string): void {
    const skeleton = this.skeleton;
    this.searchResults.replaceChildren();
    this.matches.clear();
    const q = query.trim().toLowerCase();
    if (!skeleton || q === '') {
      this.renderer.redraw();
      return;
    }
    const found: number[] = [];
    for (let id = 0; id < skeleton.nodeCount && found.length < MAX_SEARCH_RESULTS; id++) {
      if (skeleton.index.names[id].toLowerCase().includes(q) || skeleton.index.ops[id].toLowerCase() === q)
        found.push(id);
    }
    for (const id of found) {
      // A match inside a collapsed group highlights the group.
      const g = skeleton.index.groupOf[id];
      const hidden = [...this.chain(g), g]
        .reverse()
        .filter((a) => !this.expanded.has(a))
        .pop();
      this.matches.add(hidden === undefined ? `n${id}` : `g${hidden}`);
      const item = button(
        `${skeleton.index.ops[id]} — ${skeleton.index.names[id] || `node ${id}`}`,
        'search-result',
        () => {
          this.searchResults.replaceChildren();
          void this.reveal(id);
        },
      );
      item.setAttribute('role', 'option');
      item.dataset.nodeId = String(id);
      this.searchResults.append(item);
    }
    this.root.dataset.searchResults = String(found.length);
    this.renderer.redraw();
  }

  // --- overlay -----------------------------------------------------------------------------------------------------

  private overlayColor(b: SceneBox): string | undefined {
    if (!this.overlay || !this.overlayOn || b.kind !== 'node') return undefined;
    const value = this.overlay.values[b.subtitle];
    if (value === undefined) return undefined;
    if (this.overlay.kind === 'numeric') return OVERLAY_RAMP(Math.max(0, Math.min(1, Number(value) / this.overlayMax)));
    return schemeTableau10[this.categories().indexOf(String(value)) % schemeTableau10.length];
  }

  private categories(): string[] {
    return [...new Set(Object.values(this.overlay?.values ?? {}).map(String))].sort();
  }

  private updateLegend(): void {
    const overlay = this.overlay;
    this.legend.hidden = !overlay || !this.overlayOn;
    if (!overlay) return;
    const items: HTMLElement[] = [span(overlay.title, 'legend-title')];
    if (overlay.kind === 'numeric') {
      const max = this.overlayMax;
      for (const v of [0, 0.25, 0.5, 0.75, 1])
        items.push(swatch(OVERLAY_RAMP(v), `${(v * max * 100).toFixed(max < 0.1 ? 1 : 0)}%`));
    } else {
      this.categories().forEach((c, i) => items.push(swatch(schemeTableau10[i % schemeTableau10.length], c)));
    }
    this.legend.replaceChildren(...items);
  }

  // --- export ------------------------------------------------------------------------------------------------------

  private svgText(): string {
    const v = (name: string, fallback: string): string => cssVar(this.root, name, fallback);
    const palette: SvgPalette = {
      ...LIGHT_PALETTE,
      background: v('--vscode-editor-background', LIGHT_PALETTE.background),
      text: v('--vscode-editor-foreground', LIGHT_PALETTE.text),
      muted: v('--vscode-descriptionForeground', LIGHT_PALETTE.muted),
      severity: {
        error: v('--graph-error', LIGHT_PALETTE.severity.error),
        warning: v('--graph-warning', LIGHT_PALETTE.severity.warning),
        info: v('--graph-info', LIGHT_PALETTE.severity.info),
      },
    };
    return sceneToSvg(this.renderer.currentScene, palette, this.skeleton?.title);
  }

  private exportSvg(): void {
    this.post({ type: 'graph/export', format: 'svg', data: this.svgText() });
  }

  private async exportPng(): Promise<void> {
    const svg = this.svgText();
    const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
    try {
      const image = new Image();
      await new Promise((resolve, reject) => {
        image.onload = resolve;
        image.onerror = () => reject(new Error('the SVG could not be drawn'));
        image.src = url;
      });
      // Browsers cap canvas size; big graphs are scaled down to fit.
      const scale = Math.min(2, 8192 / Math.max(image.width, image.height));
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.round(image.width * scale));
      canvas.height = Math.max(1, Math.round(image.height * scale));
      canvas.getContext('2d')!.drawImage(image, 0, 0, canvas.width, canvas.height);
      this.post({ type: 'graph/export', format: 'png', data: canvas.toDataURL('image/png') });
    } catch (error) {
      this.setStatus(`PNG export failed: ${String(error)}`);
    } finally {
      URL.revokeObjectURL(url);
    }
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
  }
}

// --- small DOM helpers (text only, never markup) --------------------------------------------------------------------

function div(className: string): HTMLDivElement {
  const d = document.createElement('div');
  d.className = className;
  return d;
}

function span(text: string, className: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = className;
  s.textContent = text;
  return s;
}

function button(text: string, action: string, onClick: () => void, label?: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.textContent = text;
  b.dataset.action = action;
  if (label) b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

function option(value: string, text: string): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  return o;
}

function select(label: string, options: [string, string][], onChange: () => void): HTMLSelectElement {
  const s = document.createElement('select');
  s.setAttribute('aria-label', label);
  s.append(...options.map(([v, t]) => option(v, t)));
  s.addEventListener('change', onChange);
  return s;
}

function swatch(color: string, text: string): HTMLElement {
  const item = span('', 'legend-item');
  const box = span('', 'legend-swatch');
  box.style.background = color;
  item.append(box, document.createTextNode(text));
  return item;
}

function cssVar(el: HTMLElement, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}
