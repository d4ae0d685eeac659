// The host side of the graph view in diff mode: one overlaid graph, model B with the removed nodes of A added as
// ghosts wired to B's tensors (server/diff/diff-view.ts), so every change is seen in place in one layout. A plain
// GraphSession answers the view; after the main graph's skeleton it sends the diff with entries as view node ids.
import type { GraphDiffInfo, ModelDiffView } from '../contract/model-diff';
import type { GraphHostMessage } from '../contract/graph-view';
import type { Finding } from '../contract/findings';
import type { OnnxModel, OnnxNode } from '../onnx/model';
import type { GraphModel } from './build';
import { GraphSession, MAIN_GRAPH_ID, type GraphSessionHooks } from './session';
import { SIDE_GRAPH, sideBySideInfo, sideGraph, viewIdsOf, type SidePanes } from './side-by-side';

/** Model B with the ghosts appended (they carry no attributes: the diff entry lists A's values). */
export function overlaidModel(b: OnnxModel, view: ModelDiffView): { model: OnnxModel; ghosts: OnnxNode[] } {
  if (!b.graph) throw new Error(`${b.path}: the model holds no graph`);
  const ghosts = view.ghosts.map((g): OnnxNode => ({
    name: g.name,
    opType: g.op,
    domain: g.domain,
    inputs: g.inputs,
    outputs: g.outputs,
    attributes: [],
    metadataProps: [],
  }));
  return { model: { ...b, graph: { ...b.graph, nodes: [...b.graph.nodes, ...ghosts] } }, ghosts };
}

/** The diff with B node indices and ghost indices turned into the view's node ids. */
export function graphDiffInfo(
  graph: GraphModel,
  b: OnnxModel,
  ghosts: OnnxNode[],
  view: ModelDiffView,
  labels: { a: string; b: string },
): GraphDiffInfo {
  const idOf = viewIdsOf(graph);
  const bNodes = b.graph?.nodes ?? [];
  const nodeId = (index: number, ghost: boolean) => idOf.get(ghost ? ghosts[index] : bNodes[index]) ?? -1;
  const { diff } = view;
  return {
    ...labels,
    entries: view.entries.map(({ index, ...entry }) => ({ ...entry, node: nodeId(index, entry.status === 'removed') })),
    weights: view.weights.map((w) => ({ ...w.change, readers: w.readers.map((i) => nodeId(i, false)) })),
    model: [...diff.io.changed, ...diff.opsets.changed.map((c) => `opset ${c}`), ...diff.model.changed],
    findings: {
      new: view.findings.new.map(findingLine),
      fixed: view.findings.fixed.map(findingLine),
    },
  };
}

function findingLine(f: Finding): string {
  return `${f.ruleId}${f.node ? ` (${f.node})` : ''}: ${f.message}`;
}

export class DiffGraphSession {
  private readonly session: GraphSession;
  private info?: GraphDiffInfo;
  private sides?: GraphHostMessage;

  /**
   * The findings marked on the graph are the new ones: what the change brought. `readA` reads model A for the
   * side-by-side panes, when the view first asks for them.
   */
  constructor(
    private readonly b: OnnxModel,
    private readonly view: ModelDiffView,
    private readonly labels: { a: string; b: string },
    hooks: GraphSessionHooks,
    private readonly readA?: () => OnnxModel,
  ) {
    const { model, ghosts } = overlaidModel(b, view);
    this.session = new GraphSession(model, view.findings.new, {
      ...hooks,
      post: (message: GraphHostMessage) => {
        const delivered = hooks.post(message);
        if (message.type !== 'graph/skeleton' || message.skeleton.graphId !== MAIN_GRAPH_ID) return delivered;
        this.info ??= graphDiffInfo(this.session.main, b, ghosts, view, labels);
        return hooks.post({ type: 'graph/diff', diff: this.info });
      },
      sideBySide: () => hooks.post(this.sideBySide(ghosts)),
    });
  }

  get main(): GraphModel {
    return this.session.main;
  }

  receive(raw: unknown): void {
    this.session.receive(raw);
  }

  /** Both models' graphs (built once; their groups are then answered like the main graph's) and the matching. */
  private sideBySide(ghosts: OnnxNode[]): GraphHostMessage {
    if (this.sides) return this.sides;
    if (!this.readA || !this.info) return { type: 'graph/error', message: 'model A is not available side by side' };
    const { labels, b } = this;
    let panes: SidePanes;
    try {
      const a = this.readA();
      panes = {
        a: { model: a, graph: sideGraph(a, SIDE_GRAPH.a, labels.a, this.view.findings.fixed), label: labels.a },
        b: { model: b, graph: sideGraph(b, SIDE_GRAPH.b, labels.b, this.view.findings.new), label: labels.b },
        overlay: this.session.main,
        ghosts,
      };
    } catch (error) {
      return { type: 'graph/error', message: `cannot show side by side: ${(error as Error).message}` };
    }
    this.session.adopt(panes.a.graph);
    this.session.adopt(panes.b.graph);
    this.sides = { type: 'graph/sideBySide', panes: sideBySideInfo(panes, this.view, this.info) };
    return this.sides;
  }
}
