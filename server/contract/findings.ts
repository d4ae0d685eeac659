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

export interface RelatedLocation {
  file: string;
  message: string;
  range?: Range;
  node?: string;
  /** The exporting Python code's line that made the finding's node (server/onnx/source-link.ts). */
  source?: true;
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

/** A rule's configured severity (`.modelready.json` `rules`, setting `modelready.rules`); `off` turns it off. */
export type RuleSetting = Severity | 'off';
