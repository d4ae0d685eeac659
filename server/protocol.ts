// The one typed contract for custom LSP requests/notifications and webview messages: types, plus method-name
// constants with no imports behind them, so the extension, the server and the webview can all import it. Each area
// appends its own section.

// ---------------------------------------------------------------------------------------------------------------
// Profiling (trtexec on a remote GPU host over SSH; see ARCHITECTURE.md "Profiling")
// ---------------------------------------------------------------------------------------------------------------
import type { ImportedRun } from './profiling/import-results';
import type { ProfileChoices, ProfilePhase } from './profiling/remote-run';
import type { RunComparison, StoredRun } from './profiling/run-store';
import type { OrtLocalResult, OrtShapeRun } from './profiling/ort-local';
import type { ShapeRange } from './profiling/trtexec-command';

/**
 * A profiling host as configured in `.modelready.json` `hosts` / setting `modelready.hosts` (keyed by name).
 * Passwords are deliberately not a field: key file or SSH agent only. `local: true` means trtexec on the machine the
 * language server runs on (then host/user are not used).
 */
export interface ProfileHostConfig {
  name: string;
  local?: boolean;
  host?: string;
  port?: number;
  user?: string;
  /** Private key file; without it the SSH agent is used. */
  identityFile?: string;
  /** known_hosts to check the host key against; default ~/.ssh/known_hosts. */
  knownHostsFile?: string;
  trtexecPath?: string;
  /** Run trtexec in this image with `docker run --rm --gpus all`, pinned by tag (not "latest") or digest. */
  containerImage?: string;
  /** Folder for uploaded models, runs and the timing cache. */
  workDir?: string;
}

/**
 * `initializationOptions.profiling` (client -> server at start). Remote runs and model execution follow
 * `initializationOptions.workspaceTrusted` (see the language server section).
 */
export interface ProfilingInitOptions {
  /** Where runs are kept per model (VS Code: the extension's workspace storage); default ~/.cache/modelready. */
  storageDir?: string;
}

/** Request `modelready/profile/start` (client -> server): starts a run, answers at once with its id. */
export type ProfileStartMethod = 'modelready/profile/start';
export interface ProfileStartParams {
  /** URI of the .onnx model; its external-data files are found by the server. */
  modelUri: string;
  host: ProfileHostConfig;
  /** Without `shapes`, the model's first profile in `.modelready.json` is used. */
  choices: ProfileChoices;
}
/** Refusals (untrusted workspace, not an .onnx file, bad host entry) come back here; everything else as a result. */
export type ProfileStartResult = { ok: true; runId: string } | { ok: false; message: string };

/** Notification `modelready/profile/progress` (server -> client): phase changes, upload progress and log lines. */
export type ProfileProgressMethod = 'modelready/profile/progress';
export interface ProfileProgressParams {
  runId: string;
  phase: ProfilePhase;
  uploadedBytes?: number;
  totalBytes?: number;
  /** New trtexec log lines since the last notification (batched). */
  logLines?: string[];
}

/** Request `modelready/profile/cancel` (client -> server): stops the run and kills the remote process group. */
export type ProfileCancelMethod = 'modelready/profile/cancel';
export interface ProfileCancelParams {
  runId: string;
}

/** Why a run failed; `host-key-*` carry what the user needs to accept or investigate the host key. */
export type ProfileFailureKind =
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'host-key-revoked'
  | 'auth'
  | 'connection-lost'
  | 'cancelled'
  | 'trtexec-failed'
  | 'bad-options'
  | 'other';

/** Notification `modelready/profile/result` (server -> client): exactly one per run, success or failure. */
export type ProfileResultMethod = 'modelready/profile/result';
export type ProfileResultParams =
  | {
      runId: string;
      ok: true;
      /** Id in the run store (`modelready/runs/*`). */
      storedRunId: string;
      run: ImportedRun;
      trtexecArgs: string[];
      tensorrtVersion?: string;
      bytesUploaded: number;
      timingsMs: Record<string, number>;
    }
  | {
      runId: string;
      ok: false;
      kind: ProfileFailureKind;
      message: string;
      /** For host-key failures: "SHA256:…" and the key (base64) to record if the user accepts it. */
      fingerprint?: string;
      hostKey?: string;
    };

