// The graph view's state and how its parts work together: which groups are expanded, the selection, search, the
// host's messages. The parts: toolbar, renderer, side panel, minimap, group store, problem filter (problem-filter.ts),
// overlay, export, openings (what waits for a skeleton to be shown), late shapes. Loads group contents from the host
// on demand and lays them out through the worker (cached per group), then hands the scene to the renderer.
import type { Scene, SceneBox } from '../../common/graph-drawing/scene';
import { unpackSkeleton } from '../../common/graph-drawing/skeleton-index';
import type { GraphHostMessage, GraphNode, GraphSkeleton, GraphViewMessage } from '../../server/contract/graph-view';
import { DiffMode } from './diff-mode';
import { exportPng, sceneSvgText } from './export';
import { FindingsBanner } from './findings-banner';
import { buildFrame, onThemeChange } from './frame';
import { GroupStore } from './group-store';
import { showLateShapes, type LateShapeParts } from './late-shapes';
import { LayoutToggles } from './layout-toggles';
import type { LayoutClient } from './layout-client';
import { Minimap } from './minimap';
import { Openings, revealTargets } from './openings';
import { OverlayState } from './overlay';
import { PaintReport } from './paint-report';
import { Prefetcher } from './prefetch';
import { SidePanel } from './panel';
import { ProblemFilter } from './problem-filter';
import { GraphRenderer } from './render/renderer';
import { SceneLoader } from './scene-loader';
import { Selection } from './selection';
import { visibleGroups } from './scope-tree';
import { runSearch } from './search';
import { Toolbar } from './toolbar';
import {
  captureViewState,
  groupsByPath,
  selectionKeyIn,
  type GraphViewState,
  ViewMemory,
  type ViewStateStore,
} from './view-state';

export class GraphApp {
  private skeleton?: GraphSkeleton;
  /** Skeletons of the graphs we came from (subgraph navigation). */
  private readonly history: GraphSkeleton[] = [];
  private readonly groups: GroupStore;
  private readonly loader: SceneLoader;
  private readonly report: PaintReport;
  private readonly prefetcher: Prefetcher;
  private readonly memory: ViewMemory;
  private readonly openings = new Openings();
  private expanded = new Set<number>();
  private readonly selection: Selection;
  private readonly problems: ProblemFilter;
  private readonly overlay = new OverlayState();
  private readonly diff: DiffMode;
  private matches = new Set<string>();

  private readonly toolbar: Toolbar;
  private readonly renderer: GraphRenderer;
  private readonly panel: SidePanel;
  private readonly banner: FindingsBanner;
  private readonly toggles: LayoutToggles;
  private readonly minimap: Minimap;
  private readonly status: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly shapeParts: LateShapeParts;

