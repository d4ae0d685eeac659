// Contract, graph view (webview <-> extension host; see ARCHITECTURE.md "Graph view").
// The host builds a GraphModel from the ONNX reader and the findings, sends the skeleton (groups, a name/op index,
// the problems) at once, the types shape inference adds right after it, and each group's content (nodes with
// details, edges among its children) on demand.
// Every message from the webview is checked at runtime by server/graph/validate.ts before the host acts on it.
import type { Severity } from './findings';
import type { GraphDiffInfo } from './model-diff';

/** One tensor at a node's input or output. Initializers are inputs with `initializer: true` (not drawn as nodes). */
export interface GraphPort {
  tensor: string;
  dtype?: string;
  /** Dims joined for display, e.g. "1×3×224×224" ("?" for unknown); undefined when the model declares no shape. */
  shape?: string;
  initializer?: boolean;
  /** An initializer input: the op's name for it ("W", "B"), from the ONNX schema. */
  param?: string;
}

export interface GraphAttribute {
  name: string;
  type: string;
  /** The value summarised as text (long lists and tensors shortened). */
  value: string;
}

/** A node-anchored finding as the view shows it. */
export interface GraphDiagnostic {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Node id in the graph, or -1 for a finding about the whole model. */
  node: number;
  fixes: { id: string; title: string }[];
  /** A whole-model finding: the graph inputs/outputs it is about (node ids), marked in the view. */
  concerns?: number[];
}

export type GraphNodeKind = 'op' | 'input' | 'output';

/** Where a node came from in the exporting Python code (dynamo metadata, or the older exporter's doc_string). */
export interface GraphNodeSource {
  /** Python module path, e.g. `encoder.fc1`. */
  modulePath?: string;
  /** `file:line` as shown: workspace-relative when the file is in the workspace, else as the export recorded it. */
  location?: string;
  /** The file is in the workspace: the view offers to open it (`graph/openSource`; the host resolves the path). */
  linked?: boolean;
}

export interface GraphNode {
  id: number;
  kind: GraphNodeKind;
  /** ONNX node name (graph inputs/outputs: the tensor name). May be empty in the file; never trusted as HTML. */
  name: string;
  /** Op type; "Input" / "Output" for graph inputs and outputs. */
  op: string;
  domain: string;
  /** Id of the group the node sits in directly. */
  group: number;
  inputs: GraphPort[];
  outputs: GraphPort[];
  attributes: GraphAttribute[];
  /** Attribute names holding subgraphs (If/Loop/Scan bodies); open one with `graph/openSubgraph`. */
  subgraphs: string[];
  /** Indices into GraphSkeleton.diagnostics. */
  diagnostics: number[];
  source?: GraphNodeSource;
}

export interface ProblemCounts {
  error: number;
  warning: number;
  info: number;
}

/** A name scope (`/encoder/layer.3`) or a split part of a scope with too many children. */
export interface GraphGroupInfo {
  id: number;
  /** -1 for the root. */
  parent: number;
  /** Last scope segment, or "part 2 of 5" for split parts. */
  label: string;
  /** Full scope path for display and search. */
  path: string;
  /** Nodes in the whole subtree. */
  nodeCount: number;
  problems: ProblemCounts;
  depth: number;
}

/** An edge among the children of one group: endpoints are child keys ("n12" node, "g3" group). */
export interface GraphEdge {
  from: string;
  to: string;
  /** First tensor on this connection, with its shape and dtype; `count` tensors are bundled when > 1. */
  tensor: string;
  shape?: string;
  dtype?: string;
  count: number;
}

/**
 * One group laid out (common/graph-drawing/layout.ts): `id` is the layout's structure key, positions are the top-left
 * corners of its items in request order, edges one polyline per request edge.
 */
export interface GraphLayout {
  id: string;
  width: number;
  height: number;
  positions: { x: number; y: number }[];
  edges: { x: number; y: number }[][];
  ms: number;
}

/** A tensor's type as the view shows it on ports and edges (absent: unknown). */
export interface TensorType {
  tensor: string;
  dtype?: string;
  shape?: string;
}

/** The content of one group: its direct nodes (full details), its child groups, the edges among them. */
export interface GraphGroupContent {
  graphId: string;
  groupId: number;
  nodes: GraphNode[];
  childGroups: number[];
  edges: GraphEdge[];
}

/** Everything the view needs before any group content: small even for 30k-node models. */
export interface GraphSkeleton {
  /** "main", or a subgraph path like "main/12:then_branch". */
  graphId: string;
  title: string;
  modelPath: string;
  nodeCount: number;
  groups: GraphGroupInfo[];
  /** Per node id: name, op type and group, for search, reveal and problem navigation without loading groups. */
  index: { names: string[]; ops: string[]; groupOf: number[] };
  diagnostics: GraphDiagnostic[];
  /** Groups to show expanded at first (chosen so the first view stays small). */
  initiallyExpanded: number[];
}

