// Simplification rules report one finding per model and kind (how many nodes and bytes would go),
// anchored on the first node, with the others as related locations for the graph view.
import type { RuleContext, RuleReport } from '../rule';
import { listSome } from './graph-facts';

export function aggregateNodes(
  ctx: RuleContext,
  nodeIndexes: number[],
  describe: (labels: string) => string,
): RuleReport[] {
  return aggregateLabels(
    ctx,
    nodeIndexes.map((i) => ctx.facts.label(i)),
    describe,
  );
}

/** The same for nodes of any graph, named by their labels (see GraphFacts.label). */
export function aggregateLabels(
  ctx: RuleContext,
  labels: string[],
  describe: (labels: string) => string,
): RuleReport[] {
  if (labels.length === 0) return [];
  return [
    {
      node: labels[0],
      message: describe(listSome(labels)),
      related: labels.slice(1).map((node) => ({ file: ctx.file, node, message: 'same finding' })),
    },
  ];
}
