// The scope groups of a skeleton as a tree: ancestors of a group, membership, and which groups are visible for a
// set of expanded ones. Pure functions of the skeleton.
import type { GraphSkeleton } from '../../server/contract/graph-view';

/** Group ids from `groupId`'s parent up to the root. */
export function ancestors(skeleton: GraphSkeleton, groupId: number): number[] {
  const out: number[] = [];
  for (let g = skeleton.groups[groupId]?.parent ?? -1; g >= 0; g = skeleton.groups[g].parent) out.push(g);
  return out;
}

export function nodeInGroup(skeleton: GraphSkeleton, nodeId: number, groupId: number): boolean {
  const g = skeleton.index.groupOf[nodeId];
  return g === groupId || ancestors(skeleton, g).includes(groupId);
}

/** Groups whose whole parent chain is expanded: those are drawn, and only those need their content. */
export function visibleGroups(skeleton: GraphSkeleton, expanded: Set<number>): number[] {
  return [...expanded].filter((g) => ancestors(skeleton, g).every((a) => expanded.has(a)));
}

/** The outermost collapsed group holding the node (what is drawn in its place), undefined when it is drawn. */
export function collapsedHolder(skeleton: GraphSkeleton, expanded: Set<number>, nodeId: number): number | undefined {
  const g = skeleton.index.groupOf[nodeId];
  return [...ancestors(skeleton, g), g]
    .reverse()
    .filter((a) => !expanded.has(a))
    .pop();
}

/** The nodes inside a group (at any depth) that have findings, each once, in finding order. */
export function problemNodesIn(skeleton: GraphSkeleton, groupId: number): { id: number; name: string }[] {
  const ids = new Set<number>();
  for (const d of skeleton.diagnostics) if (d.node >= 0 && nodeInGroup(skeleton, d.node, groupId)) ids.add(d.node);
  return [...ids].map((id) => ({ id, name: skeleton.index.names[id] }));
}
