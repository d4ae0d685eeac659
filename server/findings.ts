// Helpers over findings; the Finding shape itself is contract (server/contract/findings.ts).

import type { Severity } from './contract/findings';

export type { Finding, Position, Range, RelatedLocation, Severity } from './contract/findings';

/** How findings name a top-level node: its name, or `<OpType>#<index in graph.nodes>` when the exporter left it
 * empty (the graph view matches findings to nodes by this label). */
export function nodeLabel(node: { name: string; opType: string }, index: number): string {
  return node.name || `${node.opType}#${index}`;
}

export const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
