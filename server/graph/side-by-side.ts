// The host part of the side-by-side diff: model A and model B each as a graph of its own (graph ids side-a, side-b,
// built when the view first asks), the diff's node pairs and each change entry as ids of the two panes, and each pane
// node's twin in the overlaid graph (where the change details and changed weights are keyed).
import type { Finding } from '../contract/findings';
import type { GraphDiffInfo, ModelDiffView } from '../contract/model-diff';
import type { SideBySideInfo, SideBySidePane } from '../contract/graph-view';
import type { OnnxModel, OnnxNode } from '../onnx/model';
import { inferShapes } from '../shape-inference/cache';
import { GraphModel } from './build';
import { firstView, INFERENCE_BUDGET_MS } from './session';

export const SIDE_GRAPH = { a: 'side-a', b: 'side-b' } as const;

/**
 * A model's main graph as one pane's graph, with inferred shapes as the graph view has them and the findings the
 * change concerns marked (A: those the change fixed; B: those it brought).
 */
export function sideGraph(model: OnnxModel, graphId: string, title: string, findings: Finding[]): GraphModel {
  if (!model.graph) throw new Error(`${model.path}: the model holds no graph`);
  const inferred = inferShapes(model, { timeLimitMs: INFERENCE_BUDGET_MS }).main;
  return new GraphModel(graphId, title, model.path, model.graph, findings, inferred);
}

/** The view id of each reader node of a graph. */
export function viewIdsOf(graph: GraphModel): Map<OnnxNode, number> {
  const ids = new Map<OnnxNode, number>();
  for (let id = 0; id < graph.nodes.length; id++) {
    const source = graph.sourceNode(id);
    if (source) ids.set(source, id);
  }
  return ids;
}

/** Graph inputs and outputs (no reader node) by "op name": they pair up across graphs by name. */
function ioIds(graph: GraphModel): Map<string, number> {
  const { names, ops } = graph.skeleton().index;
  const ids = new Map<string, number>();
  for (let id = 0; id < names.length; id++) if (!graph.sourceNode(id)) ids.set(`${ops[id]} ${names[id]}`, id);
  return ids;
}

export interface SidePanes {
  a: { model: OnnxModel; graph: GraphModel; label: string };
  b: { model: OnnxModel; graph: GraphModel; label: string };
  /** The overlaid graph (B with A's removed nodes as ghosts) and its ghosts in the diff's order. */
  overlay: GraphModel;
  ghosts: OnnxNode[];
}

export function sideBySideInfo(panes: SidePanes, view: ModelDiffView, info: GraphDiffInfo): SideBySideInfo {
  const { a, b, overlay, ghosts } = panes;
  const idsA = viewIdsOf(a.graph);
  const idsB = viewIdsOf(b.graph);
  const idsOverlay = viewIdsOf(overlay);
  const nodesA = a.model.graph?.nodes ?? [];
  const nodesB = b.model.graph?.nodes ?? [];
  const toOverlayA = new Map<number, number>();
  const toOverlayB = new Map<number, number>();
  const pairs: [number, number][] = [];
  const link = (to: Map<number, number>, id: number | undefined, twin: number | undefined) => {
    if (id !== undefined && twin !== undefined) to.set(id, twin);
  };
  // B's nodes are the overlaid graph's own nodes (the same reader objects).
  for (const [node, id] of idsB) link(toOverlayB, id, idsOverlay.get(node));
  const matched = new Set<number>();
  for (const [ia, ib] of view.pairs) {
    matched.add(ia);
    const idA = idsA.get(nodesA[ia]);
    const idB = idsB.get(nodesB[ib]);
    if (idA !== undefined && idB !== undefined) pairs.push([idA, idB]);
    link(toOverlayA, idA, idsOverlay.get(nodesB[ib]));
  }
  // The ghosts are A's unmatched nodes in file order (server/diff/diff-view.ts).
  let ghost = 0;
  nodesA.forEach((node, i) => {
    if (!matched.has(i)) link(toOverlayA, idsA.get(node), idsOverlay.get(ghosts[ghost++]));
  });
  const ioA = ioIds(a.graph);
  const ioB = ioIds(b.graph);
  const ioOverlay = ioIds(overlay);
  for (const [key, idA] of ioA) {
    const idB = ioB.get(key);
    if (idB !== undefined) pairs.push([idA, idB]);
    link(toOverlayA, idA, ioOverlay.get(key));
  }
  for (const [key, idB] of ioB) link(toOverlayB, idB, ioOverlay.get(key));
  const fromOverlay = (to: Map<number, number>) => new Map([...to].map(([id, twin]) => [twin, id]));
  const overlayToA = fromOverlay(toOverlayA);
  const overlayToB = fromOverlay(toOverlayB);
  const pane = (side: SidePanes['a'], to: Map<number, number>): SideBySidePane => ({
    label: side.label,
    ...firstView(side.graph),
    overlay: [...to],
  });
  return {
    a: pane(a, toOverlayA),
    b: pane(b, toOverlayB),
    pairs,
    changes: info.entries.map((e) => [overlayToA.get(e.node) ?? -1, overlayToB.get(e.node) ?? -1]),
  };
}