/** Request `modelready/profile/acceptHostKey` (client -> server): records an accepted key in known_hosts (hashed). */
export type ProfileAcceptHostKeyMethod = 'modelready/profile/acceptHostKey';
export interface ProfileAcceptHostKeyParams {
  host: string;
  port: number;
  /** Base64 of the SSH wire-format key, as sent in the failed result (only a key the server was shown is accepted). */
  hostKey: string;
  knownHostsFile?: string;
}
export type ProfileAcceptHostKeyResult = { ok: true } | { ok: false; message: string };

/** Request `modelready/profile/hosts` (client -> server): hosts of `.modelready.json` plus `~/.ssh/config` suggestions. */
export type ProfileHostsMethod = 'modelready/profile/hosts';
export interface ProfileHostsParams {
  /** A file in the workspace; its nearest `.modelready.json` is read. */
  uri: string;
  /** The `modelready.hosts` setting as the client has it (checked like the file's entries). */
  settingsHosts?: unknown;
}
export interface ProfileHostsResult {
  configured: ProfileHostConfig[];
  /** Concrete `Host` aliases of ~/.ssh/config (not yet configured), offered as suggestions. */
  sshConfigSuggestions: ProfileHostConfig[];
  /** Problems of the `hosts` entries, naming the file. */
  problems: string[];
}

/** What produced a stored run: trtexec (local, SSH or container host) or "Run with ONNX Runtime (local)". */
export type RunEngine = 'trtexec' | 'onnxruntime';

/** What an ONNX Runtime run adds to its stored run: the provider and the min/opt/max shape runs (the smoke test). */
export interface OrtRunDetails {
  provider: 'cpu';
  shapeRuns: OrtShapeRun[];
  /** Inputs whose symbolic dimensions had no profile entry and were run with 1. */
  assumedOne: string[];
}

/** A stored run as the run list shows it. */
export interface StoredRunInfo {
  id: string;
  engine: RunEngine;
  label: string;
  finishedAt: string;
  latencyMedianMs?: number;
  throughputQps?: number;
}

/** Request `modelready/runs/list` (client -> server): runs kept for a model, newest first. */
export type RunsListMethod = 'modelready/runs/list';
export interface RunsListParams {
  modelUri: string;
}
export interface RunsListResult {
  runs: StoredRunInfo[];
}

/** Request `modelready/runs/get`: one stored run with its graph overlay (node time shares). */
export type RunsGetMethod = 'modelready/runs/get';
export interface RunsGetParams {
  modelUri: string;
  runId: string;
}
export type RunsGetResult = { ok: true; run: StoredRun; overlay: GraphOverlay } | { ok: false; message: string };

/** Request `modelready/runs/compare`: two stored runs side by side (e.g. FP16 vs FP32, before/after a fix). */
export type RunsCompareMethod = 'modelready/runs/compare';
export interface RunsCompareParams {
  modelUri: string;
  baseId: string;
  otherId: string;
}
export type RunsCompareResult =
  { ok: true; base: StoredRun; other: StoredRun; comparison: RunComparison } | { ok: false; message: string };

/**
 * Request `modelready/ort/runLocal` (client -> server): "Run with ONNX Runtime (local)". Runs the model at its
 * profile's min/opt/max (from `.modelready.json` unless `profile` is given); failures are published as `ort/run-failed`
 * diagnostics on the .onnx file (and cleared by the next clean run); per-node times come with an overlay. The run is
 * kept in the run store (`engine: 'onnxruntime'`) like a trtexec run, so it can be listed, reopened and compared.
 */
export type OrtRunLocalMethod = 'modelready/ort/runLocal';
export interface OrtRunLocalParams {
  modelUri: string;
  profile?: Record<string, ShapeRange>;
  iterations?: number;
}
export type OrtRunLocalResult =
  { ok: true; result: OrtLocalResult; overlay: GraphOverlay; storedRunId: string } | { ok: false; message: string };

