// Contract, profiling (trtexec on a remote GPU host over SSH, or ONNX Runtime locally; see ARCHITECTURE.md
// "Profiling"): hosts, run choices, the profile/runs/ort LSP messages.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { GraphOverlay } from './graph-view';
import type { OrtLocalResult, RunComparison, StoredRun, StoredRunInfo } from './runs';
import type { ShapeRange } from './shape-profiles';
import type { ImportedRun } from './trtexec-results';

/**
 * A profiling host as configured in `.modelready.json` `hosts` / setting `modelready.hosts` (keyed by name).
 * Passwords are deliberately not a field: key file or SSH agent only. `local: true` means trtexec on the machine the
 * language server runs on (then host/user are not used).
 */
export interface ProfileHostConfig {
  name: string;
  /** `slurm`: `host` is the cluster's login node; trtexec runs as a batch job (options in `slurm`). Default `ssh`. */
  kind?: 'ssh' | 'slurm';
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
  /** Folder for uploaded models, runs and the timing cache (on a Slurm host: on the shared file system). */
  workDir?: string;
  /** `kind: slurm` only: where and how the batch job runs. */
  slurm?: SlurmHostOptions;
}

/** A Slurm host's job options; `containerImage` then runs under pyxis (`srun --container-image`) or apptainer. */
export interface SlurmHostOptions {
  partition?: string;
  /** GPU type for `--gres=gpu:<type>:<gpus>`; `gpus: 0` leaves GRES out (CPU-only partitions). */
  gpuType?: string;
  gpus?: number;
  account?: string;
  /** Slurm time limit, e.g. "30" (minutes) or "1:00:00". */
  timeLimit?: string;
  containerRuntime?: 'pyxis' | 'apptainer';
}

/**
 * `initializationOptions.profiling` (client -> server at start). Remote runs and model execution follow
 * `initializationOptions.workspaceTrusted` (see the language server section).
 */
export interface ProfilingInitOptions {
  /** Where runs are kept per model (VS Code: `modelready.profiling.runStore`); default as the CLI's (defaultRunStoreDir). */
  storageDir?: string;
}

/** Request `modelready/profile/start` (client -> server): starts a run, answers at once with its id. */
export const ProfileStartRequest = new RequestType<ProfileStartParams, ProfileStartResult, void>(
  'modelready/profile/start',
);
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
export const ProfileProgressNotification = new NotificationType<ProfileProgressParams>('modelready/profile/progress');
export interface ProfileProgressParams {
  runId: string;
  phase: ProfilePhase;
  uploadedBytes?: number;
  totalBytes?: number;
  /** New trtexec log lines since the last notification (batched). */
  logLines?: string[];
}

