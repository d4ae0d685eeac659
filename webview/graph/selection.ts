// The selected box ("n12" a node, "g3" a group) and what follows from it: its details in the side panel, the mark on
// the graph, centring and revealing (expanding the groups that hold a node), keyboard moves.
import type { Scene, SceneBox } from '../../common/graph-drawing/scene';
import type { GraphNode, GraphSkeleton } from '../../server/contract/graph-view';
import { keyAction, selectionKey } from './keyboard';
import type { SidePanel } from './panel';
import type { GraphRenderer } from './render/renderer';
import { ancestors, problemNodesIn } from './scope-tree';

/** What the selection needs from the view around it. */
export interface SelectionHost {
  skeleton(): GraphSkeleton | undefined;
  expanded(): Set<number>;
  readonly nodes: Map<number, GraphNode>;
  readonly renderer: GraphRenderer;
  readonly panel: SidePanel;
  /** Where `data-selected` is reported (tests read it). */
  readonly data: DOMStringMap;
  /** Draws the graph with these groups expanded too. */
  expand(groups: number[]): Promise<void>;
  /** Double click / Enter on a box: true when it did something (toggled a group, opened a subgraph). */
  openBox(box: SceneBox): boolean;
  requestDocs(node: GraphNode): void;
  changed(): void;
}

export class Selection {
  key?: string;
  /** Nodes selected along with `key` ("n12" keys): the other ONNX nodes of one engine layer. */
  together = new Set<string>();

  constructor(private readonly host: SelectionHost) {}

  isSelected(box: SceneBox): boolean {
    const key = selectionKey(box);
    return key === this.key || this.together.has(key);
  }

  activate(box: SceneBox, how: 'click' | 'dblclick'): void {
    this.key = selectionKey(box);
    this.together.clear();
    if (how === 'dblclick' && this.host.openBox(box)) return;
    this.show();
    this.host.renderer.redraw();
  }

  /** Selects a box, centres it and shows its details. */
  select(box: SceneBox): void {
    this.key = selectionKey(box);
    this.together.clear();
    this.host.renderer.centerOn(box);
    this.host.renderer.redraw();
    this.show();
  }

  clear(): void {
    this.key = undefined;
    this.together.clear();
    this.show();
    this.host.renderer.redraw();
  }

  /** Expands the groups holding the node (and `together`), selects them all and centres the node. */
  async reveal(nodeId: number, together: number[] = []): Promise<void> {
    const skeleton = this.host.skeleton();
    const expanded = this.host.expanded();
    const valid = (id: number) => id >= 0 && id < skeleton!.nodeCount;
    if (!skeleton || !valid(nodeId)) return;
    const others = together.filter((id) => valid(id) && id !== nodeId);
    const needed = new Set<number>();
    for (const id of [nodeId, ...others]) {
      const group = skeleton.index.groupOf[id];
      for (const g of [...ancestors(skeleton, group), group]) needed.add(g);
    }
    if (![...needed].every((g) => expanded.has(g))) await this.host.expand([...needed]);
    this.key = `n${nodeId}`;
    this.together = new Set(others.map((id) => `n${id}`));
    const box = this.host.renderer.currentScene.boxes.find((b) => b.key === this.key);
    if (box) this.host.renderer.centerOn(box);
    this.host.renderer.redraw();
    this.show();
  }

  onKey(e: KeyboardEvent, scene: Scene): void {
    const action = keyAction(scene, this.key, e.key);
    if (!action) return;
    if (action.kind === 'clear') this.clear();
    else if (action.kind === 'open') {
      if (this.host.openBox(action.box)) e.preventDefault();
    } else {
      e.preventDefault();
      this.select(action.box);
    }
  }

  /** Selects a whole-model finding ("m<index in the skeleton's diagnostics>"); its graph inputs/outputs are marked. */
  selectModelFinding(index: number): void {
    this.key = `m${index}`;
    this.together.clear();
    this.host.renderer.redraw();
    this.show();
  }

  /** Shows the selection's details in the side panel (nothing selected: the findings about the whole model). */
  show(): void {
    const { key, host } = this;
    const skeleton = host.skeleton();
    host.changed();
    if (!key || !skeleton) {
      host.panel.clear(skeleton?.diagnostics.filter((d) => d.node < 0));
      delete host.data.selected;
      delete host.data.selectedTogether;
      return;
    }
    const id = Number(key.slice(1));
    if (key.startsWith('m')) {
      const d = skeleton.diagnostics[id];
      if (!d) return;
      host.panel.showModelFinding(
        d,
        (d.concerns ?? []).map((n) => skeleton.index.names[n]),
      );
    } else if (key.startsWith('n')) {
      const node = host.nodes.get(id);
      if (!node) return;
      host.panel.showNode(
        node,
        node.diagnostics.map((d) => skeleton.diagnostics[d]),
      );
      if (node.kind === 'op') host.requestDocs(node);
    } else {
      host.panel.showGroup(skeleton.groups[id], host.expanded().has(id), problemNodesIn(skeleton, id));
    }
    host.data.selected = key;
    if (this.together.size > 0) host.data.selectedTogether = [...this.together].join(' ');
    else delete host.data.selectedTogether;
  }
}
