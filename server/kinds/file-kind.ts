// What an analyzed file kind is: how the walker recognizes its files (and, for some kinds, folders) and how one
// of them turns into findings. Adding a kind = one module like onnx-model.ts + one line in kinds/index.ts.
import type { ModelReadyConfig } from '../config/config';
import type { Finding } from '../findings';
import type { OnnxModel } from '../onnx/model';
import type { ValidateOptions } from '../triton/validate/model';
import type { DirEntry } from '../workspace-walk';

/** Everything an analyzer may use besides the file itself. */
export interface AnalysisInput {
  /** The project configuration that applies to the file (the pipeline applies its severities and ignores). */
  config: ModelReadyConfig;
  /** Texts of open editor buffers by path: they win over the files on disk. */
  overlays: Readonly<Record<string, string>>;
  /** Triton's switches (auto-complete, extra backends, GPU count). */
  triton: ValidateOptions;
  /** The target's ONNX model, already read by the caller; ONNX kinds use it instead of reading the file again. */
  model?: OnnxModel;
}

export interface FileKind {
  /** Short name for messages and logs ("ONNX model"). */
  name: string;
  /** Whether a file is of this kind (by its path alone: the walker asks for every file). */
  matchesFile(file: string): boolean;
  /** Whether a folder is itself a target of this kind (e.g. a Triton model folder without a config). */
  matchesFolder?(dir: string, entries: readonly DirEntry[]): boolean;
  /** Findings for one target with the rules' default severities; findings name the target as their file. */
  analyze(target: string, input: AnalysisInput): Finding[];
}
