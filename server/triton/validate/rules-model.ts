// Triton rules of the ensemble and model stages: ensembles against their members, configs against the ONNX model.
import { refused, type TritonRule } from './rule-stages';

export const modelRules = [
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
