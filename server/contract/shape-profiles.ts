// Contract, dynamic-shape optimization profiles (see ARCHITECTURE.md "Quick fixes that rewrite files": profiles).
// The form (webview/profiles) talks to the extension with ProfilesViewMessage/ProfilesHostMessage; the extension
// checks every message with server/shape-profiles/form-messages.ts and forwards it to the server's
// `modelready.server.editProfiles` command, which reads/writes `.modelready.json` and computes flags and stanzas.
import type { Dim } from './analysis';

export interface ShapeRange {
  min: number[];
  opt: number[];
  max: number[];
}

/** One TensorRT optimization profile: input name -> its shape range. */
export type Profile = Record<string, ShapeRange>;

export interface DimRange {
  min: number;
  opt: number;
  max: number;
}

export type DimKind = 'batch' | 'sequence' | 'other';

/** Base ranges per kind of dim; `batch.max` is the "BS" of the strategies. */
export type ProposalSettings = Record<DimKind, DimRange>;

/**
 * Model Navigator's strategies (TensorRTProfileBuilder): `min-latency` min/min/min (batch 1/1/1),
 * `max-throughput` min/max/max (batch 1/BS/BS), `static` max/max/max (batch BS/BS/BS). `dynamic` keeps the
 * base range (batch 1/8/32 by default): one engine for every size up to the maximum.
 */
export const PROFILE_STRATEGIES = ['dynamic', 'min-latency', 'max-throughput', 'static'] as const;
export type ProfileStrategy = (typeof PROFILE_STRATEGIES)[number];

export interface ModelInputShape {
  name: string;
  /** ONNX element type name ("FLOAT", "INT64", ...). */
  elemType?: string;
  /** Undefined when the model declares no shape (rank unknown). */
  shape?: Dim[];
}

/** One dynamic dimension of the model: a symbol shared by several inputs, or one unnamed axis. */
export interface DynamicDim {
  /** The symbol ("batch"), or `input[axis]` for an unnamed dim. */
  key: string;
  symbol?: string;
  kind: DimKind;
  uses: { input: string; axis: number }[];
}

export type TritonProfileBackend = 'tensorrt' | 'onnxruntime';

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
  /** The quick fix: save the default proposal (narrowed where the graph is invalid at a corner). */
  | { action: 'saveProposal'; modelUri: string }
  /** The quick fix of shape/profile-corner-invalid: narrow the saved profiles to where the graph is valid. */
  | { action: 'narrow'; modelUri: string }
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