/** The profiling methods' names, written once for the client (extension/profiling.ts) and the server (server/lsp/profiling.ts). */
export const PROFILING_METHODS = {
  start: 'modelready/profile/start' satisfies ProfileStartMethod,
  cancel: 'modelready/profile/cancel' satisfies ProfileCancelMethod,
  progress: 'modelready/profile/progress' satisfies ProfileProgressMethod,
  result: 'modelready/profile/result' satisfies ProfileResultMethod,
  acceptHostKey: 'modelready/profile/acceptHostKey' satisfies ProfileAcceptHostKeyMethod,
  hosts: 'modelready/profile/hosts' satisfies ProfileHostsMethod,
  runsList: 'modelready/runs/list' satisfies RunsListMethod,
  runsGet: 'modelready/runs/get' satisfies RunsGetMethod,
  runsCompare: 'modelready/runs/compare' satisfies RunsCompareMethod,
  ortRunLocal: 'modelready/ort/runLocal' satisfies OrtRunLocalMethod,
} as const;

/**
 * Results view (webview <-> extension host): one stored run (summary, latency histogram, per-layer table, top
 * layers) or two side by side. Every message from the view is checked by server/profiling/results-validate.ts.
 */
export type ResultsHostMessage =
  /** `runs`: the model's other runs, offered for "Compare with…". */
  | { type: 'results/show'; run: StoredRun; runs: StoredRunInfo[] }
  | { type: 'results/compare'; base: StoredRun; other: StoredRun; comparison: RunComparison; runs: StoredRunInfo[] }
  | { type: 'results/error'; message: string };

/** View -> host. `showOnGraph` sends the run's node time shares to the graph view as a `graph/overlay`. */
export type ResultsViewMessage =
  | { type: 'results/ready' }
  | { type: 'results/showOnGraph'; runId: string }
  | { type: 'results/open'; runId: string }
  | { type: 'results/compare'; baseId: string; otherId: string };

// ---------------------------------------------------------------------------------------------------------------
// Triton config.pbtxt (see ARCHITECTURE.md "Triton config support")
// ---------------------------------------------------------------------------------------------------------------

/** Settings under `triton.*` the language server passes to the Triton checks (server/triton ValidateOptions). */
export interface TritonSettings {
  /** Mirror tritonserver's auto-complete (on unless started with --disable-auto-complete-config). Default true. */
  autoCompleteConfig: boolean;
  /** Backends installed on the target server besides Triton's standard ones. */
  extraBackends: string[];
  /** GPUs of the target machine, when known (checks instance_group gpu ids). */
  gpuCount?: number;
}

/** "Generate config.pbtxt from model": writes `<modelDir>/config.pbtxt` (never overwrites one). */
export type TritonGenerateConfigMethod = 'modelready/triton/generateConfig';
export interface TritonGenerateConfigParams {
  /** Model folder holding numeric version folders with model.onnx. */
  modelDir: string;
}
export type TritonGenerateConfigResult = { ok: true; configPath: string } | { ok: false; message: string };
// Language server (workspace readiness, model summaries, commands; see ARCHITECTURE.md "Language server and extension")
// ---------------------------------------------------------------------------------------------------------------
import type { Finding } from './findings';
import type { ModelSummary } from './onnx/summary';

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
}

/** Notification `modelready/visibleFiles` (client -> server): the files now visible in editors (text or graph). */
export type VisibleFilesMethod = 'modelready/visibleFiles';
export interface VisibleFilesParams {
  uris: string[];
}

/** Request `modelready/serverStats` (client -> server), no params: the server's own health, for benchmarks. */
export type ServerStatsMethod = 'modelready/serverStats';
export interface ServerStats {
  /** Longest event-loop delay since the last `reset` (perf_hooks.monitorEventLoopDelay), in ms. */
  eventLoopDelayMaxMs: number;
  eventLoopDelayP99Ms: number;
  rssBytes: number;
  /** Peak resident set size of the process (workers included), in bytes. */
  peakRssBytes: number;
  heapUsedBytes: number;
}
export interface ServerStatsParams {
  /** Start a new measuring window after answering. */
  reset?: boolean;
}