  constructor(
    private readonly root: HTMLElement,
    private readonly layout: LayoutClient,
    private readonly post: (message: GraphViewMessage) => void,
    store?: ViewStateStore,
  ) {
    this.groups = new GroupStore(post);
    this.loader = new SceneLoader(this.groups, layout, root.dataset);
    this.report = new PaintReport(root.dataset);
    this.prefetcher = new Prefetcher(
      this.groups,
      this.loader,
      () => this.skeleton,
      root.dataset,
      () => this.report.prepared(),
    );
    this.toolbar = new Toolbar({
      back: () => this.back(),
      search: (q) => this.diff.search(q, this.toolbar.searchResults) || this.search(q),
      filterChanged: () => this.filterChanged(),
      stepProblem: (d) => this.stepProblem(d),
      expandAll: () =>
        this.diff.expandAll(true) ||
        void this.setExpanded(new Set(this.skeleton?.groups.map((g) => g.id) ?? [0]), true),
      collapseAll: () => this.diff.expandAll(false) || void this.setExpanded(new Set([0]), true),
      fit: () => this.diff.fit() || this.renderer.fit(),
      overlayToggled: (on) => {
        this.overlay.on = on;
        this.overlay.renderLegend(this.legend);
        this.renderer.redraw();
        this.saveState();
      },
      togglePanel: () => this.toggles.togglePanel(),
      toggleMinimap: () => this.toggles.toggleMinimap(),
      exportSvg: () => this.post({ type: 'graph/export', format: 'svg', data: this.svgText() }),
      exportPng: () =>
        void exportPng(
          this.svgText(),
          (data) => this.post({ type: 'graph/export', format: 'png', data }),
          (text) => this.setStatus(text),
        ),
    });
    this.problems = new ProblemFilter(this.toolbar, root.dataset);
    const onKey = (e: KeyboardEvent) => this.diff.onKey(e) || this.selection.onKey(e, this.renderer.currentScene);
    const frame = buildFrame(root, this.toolbar.header, onKey);
    this.status = frame.status;
    this.legend = frame.legend;
    this.renderer = new GraphRenderer(frame.canvasHost, {
      problemsOf: (b) => this.problems.marks.of(b),
      overlayColor: (b) => this.diff.color(b) ?? this.overlay.color(b),
      isSelected: (b) => this.selection.isSelected(b),
      isMatch: (b) => this.matches.has(b.key),
      onActivate: (b, how) => this.selection.activate(b, how),
      onViewChange: () => {
        this.minimap.showView(this.renderer.visibleRect());
        this.saveState();
      },
    });
    this.minimap = new Minimap((x, y) => this.renderer.panTo(x, y));
    frame.canvasHost.append(this.minimap.canvas, this.legend);
    this.panel = new SidePanel({
      applyFix: (nodeName, d, fixId) => this.applyFix(nodeName, d.ruleId, fixId),
      openSubgraph: (node, attribute) => this.openSubgraph(node, attribute),
      toggleGroup: (g) => this.diff.toggleGroup(g.id) || void this.toggle(g.id),
      revealNode: (id) => void this.reveal(id),
      nodeNotes: (node) => this.diff.details(node.id),
      revealInEngine: (node) => this.post({ type: 'graph/revealInEngine', nodeName: node.name }),
      openSource: (node) => this.post({ type: 'graph/openSource', graphId: this.skeleton!.graphId, nodeId: node.id }),
    });
    frame.main.append(this.panel.root);
    this.toggles = new LayoutToggles(
      root,
      frame.canvasHost,
      { el: this.panel.root, button: this.toolbar.panelToggle },
      { el: this.minimap.canvas, button: this.toolbar.minimapToggle },
    );
    this.banner = new FindingsBanner({
      applyFix: (d, fixId) => this.applyFix('', d.ruleId, fixId),
      select: (index) => this.selection.selectModelFinding(index),
    });
    frame.main.before(this.banner.root);
    this.selection = new Selection({
      skeleton: () => this.skeleton,
      expanded: () => this.expanded,
      nodes: this.groups.nodes,
      renderer: this.renderer,
      panel: this.panel,
      data: root.dataset,
      expand: (groups) => this.setExpanded(new Set([...this.expanded, ...groups])),
      openBox: (box) => this.openBox(box),
      requestDocs: (node) => this.post({ type: 'graph/requestDocs', op: node.op, domain: node.domain }),
      changed: () => {
        if (this.skeleton) this.banner.show(this.skeleton, this.selection.key);
        this.saveState();
      },
    });
    this.shapeParts = {
      groups: this.groups,
      loader: this.loader,
      renderer: this.renderer,
      selection: this.selection,
      report: this.report,
    };
    const panes = { groups: this.groups, layout, panel: this.panel, overlayHost: frame.canvasHost, post };
    this.diff = new DiffMode(root, this.selection, (id) => this.reveal(id), this.renderer, frame.main, panes);
    onThemeChange(() => {
      this.minimap.themeChanged();
      this.diff.readColors();
      this.renderer.redraw();
      this.paintMinimap();
    });
    // The webview was recreated (moved, restored): its last state waits for the graph's skeleton.
    this.memory = new ViewMemory(store);
    const previous = this.memory.previous;
    if (previous) {
      this.setOverlay(previous.overlay);
      this.overlay.on = this.toolbar.overlay.checked = previous.overlayOn;
      this.overlay.renderLegend(this.legend);
    }
  }

