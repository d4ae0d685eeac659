// Triton model configurations (`config.pbtxt`, `configs/*.pbtxt`) and model folders without one, checked as
// tritonserver would load them (server/triton).
import { checkTritonTarget, isTritonConfig, isTritonFolderTarget } from '../triton';
import type { FileKind } from './file-kind';

export const tritonConfigKind: FileKind = {
  name: 'Triton model configuration',
  matchesFile: isTritonConfig,
  matchesFolder: isTritonFolderTarget,
  analyze: (target, { overlays, triton }) => checkTritonTarget(target, triton, overlays, !isTritonConfig(target)),
};