/** Request `modelready/profile/cancel` (client -> server): stops the run and kills the remote process group. */
export const ProfileCancelRequest = new RequestType<ProfileCancelParams, ProfileCancelResult, void>(
  'modelready/profile/cancel',
);
export interface ProfileCancelParams {
  runId: string;
}
/** `cancelled: false` when no run of that id was running. */
export interface ProfileCancelResult {
  cancelled: boolean;
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
export const ProfileResultNotification = new NotificationType<ProfileResultParams>('modelready/profile/result');
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
      /** Runs on a Slurm host: the batch job, the node it ran on and how long it queued. */
      slurm?: { jobId: string; node?: string; queueWaitS?: number };
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
export const ProfileAcceptHostKeyRequest = new RequestType<
  ProfileAcceptHostKeyParams,
  ProfileAcceptHostKeyResult,
  void
>('modelready/profile/acceptHostKey');
export interface ProfileAcceptHostKeyParams {
  host: string;
  port: number;
  /** Base64 of the SSH wire-format key, as sent in the failed result (only a key the server was shown is accepted). */
  hostKey: string;
  knownHostsFile?: string;
}
export type ProfileAcceptHostKeyResult = { ok: true } | { ok: false; message: string };

/** Request `modelready/profile/hosts` (client -> server): hosts of `.modelready.json` plus `~/.ssh/config` suggestions. */
export const ProfileHostsRequest = new RequestType<ProfileHostsParams, ProfileHostsResult, void>(
  'modelready/profile/hosts',
);
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

/**
 * Request `modelready/prerequisites` (client -> server): whether a profiling or ONNX Runtime command can run, asked
 * before the model picker. When not ready, `message` says what is missing and `actions` how to fix it (buttons).
 */
export const PrerequisitesRequest = new RequestType<PrerequisitesParams, PrerequisitesResult, void>(
  'modelready/prerequisites',
);
export interface PrerequisitesParams {
  command: 'profileRemote' | 'runOrtLocal';
  /** A file or folder in the workspace (the model when known): its nearest `.modelready.json` has the hosts. */
  uri: string;
  /** The `modelready.hosts` setting as the client has it. */
  settingsHosts?: unknown;
}
export type PrerequisiteAction =
  /** Opens where hosts are configured. */
  | { kind: 'add-host'; title: string }
  /** Adds a `local: true` host running this trtexec to the `modelready.hosts` setting. */
  | { kind: 'use-local-trtexec'; title: string; trtexecPath: string }
  /** Runs the command in a terminal the user sees. */
  | { kind: 'install-ort'; title: string; command: string }
  | { kind: 'copy-command'; title: string; text: string };
export type PrerequisitesResult = { ready: true } | { ready: false; message: string; actions: PrerequisiteAction[] };

/** Request `modelready/runs/list` (client -> server): runs kept for a model, newest first. */
export const RunsListRequest = new RequestType<RunsListParams, RunsListResult, void>('modelready/runs/list');
export interface RunsListParams {
  modelUri: string;
  /** Also list the stored runs of every other model (other exports), after this model's own. */
  otherModels?: boolean;
}
export interface RunsListResult {
  runs: StoredRunInfo[];
}

/** Request `modelready/runs/get`: one stored run with its graph overlay (node time shares). */
export const RunsGetRequest = new RequestType<RunsGetParams, RunsGetResult, void>('modelready/runs/get');
export interface RunsGetParams {
  modelUri: string;
  runId: string;
}
export type RunsGetResult = { ok: true; run: StoredRun; overlay: GraphOverlay } | { ok: false; message: string };

/** Request `modelready/runs/compare`: two stored runs side by side (e.g. FP16 vs FP32, before/after a fix). */
export const RunsCompareRequest = new RequestType<RunsCompareParams, RunsCompareResult, void>(
  'modelready/runs/compare',
);
export interface RunsCompareParams {
  modelUri: string;
  baseId: string;
  otherId: string;
  /** The other run's model when it is another export (another file) of the model; default: `modelUri`. */
  otherModelUri?: string;
}
export type RunsCompareResult =
  { ok: true; base: StoredRun; other: StoredRun; comparison: RunComparison } | { ok: false; message: string };

/**
 * Request `modelready/ort/runLocal` (client -> server): "Run with ONNX Runtime (local)". Runs the model at its
 * profile's min/opt/max (from `.modelready.json` unless `profile` is given); failures are published as `ort/run-failed`
 * diagnostics on the .onnx file (and cleared by the next clean run); per-node times come with an overlay. The run is
 * kept in the run store (`engine: 'onnxruntime'`) like a trtexec run, so it can be listed, reopened and compared.
 */
export const OrtRunLocalRequest = new RequestType<OrtRunLocalParams, OrtRunLocalResult, void>(
  'modelready/ort/runLocal',
);
export interface OrtRunLocalParams {
  modelUri: string;
  profile?: Record<string, ShapeRange>;
  iterations?: number;
}
export type OrtRunLocalResult =
  | { ok: true; result: OrtLocalResult; overlay: GraphOverlay; storedRunId: string }
  /**
   * `installCommand` and `actions` (the buttons that add it): when ONNX Runtime itself is missing. `inProblems`: the
   * failure is also a finding on the model in Problems.
   */
  | { ok: false; message: string; installCommand?: string; actions?: PrerequisiteAction[]; inProblems?: boolean };

/** What a profiling run goes through, in order (progress notifications and per-phase timings name them). */
export type ProfilePhase = 'connect' | 'upload' | 'build-engine' | 'inference' | 'collect-results';

export type Precision = 'fp32' | 'fp16' | 'bf16' | 'int8' | 'fp8' | 'best';

/** The trtexec settings a user chooses for a run (server/profiling/trtexec-command.ts turns them into flags). */
export interface TrtexecChoices {
  /** Dynamic inputs: name -> min/opt/max dims. Static inputs need no entry. */
  shapes?: Record<string, ShapeRange>;
  precision?: Precision;
  iterations?: number;
  durationS?: number;
  warmUpMs?: number;
  builderOptimizationLevel?: number;
}

export type ProfileChoices = TrtexecChoices & {
  useTimingCache?: boolean;
  /** Keep the built engine beside the uploaded model for reuse. */
  saveEngine?: boolean;
  /** Ask for --exportTimes (per-inference timings); default true. */
  exportTimes?: boolean;
};
