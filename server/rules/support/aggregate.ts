// Simplification rules report one finding per model and kind (how many nodes and bytes would go),
// anchored on the first node, with the others as related locations for the graph view.
import type { RuleContext, RuleReport } from '../rule';
import { listSome } from './graph-facts';

export function aggregateNodes(ctx: RuleContext, nodeIndexes: number[], describe: (labels: string) => string): RuleReport[] {
  if (nodeIndexes.length === 0) return [];
  const labels = nodeIndexes.map((i) => ctx.facts.label(i));
  return [
    {
      node: labels[0],
      message: describe(listSome(labels)),
      related: labels.slice(1).map((node) => ({ file: ctx.file, node, message: 'same finding' })),
    },
  ];
}