/**
 * The skeleton as `graph/skeleton` carries it (common/graph-drawing/skeleton-index.ts packs and unpacks it): most node
 * names start with their group's path (`/encoder/layer.3/attention` + `/MatMul`), which was half the message.
 */
export type PackedSkeleton = Omit<GraphSkeleton, 'index'> & {
  packedIndex: {
    /** Per node id: its name less its group's path, or the whole name for the ids in `whole`. */
    tails: string[];
    whole: number[];
    /** Op types, once each; `opOf` numbers them per node id. */
    opNames: string[];
    opOf: number[];
    groupOf: number[];
  };
};

/** An overlay colours nodes by a value: numeric (e.g. profile time share, 0..1) or a category (e.g. precision). */
export interface GraphOverlay {
  title: string;
  kind: 'numeric' | 'category';
  /** Node name -> value. */
  values: Record<string, number | string>;
}

export interface OpDocs {
  op: string;
  domain: string;
  summary: string;
  sinceVersion?: number;
}

/** Diff mode, one pane of the side-by-side diff: a model's own graph (graph id `side-a` / `side-b`). */
export interface SideBySidePane {
  label: string;
  skeleton: GraphSkeleton;
  /** The initially expanded groups' contents. */
  contents: GraphGroupContent[];
  /** [node id here, the same node's id in the overlaid graph]: its change details and weights. */
  overlay: [number, number][];
}

/** The two models side by side (host -> webview `graph/sideBySide`, answering the view's `graph/sideBySide`). */
export interface SideBySideInfo {
  a: SideBySidePane;
  b: SideBySidePane;
  /** Matched nodes (the diff's matching; graph inputs/outputs by name) as [id in A, id in B]. */
  pairs: [number, number][];
  /** Per entry of GraphDiffInfo.entries, in the same order: its node in A and in B (-1: none). */
  changes: [number, number][];
}

/** Host -> webview. */
export type GraphHostMessage =
  | {
      type: 'graph/skeleton';
      skeleton: PackedSkeleton;
      /** The initially expanded groups' contents, sent along: the first view needs no round trip. */
      contents?: GraphGroupContent[];
      /** Their layouts, made by the host (its code is warm, a fresh page's is not): the first view lays out nothing. */
      layouts?: GraphLayout[];
    }
  | { type: 'graph/groups'; contents: GraphGroupContent[] }
  /**
   * Types inferred after the skeleton was sent (shape inference runs once the view has its first screen): every
   * tensor of the graph whose dtype or shape differs from what the contents sent so far say (none: the stored types
   * were complete). Sent once per graph view; contents sent after it carry these types already.
   */
  | { type: 'graph/shapes'; graphId: string; tensors: TensorType[] }
  /** Select and centre `nodeName`; `together`: nodes selected with it (an engine layer fused from several nodes). */
  | { type: 'graph/reveal'; nodeName: string; together?: string[] }
  | { type: 'graph/overlay'; overlay: GraphOverlay | null }
  /** Diff mode: the graph shown is model B with A's removed nodes as ghosts (server/graph/diff-session.ts). */
  | { type: 'graph/diff'; diff: GraphDiffInfo }
  /** Diff mode: model A and model B as two graphs, with the matching (server/graph/side-by-side.ts). */
  | { type: 'graph/sideBySide'; panes: SideBySideInfo }
  | { type: 'graph/docs'; docs: OpDocs | null; op: string; domain: string }
  /** An engine view of this model is open (or closed): nodes offer "Reveal in engine". */
  | { type: 'graph/engineLinked'; linked: boolean }
  | { type: 'graph/error'; message: string };

/** Webview -> host (validated at runtime by server/graph/validate.ts). */
export type GraphViewMessage =
  | { type: 'graph/ready' }
  /** The first screen of the latest skeleton is painted: the host infers the types now (graph/shapes). */
  | { type: 'graph/painted' }
  /** Batched: expanding all of a big graph asks for thousands of groups at once. */
  | { type: 'graph/requestGroups'; graphId: string; groupIds: number[] }
  | { type: 'graph/openSubgraph'; graphId: string; nodeId: number; attribute: string }
  | { type: 'graph/requestDocs'; op: string; domain: string }
  | { type: 'graph/applyFix'; graphId: string; nodeName: string; ruleId: string; fixId: string }
  | { type: 'graph/export'; format: 'svg' | 'png'; data: string }
  /** Select the engine layers built from this node in the open engine view. */
  | { type: 'graph/revealInEngine'; nodeName: string }
  /** Open the node's Python source line in the editor: the host opens only the file it resolved for that node. */
  | { type: 'graph/openSource'; graphId: string; nodeId: number }
  /** Diff mode only: show A and B side by side (the host answers `graph/sideBySide`). */
  | { type: 'graph/sideBySide' };
