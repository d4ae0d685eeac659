// Messages between the server thread and the analysis worker (both ends import these types).
import type { Finding } from '../findings';
import type { ProposalSettings } from '../contract/shape-profiles';
import type { ModelReadySettings } from '../contract/settings';
import type { EditProfilesParams } from '../contract/shape-profiles';
import type { Overlays } from './analysis';
import type { EngineOpenFiles } from './engine-open';

export type WorkerJob =
  | { kind: 'analyze'; file: string; overlays: Overlays; settings: ModelReadySettings }
  | { kind: 'summary'; file: string }
  | { kind: 'context'; file: string }
  | { kind: 'codeActions'; file: string; text: string; findings: Finding[] }
  | { kind: 'generateConfig'; target: string }
  /** `configText`: the open editor buffer of the model folder's config.pbtxt, if any; `ranges`: the editor's default ranges. */
  | {
      kind: 'editProfiles';
      params: EditProfilesParams;
      modelFile: string;
      defaultRoot?: string;
      configText?: string;
      ranges?: Partial<ProposalSettings>;
    }
  | { kind: 'convertOpset'; file: string; opset: number }
  | { kind: 'opsetTargets'; file: string }
  | { kind: 'applyModelFix'; file: string; fixId: string }
  | { kind: 'diff'; a: string; b: string }
  /** The analyzable files under a folder (the one walker; on a worker so a large tree never holds the server). */
  | { kind: 'walk'; root: string }
  | { kind: 'openEngine'; files: EngineOpenFiles; settings: ModelReadySettings };

export type WorkerReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