  /** Tells the host the view is listening; it answers with the graph. */
  start(): void {
    this.report.readySent();
    this.post({ type: 'graph/ready' });
  }

  receive(message: GraphHostMessage): void {
    switch (message.type) {
      case 'graph/skeleton': {
        const skeleton = unpackSkeleton(message.skeleton);
        this.groups.forget(skeleton.graphId);
        if (message.contents) this.groups.receive(message.contents, skeleton.graphId);
        if (message.layouts) this.loader.seed(message.layouts);
        this.openings.started(this.open(skeleton));
        return;
      }
      case 'graph/groups':
        this.groups.receive(message.contents, this.skeleton?.graphId);
        return;
      case 'graph/shapes':
        return showLateShapes(message, this.skeleton, this.shapeParts);
      case 'graph/reveal':
        void this.openings.latest().then(() => {
          const { id, together } = revealTargets(this.skeleton, message);
          if (id >= 0) void this.selection.reveal(id, together);
          else this.setStatus(`No node named "${message.nodeName}" in this graph.`);
        });
        return;
      case 'graph/overlay':
        this.setOverlay(message.overlay);
        this.overlay.renderLegend(this.legend);
        this.renderer.redraw();
        this.saveState();
        return;
      case 'graph/diff':
      case 'graph/sideBySide':
        return void this.openings.current().then(() => this.diff.receive(message));
      case 'graph/docs':
        return this.panel.showDocs(message.op, message.domain, message.docs);
      case 'graph/engineLinked':
        return this.panel.setEngineLinked(message.linked);
      case 'graph/error':
        return this.setStatus(message.message);
    }
  }

  // --- opening and rendering ---------------------------------------------------------------------------------------

  /**
   * Shows a graph. A graph shown before (the same graph reloaded with new findings, or Back from a subgraph) comes
   * back as the user left it: expanded groups, selection, zoom/pan, filter.
   */
  private async open(skeleton: GraphSkeleton): Promise<void> {
    if (this.skeleton) this.memory.remember(this.captureState());
    // A graph we came from is reloaded while a subgraph is shown: its subgraphs' data is stale, go back to it.
    const inHistory = this.history.findIndex((h) => h.graphId === skeleton.graphId);
    if (inHistory >= 0) this.history.length = inHistory;
    const restore = this.memory.restorable(skeleton);
    this.report.opened();
    this.skeleton = skeleton;
    this.groups.nodes.clear();
    this.selection.key = undefined;
    this.matches.clear();
    this.selection.show();
    this.toolbar.title.textContent = skeleton.title;
    this.toolbar.back.hidden = this.history.length === 0;
    this.problems.open(skeleton, restore?.filter);
    this.root.dataset.totalNodes = String(skeleton.nodeCount);
    if (!restore) {
      await this.setExpanded(new Set(skeleton.initiallyExpanded), true);
      return;
    }
    this.selection.key = selectionKeyIn(skeleton, restore.selected);
    await this.setExpanded(groupsByPath(skeleton, restore.expanded), !restore.view, restore.view);
    if (skeleton !== this.skeleton) return;
    this.selection.show();
    this.search(this.toolbar.searchInput.value);
  }

  private captureState(): GraphViewState {
    const { overlay, on } = this.overlay;
    const view = { expanded: this.expanded, view: this.renderer.view, filter: this.problems.filter, overlay, on };
    return captureViewState(this.skeleton!, this.selection.key, view);
  }

  private saveState(): void {
    this.memory.saveSoon(() =>
      this.skeleton && this.root.dataset.busy === undefined ? this.captureState() : undefined,
    );
  }

  private setOverlay(overlay: GraphViewState['overlay']): void {
    this.overlay.set(overlay);
    this.toolbar.overlay.disabled = !overlay;
  }

