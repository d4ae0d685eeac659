// Triton rules of the config stage: Triton core's checks on one configuration.
import { refused, type TritonRule } from './rule-stages';

export const configRules = [
  {
    id: 'triton/max-batch-size',
    check: 'config',
    defaultSeverity: 'error',
    docs: {
      summary: '`max_batch_size` is negative.',
      why: refused,
      howToFix: 'Use 0 for a model that does not batch, or the largest batch it accepts.',
    },
  },
  {
    id: 'triton/io',
    check: 'config',
    defaultSeverity: 'error',
    docs: {
      summary:
        'An input or output without `name`, with a name used twice, without `data_type` (when auto-complete cannot fill it), or, with auto-complete off, a config with no inputs.',
      why: refused,
      howToFix: 'Give every input and output a unique name, a data type and dims (or let auto-complete fill them).',
    },
  },
  {
    id: 'triton/dims',
    check: 'config',
    defaultSeverity: 'error',
    docs: {
      summary: 'A dimension that is neither >= 1 nor -1, or NHWC/NCHW `format` without 3 dims.',
      why: refused,
      howToFix: 'Use positive sizes, -1 for a variable dimension; image formats take exactly 3 dims.',
    },
  },
  {
    id: 'triton/reshape',
    check: 'config',
    defaultSeverity: 'error',
    docs: {
      summary:
        '`reshape` that disagrees with `dims` (element count, variable-size dimensions), has invalid values, or is empty for a non-batching model.',
      why: refused,
      howToFix: 'Make `reshape.shape` hold the same elements as `dims`, with variable dimensions in the same places.',
    },
  },
  {
    id: 'triton/platform-backend',
    check: 'config',
    defaultSeverity: 'error',
    docs: {
      summary: 'An unknown `platform`, a `platform` and `backend` that do not pair, or an ensemble with a backend.',
      why: refused,
      howToFix: 'Set one of `platform` or `backend` (e.g. `backend: "onnxruntime"`), matching the model file.',
    },
  },
  {
    id: 'triton/backend-unknown',
    check: 'config',
    defaultSeverity: 'error',
    docs: {
      summary:
        'No backend can be determined (no platform/backend, no recognizable model file, a model name not of the form `model.<backend>`), or a backend that is not one of Triton’s (add yours with `triton.extraBackends`).',
      why: refused,
      howToFix: 'Set `backend`, or name the model file as the backend expects; list custom backends in the setting.',
    },
  },
  {
    id: 'triton/runtime',
    check: 'config',
    defaultSeverity: 'error',
    docs: {
      summary: 'A `runtime` that escapes the backend directory or is not a backend library / Python file.',
      why: refused,
      howToFix: 'Name a library (`libtriton_<name>.so`) or a `.py` file inside the backend directory.',
    },
  },
  {
    id: 'triton/instance-group',
    check: 'config',
    defaultSeverity: 'error',
    docs: {
      summary:
        'An instance group with GPUs on `KIND_CPU`/`KIND_MODEL`, a negative count (warning: Triton runs 1), a GPU id that does not exist (with `triton.gpuCount`), or a non-numeric TensorRT profile.',
      why: refused,
      howToFix: 'Use `gpus` only with `KIND_GPU` and ids below the GPU count; profiles are numeric strings.',
    },
  },
  {
    id: 'triton/dynamic-batching',
    check: 'config',
    defaultSeverity: 'error',
    docs: {
      summary:
        'Preferred batch sizes out of range, priority levels and queue policies out of range, DELAY timeouts with `preserve_ordering`; warning for dynamic batching on a model with `max_batch_size: 0`.',
      why: refused,
      howToFix: 'Keep preferred sizes within 1..max_batch_size and priorities within 1..priority_levels.',
    },
  },
  {
    id: 'triton/sequence-batching',
    check: 'config',
    defaultSeverity: 'error',
    docs: {
      summary:
        'Control tensors (one per kind, the right false/true values, CORRID data type), state without names/data type, bad state dims, Oldest strategy batch sizes.',
      why: refused,
      howToFix: 'Give each control kind one tensor with the values Triton expects; name and type every state.',
    },
  },
  {
    id: 'triton/batch-io',
    check: 'config',
    defaultSeverity: 'error',
    docs: {
      summary:
        'Batch inputs/outputs with the wrong number of sources, unknown source inputs or target outputs, on a backend that does not support them.',
      why: refused,
      howToFix: 'Name existing inputs as sources and outputs as targets, with the count the kind takes.',
    },
  },
  {
    id: 'triton/warmup',
    check: 'config',
    defaultSeverity: 'error',
    docs: {
      summary:
        'Warmup samples without name, with a batch size above `max_batch_size`, naming unknown inputs, without data type, with non-concrete dims or without data.',
      why: refused,
      howToFix: 'Give each sample a name, a batch size within range and, per input, type, concrete dims and data.',
    },
  },
  {
    id: 'triton/metrics',
    check: 'config',
    defaultSeverity: 'error',
    docs: {
      summary:
        '`model_metrics` without histogram options, with empty buckets or family; warning for a family Triton does not let models customize.',
      why: refused,
      howToFix: 'Give each metric control a family and non-empty histogram buckets.',
    },
  },
  {
    id: 'triton/parameters',
    check: 'config',
    defaultSeverity: 'error',
    docs: {
      summary:
        'A TensorRT backend parameter with a value the backend rejects (`execution_context_allocation_strategy`).',
      why: refused,
      howToFix: 'Use one of the values the backend documents for the parameter.',
    },
  },
] as const satisfies readonly TritonRule[];
