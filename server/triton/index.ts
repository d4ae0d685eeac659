// Public entry of the Triton support: check one target (a config file, or a model folder without one) or every
// target under a path (model folder, model repository, or any tree holding them), through the one walker.
import type { Finding } from '../findings';
import { walkTargets } from '../workspace-walk';
import type { ValidateOptions } from './validate/model';
import { checkTritonTarget, isTritonConfig, isTritonFolderTarget } from './validate/target';

export type { ValidateOptions } from './validate/model';
export { parseModelConfig, Repository, checkConfigText } from './validate';
export {
  checkConfigBuffer,
  checkTritonTarget,
  isTritonConfig,
  isTritonFolderTarget,
  modelDirOf,
  type Overlays,
} from './validate/target';

/**
 * Findings for every Triton target under `target`: each config (alternative configs in `configs/*.pbtxt` too) and
 * each model folder without a config, each checked within its repository so ensemble steps resolve to siblings.
 */
export function checkTritonPath(target: string, options: ValidateOptions = {}): Finding[] {
  const targets = walkTargets(target, { file: isTritonConfig, folder: isTritonFolderTarget });
  return targets.flatMap((t) => checkTritonTarget(t, options, {}, !isTritonConfig(t)));
}