  /** Shows the groups of `expanded`; then fits the view, or puts it where `view` says (a restored zoom/pan). */
  private async setExpanded(expanded: Set<number>, fit = false, view?: GraphViewState['view']): Promise<void> {
    const skeleton = this.skeleton;
    if (!skeleton) return;
    expanded.add(0);
    // Only groups whose whole parent chain is expanded are visible, and only those need their content.
    const visible = visibleGroups(skeleton, expanded);
    this.expanded = expanded;
    this.report.started();
    this.setStatus('Laying out…');
    const scene = await this.loader.build(skeleton, visible);
    if (!scene || skeleton !== this.skeleton) return; // a newer request superseded this one
    this.show(scene, fit, view);
  }

  private show(scene: Scene, fit: boolean, view?: GraphViewState['view']): void {
    this.minimap.readColors(this.root);
    this.renderer.setScene(scene, () => {
      if (view) this.renderer.setView(view);
      else if (fit) this.renderer.fitOrTop();
    });
    this.paintMinimap();
    const { nodes, groups } = this.report.shown(scene, this.renderer.mode);
    // Where a layout ran (host, page or worker) is ours to know, not the user's: tests read data-layout-mode.
    this.setStatus(`${nodes} nodes and ${groups} collapsed groups shown of ${this.skeleton!.nodeCount} nodes`);
    this.report.whenPainted(this.renderer.painted(), this.loader.seq, (first) => {
      // The host infers the types once the first screen is on it (server/graph/session.ts).
      if (first) this.post({ type: 'graph/painted' });
      this.saveState();
      void this.layout.start().then(() => (this.root.dataset.layoutMode = this.layout.mode));
      this.prefetcher.afterPaint();
    });
  }

  private paintMinimap(): void {
    this.minimap.setScene(this.renderer.currentScene, this.root, (b) => this.problems.marks.of(b));
    this.minimap.showView(this.renderer.visibleRect());
  }

  private async toggle(groupId: number): Promise<void> {
    const next = new Set(this.expanded);
    if (next.has(groupId) && groupId !== 0) next.delete(groupId);
    else next.add(groupId);
    this.selection.key = `g${groupId}`;
    await this.setExpanded(next);
    const box = this.renderer.currentScene.boxes.find((b) => b.kind !== 'node' && b.id === groupId);
    this.renderer.keepInView(box);
    this.selection.show();
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
    const node = this.groups.nodes.get(box.id);
    if (!node || node.subgraphs.length === 0) return false;
    this.openSubgraph(node, node.subgraphs[0]);
    return true;
  }

  private back(): void {
    const previous = this.history.pop();
    if (previous) void this.open(previous);
  }

  /** Expands the groups holding the node, selects it and centres it. */
  reveal(nodeId: number): Promise<void> {
    return this.selection.reveal(nodeId);
  }

  // --- problems and search -----------------------------------------------------------------------------------------

  private filterChanged(): void {
    if (!this.skeleton) return;
    this.problems.changed(this.skeleton);
    this.renderer.redraw();
    this.paintMinimap();
    this.saveState();
  }

  private stepProblem(direction: 1 | -1): void {
    const next = this.problems.step(this.selection.key, direction);
    if (next === undefined) this.setStatus('No problems match the filter.');
    else if (next.startsWith('m')) this.selection.selectModelFinding(Number(next.slice(1)));
    else void this.reveal(Number(next.slice(1)));
  }

  private applyFix(nodeName: string, ruleId: string, fixId: string): void {
    this.post({ type: 'graph/applyFix', graphId: this.skeleton!.graphId, nodeName, ruleId, fixId });
  }

  private search(query: string): void {
    this.matches = runSearch(this.skeleton, this.expanded, query, this.toolbar.searchResults, this.root.dataset, (id) =>
      this.reveal(id),
    );
    this.renderer.redraw();
  }

  private svgText(): string {
    return sceneSvgText(this.renderer.currentScene, this.root, this.skeleton?.title);
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
  }
}
