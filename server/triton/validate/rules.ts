// Every Triton rule id with its default severity, docs and the check that reports it. Triton's checks run as one
// pass over a model folder (they share the parsed config, the backend and the model's signature), so a rule names
// its check stage rather than owning a function; `TritonRuleId` types every finding the stages emit, so an id
// missing here does not compile. An error means tritonserver would refuse to load the model.
import type { RuleInfo } from '../../rules/rule-info';

/** The check stages, in the order they run (see server/triton/validate/index.ts `Repository.check`). */
export const TRITON_CHECKS = {
  parse: 'protobuf text-format syntax and the ModelConfig schema (textformat/, schema-check.ts)',
  folder: 'the model folder: config file, name, version folders and files (index.ts, layout-rules.ts)',
  config: "Triton core's checks on one configuration (config-rules.ts)",
  ensemble: 'ensembles against their member models in the repository (ensemble-rules.ts)',
  model: "the onnxruntime backend's checks against the ONNX model file (onnx-check.ts)",
} as const;

export interface TritonRule extends RuleInfo {
  check: keyof typeof TRITON_CHECKS;
}

const refused = 'tritonserver refuses to load the model, so every request to it fails until the config is fixed.';

export const tritonRules = [
  {
    id: 'triton/unreadable-config',
    check: 'parse',
    defaultSeverity: 'error',
    docs: {
      summary: 'The config file cannot be read (permissions, or larger than the 64 MiB limit).',
      why: refused,
      howToFix: 'Make the file readable; a model configuration is a few kilobytes of text.',
    },
  },
  {
    id: 'triton/syntax',
    check: 'parse',
    defaultSeverity: 'error',
    docs: {
      summary:
        'A protobuf text-format syntax error, worded and positioned as protobuf reports it (`line:column: Expected integer, got: $`).',
      why: `Triton parses config.pbtxt with protobuf's text-format parser; ${refused}`,
      howToFix: 'Fix the text at the reported position (a missing brace, quote or colon is the usual cause).',
    },
  },
  {
    id: 'triton/unknown-field',
    check: 'parse',
    defaultSeverity: 'error',
    docs: {
      summary: 'A field the ModelConfig message (or the nested message) does not have; suggests the closest name.',
      why: `Protobuf rejects unknown fields in text format; ${refused}`,
      howToFix: 'Use the suggested field name, or remove the field (it may belong to another message or release).',
    },
  },
  {
    id: 'triton/wrong-type',
    check: 'parse',
    defaultSeverity: 'error',
    docs: {
      summary:
        "A value of the wrong kind for the field (string for a number, `maybe` for a bool) or an integer out of the field's range.",
      why: `Protobuf refuses the value while parsing; ${refused}`,
      howToFix: 'Write a value of the field’s type (numbers unquoted, bools `true`/`false`).',
    },
  },
  {
    id: 'triton/bad-enum',
    check: 'parse',
    defaultSeverity: 'error',
    docs: {
      summary: "An enum value the field's enum does not define (e.g. `TYPE_FP33`); suggests the closest value.",
      why: `Protobuf refuses unknown enum names; ${refused}`,
      howToFix: 'Use one of the enum’s values (the suggestion, or completion in the editor).',
    },
  },
  {
    id: 'triton/duplicate-field',
    check: 'parse',
    defaultSeverity: 'error',
    docs: {
      summary: 'A non-repeated field written twice.',
      why: `Protobuf refuses a second value for a singular field; ${refused}`,
      howToFix: 'Keep one occurrence of the field.',
    },
  },
  {
    id: 'triton/duplicate-map-key',
    check: 'parse',
    defaultSeverity: 'warning',
    docs: {
      summary: 'A map key (e.g. in `input_map`, `parameters`) written twice; protobuf keeps only the last entry.',
      why: 'The model loads, but with only the last value: the earlier entry is silently lost.',
      howToFix: 'Remove the duplicate entry, or merge the values into one.',
    },
  },
  {
    id: 'triton/oneof-conflict',
    check: 'parse',
    defaultSeverity: 'error',
    docs: {
      summary:
        'Two members of one oneof set (`dynamic_batching` with `sequence_batching`, two `version_policy` choices, ...).',
      why: `Protobuf refuses a second member of a oneof; ${refused}`,
      howToFix: 'Keep the one member you mean (one scheduler, one version policy).',
    },
  },
  {
    id: 'triton/missing-config',
    check: 'folder',
    defaultSeverity: 'error',
    docs: {
      summary:
        'A model folder without `config.pbtxt` that Triton cannot auto-complete (auto-complete off, or a backend without it).',
      why: refused,
      howToFix: 'Add a config.pbtxt (the "Generate config.pbtxt" command writes one for ONNX models).',
    },
  },
  {
    id: 'triton/model-name',
    check: 'folder',
    defaultSeverity: 'warning',
    docs: {
      summary: "The config's `name` differs from the folder name Triton serves the model under.",
      why: 'Clients must call the model by its folder name; the name in the config misleads whoever reads it.',
      howToFix: 'Make `name` equal to the folder name, or remove `name`.',
    },
  },
  {
    id: 'triton/version-policy',
    check: 'folder',
    defaultSeverity: 'error',
    docs: {
      summary: 'No version folder selected by the version policy, or a specific version without its folder.',
      why: refused,
      howToFix: 'Add the numeric version folder, or change `version_policy` to select an existing one.',
    },
  },
  {
    id: 'triton/layout',
    check: 'folder',
    defaultSeverity: 'info',
    docs: {
      summary: 'A non-numeric sub-folder of a model folder, which Triton ignores.',
      why: 'A model placed in such a folder (e.g. `v1/`) is never loaded.',
      howToFix: 'Put model versions in numeric folders (`1/`, `2/`); keep other files elsewhere if unintended.',
    },
  },
  {
    id: 'triton/model-file',
    check: 'folder',
    defaultSeverity: 'error',
    docs: {
      summary:
        'A selected version folder without the model file the backend loads (or `default_model_filename`); warning for `cc_model_filenames` naming absent files.',
      why: refused,
      howToFix: 'Add the model file (`model.onnx`, `model.plan`, ...) to the version folder, or fix the file name.',
    },
  },
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
  {
    id: 'triton/ensemble',
    check: 'ensemble',
    defaultSeverity: 'error',
    docs: {
      summary:
        'Ensemble structure: scheduling set on a non-ensemble or missing on an ensemble, instance groups/optimization/warmup on an ensemble, steps without model name or maps, unused inputs, unwritten outputs, unused tensors, decoupled branches merged, `max_batch_size` above a member’s.',
      why: refused,
      howToFix: 'Give each step a model and maps that connect every ensemble input to an output.',
    },
  },
  {
    id: 'triton/ensemble-member',
    check: 'ensemble',
    defaultSeverity: 'error',
    docs: {
      summary: 'An ensemble step uses a model that is not in the model repository.',
      why: refused,
      howToFix: 'Add the member model folder beside the ensemble, or fix the step’s `model_name`.',
    },
  },
  {
    id: 'triton/ensemble-mapping',
    check: 'ensemble',
    defaultSeverity: 'error',
    docs: {
      summary:
        'An `input_map`/`output_map` naming a tensor the member does not have, a tensor produced twice, inputs of a member left unmapped, or dtype/shape disagreement between steps.',
      why: refused,
      howToFix: 'Map each member input and output by the names, types and shapes the member declares.',
    },
  },
  {
    id: 'triton/ensemble-cycle',
    check: 'ensemble',
    defaultSeverity: 'error',
    docs: {
      summary: 'Ensembles that use each other in a cycle.',
      why: refused,
      howToFix: 'Break the cycle: an ensemble cannot contain itself, directly or through others.',
    },
  },
  {
    id: 'triton/model-unreadable',
    check: 'model',
    defaultSeverity: 'error',
    docs: {
      summary: 'The ONNX model in the version folder cannot be read.',
      why: refused,
      howToFix: 'Replace the file with a complete ONNX model (check the copy or the export).',
    },
  },
  {
    id: 'triton/model-io-count',
    check: 'model',
    defaultSeverity: 'error',
    docs: {
      summary:
        "The onnxruntime backend's input count check: the config feeds a different number of inputs than the model has.",
      why: refused,
      howToFix: 'List exactly the model’s inputs (optional ones may be left out).',
    },
  },
  {
    id: 'triton/model-io-name',
    check: 'model',
    defaultSeverity: 'error',
    docs: {
      summary: 'A config input/output (or sequence control) the model does not declare; suggests the closest name.',
      why: refused,
      howToFix: 'Use the tensor names the model declares (the suggestion, or completion in the editor).',
    },
  },
  {
    id: 'triton/model-io-dtype',
    check: 'model',
    defaultSeverity: 'error',
    docs: {
      summary: "A data type that differs from the model's (ONNX FLOAT is TYPE_FP32, ...).",
      why: refused,
      howToFix: 'Use the Triton type matching the model’s element type (the quick fix writes it).',
    },
  },
  {
    id: 'triton/model-io-dims',
    check: 'model',
    defaultSeverity: 'error',
    docs: {
      summary:
        "Dims that disagree with the model's shape under the batch rule (inputs: where both are fixed; outputs: exactly), scalar tensors, ragged inputs, sequence controls of shape other than [1].",
      why: refused,
      howToFix: 'Write the model’s shape without the batch dimension when `max_batch_size` > 0 (the quick fix does).',
    },
  },
  {
    id: 'triton/model-batch',
    check: 'model',
    defaultSeverity: 'error',
    docs: {
      summary: "`max_batch_size` > 0 but the model's first dimension is not dynamic: the model cannot batch.",
      why: refused,
      howToFix: 'Set `max_batch_size: 0`, or export the model with a dynamic first dimension.',
    },
  },
  {
    id: 'triton/model-io-optional',
    check: 'model',
    defaultSeverity: 'error',
    docs: {
      summary: 'An optional input on a model that batches.',
      why: refused,
      howToFix: 'Make the input required, or set `max_batch_size: 0`.',
    },
  },
] as const satisfies readonly TritonRule[];

export type TritonRuleId = (typeof tritonRules)[number]['id'];
