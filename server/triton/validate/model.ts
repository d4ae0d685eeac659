// One model folder of a Triton model repository as the validator sees it: its config (parsed and typed),
// its version folders and the files in them. Built by repository.ts from disk, or by tests/editors from text.
import type { TextDocument } from '../textformat/ast';
import type { CMessage } from './config';

export interface TensorSpec {
  name: string;
  dataType: string;
  /** Dims without the batch dimension (Triton's config convention). */
  dims: number[];
}

export interface ModelFolder {
  /** Folder name: Triton's model name. */
  name: string;
  /** Absolute folder path (absent for an in-memory config). */
  dir?: string;
  /** The config file path (may not exist on disk when the folder has none). */
  configPath: string;
  hasConfigFile: boolean;
  doc?: TextDocument;
  config?: CMessage;
  /** Numeric version folder names, sorted numerically. */
  versions: string[];
  /** Entries (files and folders) of each version folder. */
  versionEntries: Map<string, string[]>;
  /** Non-numeric sub-folders, which Triton ignores. */
  ignoredDirs: string[];
  /**
   * The first sub-folder in byte order, any name (hidden ones too), with its entries: the only one Triton's
   * auto-complete looks into to find the backend (AutoCompleteBackendFields). Absent for an in-memory config.
   */
  firstSubdir?: { name: string; entries: { name: string; isDirectory: boolean }[] };
}

export interface ValidateOptions {
  /** Mirror Triton's auto-complete (the `triton.autoCompleteConfig` setting, on by default, as in tritonserver). */
  autoCompleteConfig?: boolean;
  /** Backends installed besides Triton's standard ones. */
  extraBackends?: string[];
  /** Number of GPUs of the target machine, when known (checks `gpus` ids). */
  gpuCount?: number;
}
