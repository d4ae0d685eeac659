// Triton model configurations (`config.pbtxt`, `configs/*.pbtxt`) and model folders without one, checked as
// tritonserver would load them (server/triton), plus the optimization profiles a config applies.
import { configProfileFindings } from '../shape-profiles/config-corners';
import { checkTritonTarget, isTritonConfig, isTritonFolderTarget } from '../triton';
import { readConfigFile } from '../triton/validate';
import type { FileKind } from './file-kind';

/** The profiles the config applies, checked at their corners against its model (server/shape-profiles). */
function profileFindings(file: string, overlays: Readonly<Record<string, string>>) {
  try {
    return configProfileFindings(file, overlays[file] ?? readConfigFile(file));
  } catch {
    return []; // an unreadable config is reported by the Triton rules
  }
}

export const tritonConfigKind: FileKind = {
  name: 'Triton model configuration',
  matchesFile: isTritonConfig,
  matchesFolder: isTritonFolderTarget,
  analyze: (target, { overlays, triton }) =>
    isTritonConfig(target)
      ? [...checkTritonTarget(target, triton, overlays), ...profileFindings(target, overlays)]
      : checkTritonTarget(target, triton, overlays, true),
};