/** Request `modelready/readiness` (client -> server), no params. */
export type ReadinessMethod = 'modelready/readiness';
/** Notification `modelready/readinessChanged` (server -> client): sent after analyses finish (coalesced). */
export type ReadinessChangedMethod = 'modelready/readinessChanged';

/** Request `modelready/modelSummary` (client -> server): the `modelready inspect` summary of one .onnx file. */
export type ModelSummaryMethod = 'modelready/modelSummary';
export interface ModelSummaryParams {
  uri: string;
}
export type ModelSummaryResult = { ok: true; summary: ModelSummary } | { ok: false; message: string };

/** Request `modelready/findings` (client -> server): the findings of one file as analyzed (graph view markers). */
export type FindingsMethod = 'modelready/findings';
export interface FindingsParams {
  uri: string;
}
export interface FindingsResult {
  findings: Finding[];
}

/** `workspace/executeCommand` command: re-index and analyze the whole workspace; no arguments; returns `Readiness`. */
export type CheckWorkspaceCommand = 'modelready.server.checkWorkspace';
/** `workspace/executeCommand` command: writes `<model folder>/config.pbtxt` from its newest `<version>/model.onnx`.
 * Argument: `GenerateConfigParams` (`uri` of the model folder, of a file inside it, or of the .onnx); returns `GenerateConfigResult`. */
export type GenerateTritonConfigCommand = 'modelready.server.generateTritonConfig';
export interface GenerateConfigParams {
  uri: string;
}
export type GenerateConfigResult = { ok: true; uri: string } | { ok: false; message: string };

/** `data` of every published diagnostic: lets code actions and the graph view find the finding again. */
export interface DiagnosticData {
  ruleId: string;
  node?: string;
  fixes?: { id: string; title: string }[];
}
// Graph view (webview <-> extension host; see ARCHITECTURE.md "Graph view")
// The host builds a GraphModel from the ONNX reader and the findings, sends the skeleton (groups, a name/op index,
// the problems) at once, and each group's content (nodes with details, edges among its children) on demand.
// Every message from the webview is checked at runtime by server/graph/validate.ts before the host acts on it.
// ---------------------------------------------------------------------------------------------------------------
import type { Severity } from './findings';

/** One tensor at a node's input or output. Initializers are inputs with `initializer: true` (not drawn as nodes). */
export interface GraphPort {
  tensor: string;
  dtype?: string;
  /** Dims joined for display, e.g. "1×3×224×224" ("?" for unknown); undefined when the model declares no shape. */
  shape?: string;
  initializer?: boolean;
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
}

export type GraphNodeKind = 'op' | 'input' | 'output';

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

/** Host -> webview. */
export type GraphHostMessage =
  | { type: 'graph/skeleton'; skeleton: GraphSkeleton }
  | { type: 'graph/groups'; contents: GraphGroupContent[] }
  | { type: 'graph/reveal'; nodeName: string }
  | { type: 'graph/overlay'; overlay: GraphOverlay | null }
  | { type: 'graph/docs'; docs: OpDocs | null; op: string; domain: string }
  | { type: 'graph/error'; message: string };

/** Webview -> host (validated at runtime by server/graph/validate.ts). */
export type GraphViewMessage =
  | { type: 'graph/ready' }
  /** Batched: expanding all of a big graph asks for thousands of groups at once. */
  | { type: 'graph/requestGroups'; graphId: string; groupIds: number[] }
  | { type: 'graph/openSubgraph'; graphId: string; nodeId: number; attribute: string }
  | { type: 'graph/requestDocs'; op: string; domain: string }
  | { type: 'graph/applyFix'; graphId: string; nodeName: string; ruleId: string; fixId: string }
  | { type: 'graph/export'; format: 'svg' | 'png'; data: string };
