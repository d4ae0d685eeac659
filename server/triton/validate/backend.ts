// Which backend Triton loads a model with, from the config's platform/backend, the model file names or the
// `model.<backend>` naming rule (Triton core's AutoCompleteBackendFields).
import { type CMessage, str } from './config';
import type { ModelFolder } from './model';
import { PLATFORM_BACKEND, ENSEMBLE_PLATFORM, backendFromFilename } from './platforms';

export interface Backend {
  backend: string;
  platform: string;
  /** Where the backend was determined from, for messages. */
  source: 'backend' | 'platform' | 'model file' | 'model name' | 'none';
}

/** Which backend Triton would load the model with (AutoCompleteBackendFields + the `model.<backend>` naming rule). */
export function determineBackend(model: ModelFolder, config: CMessage | undefined): Backend {
  const platform = str(config, 'platform');
  const backend = str(config, 'backend');
  if (backend) return { backend, platform, source: 'backend' };
  if (platform === ENSEMBLE_PLATFORM) return { backend: '', platform, source: 'platform' };
  if (PLATFORM_BACKEND[platform]) return { backend: PLATFORM_BACKEND[platform], platform, source: 'platform' };
  const fromDefault = str(config, 'default_model_filename');
  const candidates = [fromDefault, ...[...model.versionEntries.values()].flat()].filter(Boolean);
  for (const file of candidates) {
    const b = backendFromFilename(file);
    if (b) return { backend: b.backend, platform: platform || (b.platform ?? ''), source: 'model file' };
  }
  const modelName = str(config, 'name') || model.name;
  const dot = modelName.lastIndexOf('.');
  if (!platform && dot > 0 && dot < modelName.length - 1)
    return { backend: modelName.slice(dot + 1), platform, source: 'model name' };
  return { backend: '', platform, source: 'none' };
}
