// The graph view's edges, bundled per group: each tensor edge lands in the lowest group holding both ends, between
// the children (nodes or child groups) that contain them; edges between the same two children are one edge with a
// count (the tensor named is the first one).
import type { GraphEdge, GraphNode } from '../contract/graph-view';

/** Edges by the group they are drawn in, then by `from>to`. `ancestors(g)`: the groups from the root down to g. */
export function groupEdges(
  nodes: readonly GraphNode[],
  ancestors: (groupId: number) => number[],
): Map<number, Map<string, GraphEdge>> {
  const producer = new Map<string, number>();
  for (const node of nodes) if (node.kind !== 'output') for (const p of node.outputs) producer.set(p.tensor, node.id);
  const chains = new Map<number, number[]>();
  const chainOf = (group: number): number[] => {
    let chain = chains.get(group);
    if (!chain) chains.set(group, (chain = ancestors(group)));
    return chain;
  };
  const byGroup = new Map<number, Map<string, GraphEdge>>();
  for (const consumer of nodes) {
    for (const port of consumer.inputs) {
      const from = producer.get(port.tensor);
      if (from === undefined || from === consumer.id) continue;
      const a = chainOf(nodes[from].group);
      const b = chainOf(consumer.group);
      let depth = 0;
      while (depth + 1 < a.length && depth + 1 < b.length && a[depth + 1] === b[depth + 1]) depth++;
      const lca = a[depth];
      const fromKey = depth + 1 < a.length ? `g${a[depth + 1]}` : `n${from}`;
      const toKey = depth + 1 < b.length ? `g${b[depth + 1]}` : `n${consumer.id}`;
      if (fromKey === toKey) continue;
      let edges = byGroup.get(lca);
      if (!edges) byGroup.set(lca, (edges = new Map()));
      const key = `${fromKey}>${toKey}`;
      const existing = edges.get(key);
      if (existing) existing.count++;
      else
        edges.set(key, {
          from: fromKey,
          to: toKey,
          tensor: port.tensor,
          shape: port.shape,
          dtype: port.dtype,
          count: 1,
        });
    }
  }
  return byGroup;
}
