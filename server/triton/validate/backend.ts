// Which backend Triton loads a model with, step for step as Triton core's AutoCompleteBackendFields
// (src/model_config_utils.cc, names in src/constants.h of triton-inference-server/core): TensorFlow, TensorRT,
// ONNX Runtime, OpenVINO, PyTorch (LibTorch and AOTI), Python in that order, each from the config's platform or
// default_model_filename or, when neither is given, from the exact file names in the first sub-folder only; last
// the custom-backend rule `model.<backend>` on the model name (text after its first dot).
import { type CMessage, str } from './config';
import type { ModelFolder } from './model';
import { ENSEMBLE_PLATFORM } from './platforms';

export interface Backend {
  backend: string;
  platform: string;
  /** Where the backend was determined from, for messages. */
  source: 'backend' | 'platform' | 'model file' | 'model name' | 'none';
}

type Source = Backend['source'];

/** The first sub-folder's entries (what Triton inspects): name -> is a folder. */
function firstFolder(model: ModelFolder): Map<string, boolean> | undefined {
  if (model.firstSubdir) return new Map(model.firstSubdir.entries.map((e) => [e.name, e.isDirectory]));
  // In-memory folders (tests, editors): the version folders in byte order; only a SavedModel is a folder.
  const first = [...model.versions].sort()[0];
  return first === undefined
    ? undefined
    : new Map((model.versionEntries.get(first) ?? []).map((n) => [n, n === 'model.savedmodel']));
}

/** Which backend Triton would load the model with (AutoCompleteBackendFields + the `model.<backend>` naming rule). */
export function determineBackend(model: ModelFolder, config: CMessage | undefined): Backend {
  let platform = str(config, 'platform');
  let backend = str(config, 'backend');
  const file = str(config, 'default_model_filename');
  let source: Source = backend ? 'backend' : platform ? 'platform' : 'none';
  if (platform === ENSEMBLE_PLATFORM) return { backend, platform, source };
  const folder = firstFolder(model);
  // A name in the first sub-folder that Triton accepts: a plain file, a folder, or either.
  const has = (name: string, kind: 'file' | 'dir' | 'any') =>
    !!folder?.has(name) && (kind === 'any' || folder.get(name) === (kind === 'dir'));
  const scan = !platform && !file && folder !== undefined; // the folder is read only when nothing else says
  const found = (b: string, p = platform, from: Source = 'model file'): Backend => {
    [backend, platform, source] = [b, p, from];
    return { backend, platform, source };
  };

  if (!platform && (!backend || backend === 'tensorflow')) {
    if (file === 'model.savedmodel') platform = 'tensorflow_savedmodel';
    else if (file === 'model.graphdef') platform = 'tensorflow_graphdef';
    else if (!file && folder) {
      if (has('model.savedmodel', 'dir')) platform = 'tensorflow_savedmodel';
      if (has('model.graphdef', 'file')) platform = 'tensorflow_graphdef';
    }
    if (platform && !backend) source = 'model file';
  }
  if (platform === 'tensorflow_savedmodel' || platform === 'tensorflow_graphdef')
    return { backend: backend || 'tensorflow', platform, source };

  if (!backend) {
    if (platform === 'tensorrt_plan') found('tensorrt', platform, 'platform');
    else if (file === 'model.plan' || (scan && has('model.plan', 'file'))) found('tensorrt');
  }
  if (backend === 'tensorrt') return { backend, platform: platform || 'tensorrt_plan', source };

  if (!backend) {
    if (platform === 'onnxruntime_onnx') found('onnxruntime', platform, 'platform');
    else if (file === 'model.onnx' || (scan && has('model.onnx', 'any'))) found('onnxruntime');
  }
  if (backend === 'onnxruntime') return { backend, platform: platform || 'onnxruntime_onnx', source };

  if (!backend && (file === 'model.xml' || (scan && has('model.xml', 'any')))) found('openvino');
  if (backend === 'openvino') return { backend, platform, source };

  if (!backend) {
    if (platform === 'pytorch_libtorch' || platform === 'libtorch' || platform === 'torch_aoti')
      found('pytorch', platform, 'platform');
    else if (file === 'model.pt' || file === 'model.pt2') found('pytorch');
    else if (scan && folder.has('model.pt')) {
      if (has('model.pt', 'file')) found('pytorch', 'pytorch_libtorch');
    } else if (scan && has('model.pt2', 'file')) found('pytorch', 'torch_aoti');
  }
  if (backend === 'pytorch') return { backend, platform: platform || 'pytorch_libtorch', source };

  if (!backend && (file === 'model.py' || (scan && has('model.py', 'any')))) found('python');
  if (backend === 'python') return { backend, platform, source };

  if (!backend && !platform && !file) {
    const dot = model.name.indexOf('.');
    if (dot >= 0) return found(model.name.slice(dot + 1), platform, 'model name');
  }
  return { backend, platform, source: backend ? source : platform ? 'platform' : 'none' };
}