// ---------------------------------------------------------------------------------------------------------------
// VS Code client <-> language server (see ARCHITECTURE.md "VS Code extension")
// ---------------------------------------------------------------------------------------------------------------
import type { RuleSetting } from './config/config';

/** Editor settings the server honours. `.modelready.json` wins over `modelready.*`: settings are the user's defaults. */
export interface ModelReadySettings {
  triton?: Partial<TritonSettings>;
  modelready?: {
    target?: { tensorrt?: string };
    rules?: Record<string, RuleSetting>;
    /** Ranges the profile proposal starts from (`modelready.profiles.batch/sequence/other`). */
    profiles?: Partial<ProposalSettings>;
  };
}

/** `initializationOptions` of `initialize`. Other editors may send nothing: they have no workspace-trust concept. */
export interface ModelReadyInitializationOptions {
  /** VS Code workspace trust. False: only static analysis; the server refuses to execute models or run remote jobs. */
  workspaceTrusted?: boolean;
  settings?: ModelReadySettings;
  profiling?: ProfilingInitOptions;
  /** A single file's analysis running longer than this shows work-done progress (default 500 ms; 0: always). */
  progressAfterMs?: number;
  /** URIs of the files visible in editors at start: analyzed right after the open ones, before the workspace. */
  visibleUris?: string[];
}

/** `workspace/executeCommand` command: converts a model to another default-domain opset, written beside it as
 * `<model>.opsetN.onnx` (the original is never touched). Argument `ConvertOpsetParams`; returns `ConvertOpsetResult`. */
export type ConvertOpsetCommand = 'modelready.server.convertOpset';
export interface ConvertOpsetParams {
  uri: string;
  opset: number;
}
export type ConvertOpsetResult = { ok: true; uri: string; summary: string } | { ok: false; message: string };

/** `workspace/executeCommand` command: applies a model fix a finding offers (`DiagnosticData.fixes[].id`, e.g.
 * `simplify.removeIdentity`), writing a new model beside the original. Argument `ApplyModelFixParams`. */
export type ApplyModelFixCommand = 'modelready.server.applyModelFix';
export interface ApplyModelFixParams {
  uri: string;
  fixId: string;
}
export type ApplyModelFixResult = { ok: true; uri: string; summary: string } | { ok: false; message: string };
// ---------------------------------------------------------------------------------------------------------------
// Dynamic-shape optimization profiles (see ARCHITECTURE.md "Quick fixes that rewrite files": profiles)
// The form (webview/profiles) talks to the extension with ProfilesViewMessage/ProfilesHostMessage; the extension
// checks every message with server/shape-profiles/form-messages.ts and forwards it to the server's
// `modelready.server.editProfiles` command, which reads/writes `.modelready.json` and computes flags and stanzas.
// ---------------------------------------------------------------------------------------------------------------
import type { Profile } from './config/config';
import type { DynamicDim, ModelInputShape, ProfileStrategy, ProposalSettings } from './shape-profiles/profiles';
import type { TritonProfileBackend } from './shape-profiles/triton-stanza';

/** What a set of profiles turns into; a part that cannot be produced (e.g. a name trtexec cannot address) is in `errors`. */
export interface ProfileOutputs {
  /** `--minShapes=… --optShapes=… --maxShapes=…` (with `--profile=N` for several), one argv entry each. */
  trtexecArgs?: string[];
  /** The same as one POSIX shell line (quoted), ready to paste after `trtexec --onnx=model.onnx`. */
  trtexecShell?: string;
  tritonTensorrt?: string;
  tritonOnnxruntime?: string;
  errors: string[];
}

