// Facts about Triton platforms and backends: which backend serves a platform, the default model file name
// each backend looks for, and the backends Triton ships.

/** Platform -> the backend Triton uses for it (as in Triton core's platform/backend pairing). */
export const PLATFORM_BACKEND: Record<string, string> = {
  tensorrt_plan: 'tensorrt',
  tensorflow_graphdef: 'tensorflow',
  tensorflow_savedmodel: 'tensorflow',
  onnxruntime_onnx: 'onnxruntime',
  pytorch_libtorch: 'pytorch',
  torch_aoti: 'pytorch',
};

export const ENSEMBLE_PLATFORM = 'ensemble';

/** Default model file (or directory) name in a version folder, per backend/platform. */
export function defaultModelFilename(backend: string, platform: string): string | undefined {
  if (platform === 'tensorflow_graphdef') return 'model.graphdef';
  if (platform === 'tensorflow_savedmodel') return 'model.savedmodel';
  const byBackend: Record<string, string> = {
    onnxruntime: 'model.onnx',
    tensorrt: 'model.plan',
    pytorch: 'model.pt',
    openvino: 'model.xml',
    python: 'model.py',
  };
  return byBackend[backend];
}

/** Backend inferred from a model file name, the way auto-complete recognizes model files. */
export function backendFromFilename(filename: string): { backend: string; platform?: string } | undefined {
  if (filename.endsWith('.onnx')) return { backend: 'onnxruntime', platform: 'onnxruntime_onnx' };
  if (filename.endsWith('.plan')) return { backend: 'tensorrt', platform: 'tensorrt_plan' };
  if (filename.endsWith('.pt')) return { backend: 'pytorch', platform: 'pytorch_libtorch' };
  if (filename.endsWith('.graphdef')) return { backend: 'tensorflow', platform: 'tensorflow_graphdef' };
  if (filename.endsWith('.savedmodel')) return { backend: 'tensorflow', platform: 'tensorflow_savedmodel' };
  if (filename === 'model.py') return { backend: 'python' };
  // Triton core (constants.h, model_config_utils.cc) also detects OpenVINO's model.xml and PyTorch AOTI's model.pt2.
  if (filename === 'model.xml') return { backend: 'openvino' };
  if (filename === 'model.pt2') return { backend: 'pytorch', platform: 'torch_aoti' };
  return undefined;
}

/** Backends distributed with Triton (plus its test backends); anything else needs `runtime` or a custom install. */
export const KNOWN_BACKENDS = [
  'onnxruntime',
  'tensorrt',
  'pytorch',
  'tensorflow',
  'openvino',
  'python',
  'fil',
  'dali',
  'vllm',
  'tensorrtllm',
  'armnn_tflite',
  'identity',
  'repeat',
  'square',
  'sequence',
  'dyna_sequence',
  'distributed_addsub',
  'implicit_state',
];

/** Backends whose model configuration Triton can auto-complete from the model file. */
export const AUTOCOMPLETE_BACKENDS = new Set([
  'onnxruntime',
  'tensorrt',
  'openvino',
  'python',
  'pytorch',
  'tensorflow',
]);
