// Contract, model diff: what `modelready diff --json` prints and the language server's `modelready/diffModels`
// request returns (the diff, the findings that appear or disappear, and what the graph view needs to draw it over
// model B: the removed nodes of A as ghosts attached to B's tensors). Nothing here imports an implementation.
import { RequestType } from 'vscode-languageserver-protocol';
import type { Finding } from './findings';

/** How a node pair was made: same name, same structure on the same weights, same structure, matched producers. */
export type MatchMethod = 'name' | 'structure+weights' | 'structure' | 'topology';

export interface DiffNodeRef {
  node: string;
  op: string;
}

export interface NodeChange {
  a: string;
  b: string;
  op: string;
  matchedBy: MatchMethod;
  changes: string[];
}

export interface InitializerChange {
  a: string;
  b: string;
  changes: string[];
  maxAbsDiff?: number;
}

export interface ModelDiff {
  a: string;
  b: string;
  added: DiffNodeRef[];
  removed: DiffNodeRef[];
  changed: NodeChange[];
  matched: number;
  matchedBy: Record<MatchMethod, number>;
  /** Every node pair, with the pass that matched it. */
  matches: { a: string; b: string; by: MatchMethod }[];
  initializers: { changed: InitializerChange[]; added: string[]; removed: string[] };
  io: { changed: string[] };
  opsets: { a: Record<string, number>; b: Record<string, number>; changed: string[] };
  model: { changed: string[] };
}

export interface FindingChanges {
  new: Finding[];
  fixed: Finding[];
}

/**
 * A removed node of model A, to be drawn in B's graph: its inputs renamed to the B tensors they correspond to (the
 * output of the matched producer, the same graph input), other tensors kept apart with GHOST_TENSOR_SUFFIX.
 */
export interface GhostNode {
  name: string;
  op: string;
  domain: string;
  inputs: string[];
  outputs: string[];
}

export const GHOST_TENSOR_SUFFIX = ' (a)';

export type DiffStatus = 'added' | 'removed' | 'changed';

/** One change as the view lists it; `index` is a node of B (added, changed) or of the ghost list (removed). */
export interface DiffEntry {
  status: DiffStatus;
  index: number;
  name: string;
  op: string;
  /** A changed node's name in A, when it differs. */
  was?: string;
  matchedBy?: MatchMethod;
  /** Attributes and inputs before -> after; for a removed node its attributes as they were. */
  changes: string[];
}

export interface ModelDiffView {
  diff: ModelDiff;
  findings: FindingChanges;
  ghosts: GhostNode[];
  entries: DiffEntry[];
  /** Changed initializers with the nodes of B that read them (an initializer change is not a node change). */
  weights: { change: InitializerChange; readers: number[] }[];
  /** Every matched node pair as [node index in A, node index in B] (the side-by-side view links them). */
  pairs: [number, number][];
}

/** One side of a comparison: a file, or a revision's bytes (base64) standing for the file at `uri`. */
export interface DiffSide {
  uri: string;
  /** Base64 bytes of another revision of `uri` (the Git HEAD blob), handed over by the client. */
  bytes?: string;
  /** What the view calls this side ("model.onnx (HEAD)"). */
  label?: string;
}

/** Request `modelready/diffModels` (client -> server): the diff of two models, with what the view draws. */
export const DiffModelsRequest = new RequestType<DiffModelsParams, DiffModelsResult, void>('modelready/diffModels');
export interface DiffModelsParams {
  a: DiffSide;
  b: DiffSide;
}
export type DiffModelsResult = { ok: true; view: ModelDiffView } | { ok: false; message: string };

/** The diff as the graph view gets it (host -> webview `graph/diff`): entries point at view node ids. */
export interface GraphDiffInfo {
  a: string;
  b: string;
  entries: (Omit<DiffEntry, 'index'> & { node: number })[];
  /** Changed initializers, each with the view ids of the nodes that read it. */
  weights: (InitializerChange & { readers: number[] })[];
  /** Graph inputs/outputs, opsets, IR version, producer. */
  model: string[];
  findings: { new: string[]; fixed: string[] };
}
