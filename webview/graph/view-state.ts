// What the graph view keeps when its data is reloaded (new findings after a fix or a re-analysis) and when VS Code
// recreates the webview (its getState/setState): expanded groups, selection, zoom/pan, filter, overlay. Group and
// node ids may change between two skeletons, so groups are kept by scope path and the selection by node name.
import type { Severity } from '../../server/contract/findings';
import type { GraphOverlay, GraphSkeleton } from '../../server/contract/graph-view';

export type Filter = { severity: 'all' | Severity; rule: string };

export interface GraphViewState {
  graphId: string;
  /** The state applies only to a skeleton of the same model file. */
  modelPath: string;
  /** Scope paths of the expanded groups. */
  expanded: string[];
  selected?: { node: string } | { group: string };
  view?: { x: number; y: number; k: number };
  filter: Filter;
  overlay: GraphOverlay | null;
  overlayOn: boolean;
}

/** Where the state is kept between webview lives (VS Code's getState/setState). */
export interface ViewStateStore {
  get(): unknown;
  set(state: GraphViewState): void;
}

/** The ids of the groups whose scope paths are listed (paths that no longer exist are dropped). */
export function groupsByPath(skeleton: GraphSkeleton, paths: string[]): Set<number> {
  const wanted = new Set(paths);
  return new Set(skeleton.groups.filter((g) => wanted.has(g.path)).map((g) => g.id));
}

/** The selection key ("n12", "g3") of a saved selection in this skeleton, undefined when it is gone. */
export function selectionKeyIn(skeleton: GraphSkeleton, selected: GraphViewState['selected']): string | undefined {
  if (!selected) return undefined;
  if ('node' in selected) {
    const id = skeleton.index.names.indexOf(selected.node);
    return id >= 0 ? `n${id}` : undefined;
  }
  const group = skeleton.groups.find((g) => g.path === selected.group);
  return group ? `g${group.id}` : undefined;
}

/** The saved selection of a selection key. */
export function selectionOf(skeleton: GraphSkeleton, key: string | undefined): GraphViewState['selected'] {
  if (!key) return undefined;
  const id = Number(key.slice(1));
  if (key.startsWith('n')) return id < skeleton.nodeCount ? { node: skeleton.index.names[id] } : undefined;
  const group = skeleton.groups[id];
  return group ? { group: group.path } : undefined;
}

/** What the view shows now, as captureViewState keeps it. */
export interface ViewNow {
  expanded: ReadonlySet<number>;
  view: { x: number; y: number; k: number };
  filter: Filter;
  overlay: GraphOverlay | null;
  on: boolean;
}

/** The current view as kept across reloads (ids turned into scope paths and node names). */
export function captureViewState(skeleton: GraphSkeleton, selected: string | undefined, now: ViewNow): GraphViewState {
  const { x, y, k } = now.view;
  return {
    graphId: skeleton.graphId,
    modelPath: skeleton.modelPath,
    expanded: [...now.expanded].filter((g) => g < skeleton.groups.length).map((g) => skeleton.groups[g].path),
    selected: selectionOf(skeleton, selected),
    view: { x, y, k },
    filter: { ...now.filter },
    overlay: now.overlay,
    overlayOn: now.on,
  };
}

/** A state read back from getState: written by an older version or damaged, it is checked, not trusted. */
export function readViewState(raw: unknown): GraphViewState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const s = raw as Partial<GraphViewState>;
  const severities = ['all', 'error', 'warning', 'info'];
  const ok =
    typeof s.graphId === 'string' &&
    typeof s.modelPath === 'string' &&
    Array.isArray(s.expanded) &&
    s.expanded.every((p) => typeof p === 'string') &&
    typeof s.filter === 'object' &&
    s.filter !== null &&
    severities.includes(s.filter.severity) &&
    typeof s.filter.rule === 'string' &&
    (s.view === undefined || ([s.view.x, s.view.y, s.view.k].every((v) => Number.isFinite(v)) && s.view.k > 0)) &&
    (s.selected === undefined ||
      typeof (s.selected as { node?: unknown }).node === 'string' ||
      typeof (s.selected as { group?: unknown }).group === 'string') &&
    (s.overlay === null ||
      (typeof s.overlay === 'object' && typeof s.overlay.title === 'string' && typeof s.overlay.values === 'object')) &&
    typeof s.overlayOn === 'boolean';
  return ok ? (s as GraphViewState) : undefined;
}

/** Zoom and pan fire many events: the state is saved once they rest. */
const SAVE_STATE_MS = 250;

/** The view states of the graphs shown in this webview (by graph id), and the one VS Code keeps for the next life. */
export class ViewMemory {
  private readonly saved = new Map<string, GraphViewState>();
  private timer?: ReturnType<typeof setTimeout>;
  /** The state of the webview's previous life, if any (it waits for its graph's skeleton). */
  readonly previous: GraphViewState | undefined;

  constructor(private readonly store?: ViewStateStore) {
    this.previous = readViewState(store?.get());
    if (this.previous) this.saved.set(this.previous.graphId, this.previous);
  }

  remember(state: GraphViewState): void {
    this.saved.set(state.graphId, state);
  }

  /** The state to restore for a skeleton: the same graph of the same model file, shown before. */
  restorable(skeleton: GraphSkeleton): GraphViewState | undefined {
    const saved = this.saved.get(skeleton.graphId);
    return saved?.modelPath === skeleton.modelPath ? saved : undefined;
  }

  /** Saves where VS Code keeps it across the webview's lives, once changes rest; `capture` may decline (busy). */
  saveSoon(capture: () => GraphViewState | undefined): void {
    if (!this.store) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const state = capture();
      if (state) this.store!.set(state);
    }, SAVE_STATE_MS);
  }
}
