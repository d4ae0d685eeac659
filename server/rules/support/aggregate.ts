// Simplification rules report one finding per model and kind (how many nodes and bytes would go),
// anchored on the first node, with the others as related locations for the graph view.
import type { RuleContext, RuleReport } from '../rule';
import { listSome } from './message-text';

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

/**
 * Every rule's reports, as the framework keeps them: node-level reports of one rule become one report per
 * severity cap, anchored on the first node, its message naming how many more nodes and which; each other
 * node is a related location carrying its own message (the graph view marks them all). Reports without a
 * node (graph inputs, the model as a whole) stay as they are.
 */
export function aggregateRuleReports(file: string, reports: RuleReport[]): RuleReport[] {
  const groups = new Map<string, RuleReport[]>();
  const out: (RuleReport | string)[] = [];
  for (const report of reports) {
    if (report.node === undefined) {
      out.push(report);
      continue;
    }
    const key = report.atMost ?? '';
    if (!groups.has(key)) {
      groups.set(key, []);
      out.push(key);
    }
    groups.get(key)!.push(report);
  }
  return out.map((entry) => (typeof entry === 'string' ? mergeNodeReports(file, groups.get(entry)!) : entry));
}

function mergeNodeReports(file: string, group: RuleReport[]): RuleReport {
  if (group.length === 1) return group[0];
  const [first, ...rest] = group;
  const others = [...new Set(rest.map((r) => r.node!).filter((n) => n !== first.node))];
  return {
    ...first,
    message: others.length
      ? `${first.message} (also ${others.length} more node(s): ${listSome(others)})`
      : first.message,
    related: [
      ...(first.related ?? []),
      ...rest.flatMap((r) => [{ file, node: r.node!, message: r.message }, ...(r.related ?? [])]),
    ],
  };
}