export interface ProfilesView {
  modelUri: string;
  /** Key under `profiles` in .modelready.json (model path relative to that file's folder). */
  modelKey: string;
  /** The .modelready.json the profiles are read from and saved to (created on save when missing). */
  configFile: string;
  inputs: ModelInputShape[];
  dims: DynamicDim[];
  /** Profiles saved in .modelready.json for this model (empty when none). */
  saved: Profile[];
  /** Proposal for the requested strategies (the saved profiles are not changed by it). */
  proposal: Profile[];
  strategies: ProfileStrategy[];
  settings: ProposalSettings;
  /** Outputs for the saved profiles, or for the proposal when nothing is saved. */
  outputs: ProfileOutputs;
  /** Problems `shape/profile-invalid` / `shape/dynamic-input-needs-profile` find in the shown profiles. */
  problems: string[];
  notes: string[];
  /** The Triton config.pbtxt of the model folder (`<model>/<version>/model.onnx` layout), when there is one. */
  tritonConfigUri?: string;
  tritonBackend?: TritonProfileBackend;
}

/** `workspace/executeCommand` command for the form and the quick fix; one argument `EditProfilesParams`. */
export type EditProfilesCommand = 'modelready.server.editProfiles';
export type EditProfilesParams =
  /** Read saved profiles and a proposal (strategies/settings as given, else defaults). */
  | { action: 'get'; modelUri: string; strategies?: ProfileStrategy[]; settings?: Partial<ProposalSettings> }
  /** Check edited profiles and compute their outputs without saving. */
  | { action: 'preview'; modelUri: string; profiles: Profile[] }
  /** Write profiles to .modelready.json (refused with the problems when the profile rules reject them). */
  | { action: 'save'; modelUri: string; profiles: Profile[] }
  /** The quick fix: save the default proposal. */
  | { action: 'saveProposal'; modelUri: string }
  /** Apply the stanza to the model folder's config.pbtxt through the editor (workspace/applyEdit: undoable). */
  | { action: 'applyToConfig'; modelUri: string; profiles: Profile[]; backend?: TritonProfileBackend };
export type EditProfilesResult = { ok: true; view: ProfilesView } | { ok: false; message: string; problems?: string[] };

/** Webview -> extension (validated by server/shape-profiles/form-messages.ts before anything is done). */
export type ProfilesViewMessage =
  | { type: 'profiles/ready' }
  | { type: 'profiles/propose'; strategies: ProfileStrategy[]; settings?: Partial<ProposalSettings> }
  | { type: 'profiles/preview'; profiles: Profile[] }
  | { type: 'profiles/save'; profiles: Profile[] }
  | { type: 'profiles/applyToConfig'; profiles: Profile[]; backend: TritonProfileBackend };

/** Extension -> webview. */
export type ProfilesHostMessage =
  | { type: 'profiles/view'; view: ProfilesView }
  /** Result of preview/save/apply: the view again, plus what happened. */
  | { type: 'profiles/result'; view: ProfilesView; message: string }
  | { type: 'profiles/error'; message: string; problems?: string[] };

// ---------------------------------------------------------------------------------------------------------------
// The language server's method and `workspace/executeCommand` names, written once for client and server
// (the profiling ones are PROFILING_METHODS above).
// ---------------------------------------------------------------------------------------------------------------
export const SERVER_METHODS = {
  readiness: 'modelready/readiness' satisfies ReadinessMethod,
  readinessChanged: 'modelready/readinessChanged' satisfies ReadinessChangedMethod,
  modelSummary: 'modelready/modelSummary' satisfies ModelSummaryMethod,
  findings: 'modelready/findings' satisfies FindingsMethod,
  visibleFiles: 'modelready/visibleFiles' satisfies VisibleFilesMethod,
  serverStats: 'modelready/serverStats' satisfies ServerStatsMethod,
} as const;

export const SERVER_COMMANDS = {
  checkWorkspace: 'modelready.server.checkWorkspace' satisfies CheckWorkspaceCommand,
  generateTritonConfig: 'modelready.server.generateTritonConfig' satisfies GenerateTritonConfigCommand,
  convertOpset: 'modelready.server.convertOpset' satisfies ConvertOpsetCommand,
  applyModelFix: 'modelready.server.applyModelFix' satisfies ApplyModelFixCommand,
  editProfiles: 'modelready.server.editProfiles' satisfies EditProfilesCommand,
} as const;
