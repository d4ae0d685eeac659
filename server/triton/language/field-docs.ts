// Short explanations of the ModelConfig fields users touch most, in our own words, with Triton's behaviour
// when the field is left out. Keyed by `<message type>.<field>`; the hover adds type/number/enum facts from the schema.
export const FIELD_DOCS: Record<string, string> = {
  'inference.ModelConfig.name':
    'Model name. Triton serves the model under its folder name; when set here it should be the same.',
  'inference.ModelConfig.platform':
    'Framework of the model file: `tensorrt_plan`, `onnxruntime_onnx`, `pytorch_libtorch`, `tensorflow_graphdef`, `tensorflow_savedmodel`, or `ensemble`. Either this or `backend`.',
  'inference.ModelConfig.backend':
    'Backend that runs the model (`onnxruntime`, `tensorrt`, `python`, `pytorch`, `openvino`, ...). Without it, Triton infers it from `platform`, the model file name, or a model name of the form `model.<backend>`.',
  'inference.ModelConfig.runtime':
    'Backend shared library (e.g. `libtriton_onnxruntime.so`) or Python file (`model.py`) to load instead of the default for the backend. Must stay inside the backend directory.',
  'inference.ModelConfig.max_batch_size':
    'Largest batch Triton may form. Greater than 0: the model has a leading batch dimension that `dims` do NOT list. 0: no batching, `dims` are the full shape.',
  'inference.ModelConfig.input':
    'Model inputs. Names, data types and dims must match the model file. With auto-complete on, Triton can fill them from the model.',
  'inference.ModelConfig.output':
    'Model outputs. Names, data types and dims must match the model file; a subset of the model outputs is allowed.',
  'inference.ModelConfig.instance_group':
    'How many copies of the model run and where (`KIND_GPU`, `KIND_CPU`, ...). Default: one instance per available GPU, else one on CPU.',
  'inference.ModelConfig.dynamic_batching':
    'Lets Triton combine requests into batches up to `max_batch_size`. Needs `max_batch_size` > 0.',
  'inference.ModelConfig.sequence_batching':
    'Stateful models: requests of one sequence go to the same instance, with control tensors (START/END/READY/CORRID).',
  'inference.ModelConfig.ensemble_scheduling':
    'Pipeline of other models (steps) wired by tensor names. Only for `platform: "ensemble"`.',
  'inference.ModelConfig.version_policy':
    'Which numeric version folders are served: `latest { num_versions: N }` (default: latest 1), `all {}`, or `specific { versions: [..] }`.',
  'inference.ModelConfig.default_model_filename':
    'Model file name inside each version folder. Default depends on the backend (`model.onnx`, `model.plan`, `model.pt`, `model.py`, ...).',
  'inference.ModelConfig.cc_model_filenames':
    'Model file per GPU compute capability (key like "8.0"), for TensorRT plans built per GPU.',
  'inference.ModelConfig.parameters': 'Backend-specific string parameters (key -> `{ string_value: ".." }`).',
  'inference.ModelConfig.model_warmup':
    'Requests Triton sends to each instance before serving it, to warm up (e.g. TensorRT tactics).',
  'inference.ModelConfig.optimization':
    'Backend optimizations: CUDA graphs, TensorRT acceleration for ONNX Runtime, pinned memory, priority.',
  'inference.ModelConfig.batch_input':
    'Extra inputs Triton computes from the batch (element counts, shapes) for ragged batching. TensorRT and custom backends.',
  'inference.ModelConfig.batch_output': 'Outputs Triton scatters back per request for ragged batching.',
  'inference.ModelConfig.model_transaction_policy':
    'Set `decoupled: true` when the model may send zero or many responses per request.',
  'inference.ModelInput.name': 'Tensor name, exactly as the model file declares it.',
  'inference.ModelInput.data_type':
    'Element type (`TYPE_FP32`, `TYPE_INT64`, ...). Must match the model: ONNX FLOAT is TYPE_FP32, FLOAT16 is TYPE_FP16, INT64 is TYPE_INT64.',
  'inference.ModelInput.dims':
    'Shape without the batch dimension when `max_batch_size` > 0. -1 marks a variable-size dimension.',
  'inference.ModelInput.reshape': 'Shape the model receives, when it differs from `dims` (same element count).',
  'inference.ModelInput.optional': 'The input may be left out of requests.',
  'inference.ModelOutput.name': 'Tensor name, exactly as the model file declares it.',
  'inference.ModelOutput.data_type': 'Element type; must match the model output.',
  'inference.ModelOutput.dims':
    'Shape without the batch dimension when `max_batch_size` > 0. -1 marks a variable-size dimension.',
  'inference.ModelOutput.label_filename': 'Text file of class labels (one per line) for classification results.',
  'inference.ModelInstanceGroup.kind': 'Where instances run. KIND_AUTO (default): GPUs if any, else CPU.',
  'inference.ModelInstanceGroup.count': 'Instances per device (per GPU listed, or in total on CPU). Default 1.',
  'inference.ModelInstanceGroup.gpus': 'GPU ids for KIND_GPU groups. Default: all GPUs.',
  'inference.ModelDynamicBatching.preferred_batch_size':
    'Batch sizes the scheduler tries to form; each must be at most `max_batch_size`.',
  'inference.ModelDynamicBatching.max_queue_delay_microseconds':
    'How long (microseconds) a request may wait for others to form a batch. Default 0.',
  'inference.ModelDynamicBatching.preserve_ordering':
    'Responses leave in request order. Queue policies may then not use DELAY.',
  'inference.ModelDynamicBatching.priority_levels': 'Number of priority levels; levels are 1..N, 1 the highest.',
  'inference.ModelDynamicBatching.default_priority_level':
    'Priority of requests that set none; must be in 1..priority_levels.',
  'inference.ModelEnsembling.Step.model_name': 'Model run by this step; it must exist in the same model repository.',
  'inference.ModelEnsembling.Step.model_version': 'Version of the step model; -1 means the latest loaded.',
  'inference.ModelEnsembling.Step.input_map': "key: the step model's input name; value: the ensemble tensor fed to it.",
  'inference.ModelEnsembling.Step.output_map':
    "key: the step model's output name; value: the ensemble tensor it produces.",
  'inference.ModelSequenceBatching.max_sequence_idle_microseconds':
    'A sequence idle longer than this (microseconds) is ended. Default 1 second.',
};
