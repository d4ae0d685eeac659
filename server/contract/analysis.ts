// Contract, analysis area: model summaries (`modelready inspect`), the findings of a file, workspace readiness (status
// bar) and the `data` every published diagnostic carries. Each custom LSP message is declared once, typed, for the
// client (extension/) and the server (server/lsp); nothing here imports an implementation.
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { Finding } from './findings';

/** A dimension: a size, a symbolic name (`dim_param`), or null when unknown. */
export type Dim = number | string | null;

export interface TensorSummary {
  name: string;
  elemType: string;
  shape: Dim[] | null;
  /** Set on graph inputs that are also initializers (IR < 4 models list them as inputs). */
  isInitializer?: boolean;
}

export interface ModelSummary {
  path: string;
  irVersion: number | null;
  producer: { name: string; version: string };
  opsetImports: { domain: string; version: number }[];
  graph: { nodeCount: number; initializerCount: number; inputs: TensorSummary[]; outputs: TensorSummary[] };
  opCounts: Record<string, number>;
  externalData: { location: string; bytes: number; exists: boolean }[];
}

/** Counts over every analyzed file of the workspace (the status bar item shows them). */
export interface Readiness {
  errors: number;
  warnings: number;
  infos: number;
  /** Files with a finished analysis. */
  analyzedFiles: number;
  /** Files known to the index (models and Triton configs). */
  indexedFiles: number;
  /** Files whose analysis is queued or running. */
  pending: number;
  /** The first workspace folder's resolved deployment target in one line (see `modelready target`). */
  target?: string;
}

/** Request `modelready/readiness` (client -> server), no params. */
export const ReadinessRequest = new RequestType0<Readiness, void>('modelready/readiness');
/** Notification `modelready/readinessChanged` (server -> client): sent after analyses finish (coalesced). */
export const ReadinessChangedNotification = new NotificationType<Readiness>('modelready/readinessChanged');

/** Request `modelready/modelSummary` (client -> server): the `modelready inspect` summary of one .onnx file. */
export const ModelSummaryRequest = new RequestType<ModelSummaryParams, ModelSummaryResult, void>(
  'modelready/modelSummary',
);
export interface ModelSummaryParams {
  uri: string;
}
export type ModelSummaryResult = { ok: true; summary: ModelSummary } | { ok: false; message: string };

/**
 * Request `modelready/opsetTargets` (client -> server): the opsets "Convert opset" offers for one .onnx file, from a
 * dry run of the converter (nothing written): each reachable, or not with the converter's reason.
 */
export const OpsetTargetsRequest = new RequestType<OpsetTargetsParams, OpsetTargetsResult, void>(
  'modelready/opsetTargets',
);
export interface OpsetTargetsParams {
  uri: string;
}
export type OpsetTarget =
  /** `changes`: how many nodes the conversion rewrites. */
  | { opset: number; reachable: true; changes: number }
  /** `reason`: the first node the converter refuses on the way, and why. */
  | { opset: number; reachable: false; reason: string };
/** `targets`: newest first, the model's own opset left out. */
export type OpsetTargetsResult = { ok: true; current: number; targets: OpsetTarget[] } | { ok: false; message: string };

/** Request `modelready/findings` (client -> server): the findings of one file as analyzed (graph view markers). */
export const FindingsRequest = new RequestType<FindingsParams, FindingsResult, void>('modelready/findings');
export interface FindingsParams {
  uri: string;
}
export interface FindingsResult {
  findings: Finding[];
}

/** `data` of every published diagnostic: lets code actions and the graph view find the finding again. */
export interface DiagnosticData {
  ruleId: string;
  node?: string;
  fixes?: { id: string; title: string }[];
}

/** Notification `modelready/visibleFiles` (client -> server): the files now visible in editors (text or graph), which
 * the server analyzes right after the open ones. */
export const VisibleFilesNotification = new NotificationType<VisibleFilesParams>('modelready/visibleFiles');
export interface VisibleFilesParams {
  uris: string[];
}

/** Request `modelready/serverStats` (client -> server): the server's own health, for benchmarks and soak tests. */
export const ServerStatsRequest = new RequestType<ServerStatsParams, ServerStats, void>('modelready/serverStats');
export interface ServerStatsParams {
  /** Start a new measuring window after answering. */
  reset?: boolean;
}
export interface ServerStats {
  /** Longest event-loop delay in the window (perf_hooks.monitorEventLoopDelay, 10 ms resolution included), in ms. */
  eventLoopDelayMaxMs: number;
  eventLoopDelayP99Ms: number;
  rssBytes: number;
  /** Peak resident set size of the process (workers included), in bytes. */
  peakRssBytes: number;
  heapUsedBytes: number;
}
