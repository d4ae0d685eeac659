// The one typed contract for custom LSP requests/notifications and webview messages (types only, so the
// extension, the server and the webview can all import it). Each area appends its own section.

// ---------------------------------------------------------------------------------------------------------------
// Profiling (trtexec on a remote GPU host over SSH; see ARCHITECTURE.md "Profiling")
// ---------------------------------------------------------------------------------------------------------------
import type { ImportedRun } from './profiling/importResults';
import type { ProfileChoices, ProfilePhase } from './profiling/remoteProfile';

/** A profiling host as configured in `.modelready.json` / settings. Passwords are deliberately not a field. */
export interface ProfileHostConfig {
  name: string;
  host: string;
  port?: number;
  user: string;
  /** Private key file; without it the SSH agent is used. */
  identityFile?: string;
  trtexecPath?: string;
  /** Remote folder for uploaded models, runs and the timing cache. */
  workDir?: string;
}

/** Request `modelready/profile/start` (client -> server): starts a run, answers at once with its id. */
export type ProfileStartMethod = 'modelready/profile/start';
export interface ProfileStartParams {
  /** URI of the .onnx model; its external-data files are found by the server. */
  modelUri: string;
  host: ProfileHostConfig;
  choices: ProfileChoices;
}
export interface ProfileStartResult {
  runId: string;
}

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
export type ProfileFailureKind = 'host-key-unknown' | 'host-key-changed' | 'host-key-revoked' | 'auth' | 'connection-lost' | 'cancelled' | 'trtexec-failed' | 'bad-options' | 'other';

/** Notification `modelready/profile/result` (server -> client): exactly one per run, success or failure. */
export type ProfileResultMethod = 'modelready/profile/result';
export type ProfileResultParams =
  | {
      runId: string;
      ok: true;
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
  /** Base64 of the SSH wire-format key, as sent in the failed result. */
  hostKey: string;
}

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
  /** Analyses queued or running. */
  pending: number;
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
