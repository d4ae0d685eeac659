// Contract, client -> server configuration: the editor settings the server honours and `initializationOptions`.
import type { RuleSetting } from './findings';
import type { ProfilingInitOptions } from './profiling';
import type { ProposalSettings } from './shape-profiles';

/** Settings under `triton.*` the language server passes to the Triton checks (server/triton ValidateOptions). */
export interface TritonSettings {
  /** Mirror tritonserver's auto-complete (on unless started with --disable-auto-complete-config). Default true. */
  autoCompleteConfig: boolean;
  /** Backends installed on the target server besides Triton's standard ones. */
  extraBackends: string[];
  /** GPUs of the target machine, when known (checks instance_group gpu ids). */
  gpuCount?: number;
}

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
