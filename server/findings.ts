// The one diagnostic shape every analysis produces (ONNX reader, rules, Triton config checks).
// The CLI prints it, the language server turns it into LSP diagnostics, the graph view marks nodes with it.

export type Severity = 'error' | 'warning' | 'info';

/** Zero-based line/character positions, as in LSP. SARIF output adds one. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** How findings name a top-level node: its name, or `<OpType>#<index in graph.nodes>` when the exporter left it
 * empty (the graph view matches findings to nodes by this label). */
export function nodeLabel(node: { name: string; opType: string }, index: number): string {
  return node.name || `${node.opType}#${index}`;
}

export interface RelatedLocation {
  file: string;
  message: string;
  range?: Range;
  node?: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Path of the file the finding is about (as given to the analysis). */
  file: string;
  /** ONNX node name, for findings anchored on a node of a model. */
  node?: string;
  /** Text range, for findings in text files (config.pbtxt). */
  range?: Range;
  related?: RelatedLocation[];
  /** Ids of fixes the producer can apply (see the rule's `fix`). */
  fixes?: { id: string; title: string }[];
}

export const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
