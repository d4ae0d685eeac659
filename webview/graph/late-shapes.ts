// Inferred types that arrive after the contents (graph/shapes: the host infers once the first screen is on its way).
// The ports and edges held take them and the edge labels of the scene shown are rewritten in place: nothing is laid
// out again (a box's size does not depend on its edges' types) and no render is counted (data-render-seq stays).
import { bundleLabel, declutterEdgeLabels, type Scene } from '../../common/graph-drawing/scene';
import type { GraphHostMessage, GraphSkeleton, TensorType } from '../../server/contract/graph-view';
import type { GroupStore } from './group-store';
import type { PaintReport } from './paint-report';
import type { GraphRenderer } from './render/renderer';
import type { SceneLoader } from './scene-loader';
import type { Selection } from './selection';

export interface LateShapeParts {
  groups: GroupStore;
  loader: SceneLoader;
  renderer: GraphRenderer;
  selection: Selection;
  report: PaintReport;
}

/**
 * Types for the graph `shown` (or another one the view holds contents of): the contents, the scene on screen and the
 * expanded one composed ahead take them, the edges drawn are relabelled in place.
 */
export function showLateShapes(
  message: Extract<GraphHostMessage, { type: 'graph/shapes' }>,
  shown: GraphSkeleton | undefined,
  parts: LateShapeParts,
): void {
  const { groups, loader, renderer, selection, report } = parts;
  const onScreen = message.graphId === shown?.graphId;
  applyLateShapes(message, groups, onScreen ? [renderer.currentScene, loader.composedFor(shown)] : []);
  if (!onScreen) return;
  if (message.tensors.length > 0) {
    renderer.relabelEdges();
    // A node's details list its ports' types.
    if (selection.key?.startsWith('n')) selection.show();
  }
  report.shapesShown(renderer.painted());
}

/**
 * Retypes what the view holds of the message's graph: its group contents and `scenes` (the one shown, the expanded
 * one composed ahead); the number of edges of the first scene whose label changed.
 */
export function applyLateShapes(
  message: Extract<GraphHostMessage, { type: 'graph/shapes' }>,
  groups: GroupStore,
  scenes: (Scene | undefined)[],
): number {
  const types = new Map<string, TensorType>(message.tensors.map((t) => [t.tensor, t]));
  groups.retype(message.graphId, types);
  const [first, ...others] = scenes;
  for (const scene of others) if (scene !== first) relabel(scene, types);
  return relabel(first, types);
}

function relabel(scene: Scene | undefined, types: ReadonlyMap<string, TensorType>): number {
  let relabelled = 0;
  for (const edge of scene?.edges ?? []) {
    const type = types.get(edge.tensor);
    if (!type) continue;
    const label = bundleLabel(type.dtype, type.shape, edge.count);
    if (label !== edge.label) relabelled++;
    edge.label = label;
  }
  // Longer labels may now cover each other: which ones are drawn is decided again.
  if (scene && relabelled > 0) declutterEdgeLabels(scene.edges);
  return relabelled;
}
