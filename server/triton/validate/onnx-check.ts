// Cross-checks a config against the ONNX model in its version folder the way Triton's onnxruntime backend does
// when it loads the model, and mirrors its auto-complete: inputs/outputs/max_batch_size filled from the model.
import { type CMessage, has, str, num, msg, msgs, nums, strs, bool, spanOf } from './config';
import type { Diagnostic } from './diagnostic';
import type { TritonRuleId } from './rules';
import type { TensorSpec } from './model';
import { canBatch, type OnnxSignature, type OnnxTensorSignature } from './onnx-signature';
import { closest, didYouMean } from './did-you-mean';

/** Triton's default max_batch_size for auto-completed models that can batch (--backend-config default-max-batch-size). */
export const DEFAULT_MAX_BATCH_SIZE = 4;

export interface AutoCompleted {
  maxBatchSize: number;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  /** Fields Triton fills in, for the hover. */
  filled: ('platform' | 'max_batch_size' | 'input' | 'output' | 'dynamic_batching')[];
  dynamicBatching: boolean;
}

const dimsOf = (t: OnnxTensorSignature, batch: boolean) => (batch ? (t.shape ?? []).slice(1) : (t.shape ?? []));

/** What Triton's auto-complete makes of this config and model (undefined fields of the config filled in). */
export function autoComplete(config: CMessage | undefined, sig: OnnxSignature): AutoCompleted {
  const batchable = canBatch(sig);
  const filled: AutoCompleted['filled'] = [];
  // The model file decided the backend: Triton writes the platform and backend into the config.
  if (!has(config, 'platform') && !has(config, 'backend')) filled.push('platform');
  let maxBatchSize = num(config, 'max_batch_size');
  const configInputs = msgs(config, 'input');
  if (!has(config, 'max_batch_size') && batchable) {
    const ranksAgree = configInputs.every((i) => {
      const m = sig.inputs.find((t) => t.name === str(i, 'name'));
      return !m?.shape || nums(i, 'dims').length === m.shape.length - 1;
    });
    if (ranksAgree) {
      maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
      filled.push('max_batch_size');
    }
  }
  const batch = maxBatchSize > 0;
  const fromConfig = (field: 'input' | 'output'): TensorSpec[] =>
    msgs(config, field).map((t) => ({ name: str(t, 'name'), dataType: str(t, 'data_type'), dims: nums(t, 'dims') }));
  let inputs = fromConfig('input');
  let outputs = fromConfig('output');
  if (inputs.length === 0) {
    inputs = sig.inputs.map((t) => ({ name: t.name, dataType: t.dataType, dims: dimsOf(t, batch) }));
    filled.push('input');
  }
  if (outputs.length === 0) {
    outputs = sig.outputs.map((t) => ({ name: t.name, dataType: t.dataType, dims: dimsOf(t, batch) }));
    filled.push('output');
  }
  const dynamicBatching =
    filled.includes('max_batch_size') && !has(config, 'dynamic_batching') && !has(config, 'sequence_batching');
  if (dynamicBatching) filled.push('dynamic_batching');
  return { maxBatchSize, inputs, outputs, filled, dynamicBatching };
}

/**
 * The onnxruntime backend's load-time checks (ValidateInputs/ValidateOutputs/sequence controls): input count,
 * names (overridable initializers count as inputs), data types, and dims with the batch rule: inputs compare
 * dims where both sides are fixed, outputs must match exactly, scalar model tensors take only 1s.
 */
export function checkAgainstOnnx(
  config: CMessage | undefined,
  modelName: string,
  sig: OnnxSignature,
  effective: AutoCompleted,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  // The related location names the model tensor the config line disagrees with (or just the model file).
  const describe = (t: OnnxTensorSignature) =>
    `model ${sig.outputs.includes(t) ? 'output' : 'input'} '${t.name}': ${t.dataType}${t.shape ? ` [${t.shape.join(',')}]` : ''}`;
  const push = (
    ruleId: TritonRuleId,
    message: string,
    span: { start: number; end: number },
    fixes?: { id: string; title: string }[],
    tensor?: OnnxTensorSignature,
  ) =>
    out.push({
      ruleId,
      severity: 'error',
      message,
      start: span.start,
      end: span.end,
      related: [{ file: sig.file, message: tensor ? describe(tensor) : 'the model file' }],
      ...(fixes ? { fixes } : {}),
    });
  const maxBatch = effective.maxBatchSize;
  const configTensors = (field: 'input' | 'output') => msgs(config, field);
  const overridable = new Map(sig.overridable.map((t) => [t.name, t]));

  // Input count: every model input must be fed. Sequence controls, sequence state and batch inputs are model
  // inputs too, declared outside `input`; inputs naming overridable initializers are extra.
  const cin = configTensors('input');
  const sequence = msg(config, 'sequence_batching');
  const controls = msgs(sequence, 'control_input');
  const fed = new Set(
    [
      ...cin.map((t) => str(t, 'name')),
      ...controls.map((c) => str(c, 'name')),
      ...msgs(sequence, 'state').map((st) => str(st, 'input_name')),
      ...msgs(config, 'batch_input').flatMap((b) => strs(b, 'target_name')),
    ].filter((n) => !overridable.has(n)),
  );
  if (cin.length > 0 && fed.size !== sig.inputs.length) {
    push(
      'triton/model-io-count',
      `unable to load model '${modelName}', configuration expects ${fed.size} inputs, model provides ${sig.inputs.length}`,
      spanOf(config!, 'input'),
      [{ id: 'triton.addModelIO', title: 'Add the inputs and outputs the model has' }],
    );
  }
  const batchOutputs = new Set(msgs(config, 'batch_output').flatMap((b) => strs(b, 'target_name')));
  for (const [field, modelTensors] of [
    ['input', [...sig.inputs, ...sig.overridable]],
    ['output', sig.outputs],
  ] as const) {
    const byName = new Map(modelTensors.map((t) => [t.name, t]));
    for (const t of configTensors(field)) {
      const name = str(t, 'name');
      const m = byName.get(name);
      if (!m) {
        // The related location is the tensor the name most likely meant, when one is close.
        const meant = closest(name, byName.keys());
        push(
          'triton/model-io-name',
          `unexpected inference ${field} '${name}', allowed ${field}s are: ${modelTensors.map((x) => x.name).join(', ')}${didYouMean(name, byName.keys())}`,
          spanOf(t, 'name'),
          [{ id: 'triton.fixTensorName', title: 'Use the name the model declares' }],
          meant === undefined ? undefined : byName.get(meant),
        );
        continue;
      }
      if (field === 'input' && bool(t, 'optional') && maxBatch !== 0) {
        push(
          'triton/model-io-optional',
          `unable to load model '${modelName}', optional input '${name}' is not supported for models that support batching`,
          spanOf(t, 'optional'),
          undefined,
          m,
        );
      }
      const dt = str(t, 'data_type');
      if (dt && dt !== m.dataType) {
        push(
          'triton/model-io-dtype',
          `${differenceFirst(dt, m.dataType, field, name)}unable to load model '${modelName}', configuration expects datatype ${dt} for ${field} '${name}', model provides ${m.dataType}`,
          spanOf(t, 'data_type'),
          [{ id: 'triton.fixTensorDataType', title: `Change data_type to ${m.dataType}` }],
          m,
        );
      }
      if (!m.shape || (field === 'output' && batchOutputs.has(name))) continue;
      const reshape = msg(t, 'reshape');
      const dims = reshape ? nums(reshape, 'shape') : nums(t, 'dims');
      const dimsSpan = reshape ? spanOf(t, 'reshape') : spanOf(t, 'dims');
      if (field === 'input' && bool(t, 'allow_ragged_batch')) {
        if (m.shape.length !== 1 || m.shape[0] !== -1)
          push(
            'triton/model-io-dims',
            `unable to load model '${modelName}', configuration expects model provides input with shape [-1]  for ragged input '${name}', model provides [${m.shape.join(',')}]`,
            spanOf(t, 'allow_ragged_batch'),
            undefined,
            m,
          );
        continue;
      }
      if (m.shape.length === 0) {
        if (dims.some((d) => d !== 1))
          push(
            'triton/model-io-dims',
            `unable to load model '${modelName}', scalar tensor '${name}', should only provide 1 in the model configuration when the model doesn't support batching. Model configuration provided: [${dims.join(',')}].`,
            dimsSpan,
            undefined,
            m,
          );
        continue;
      }
      const modelShape = `[${m.shape.join(',')}]`;
      if (maxBatch > 0 && m.shape[0] !== -1) {
        push(
          'triton/model-batch',
          `model '${modelName}', tensor '${name}': for the model to support batching the shape should have at least 1 dimension and the first dimension must be -1; but shape expected by the model is ${modelShape}`,
          has(config, 'max_batch_size') ? spanOf(config!, 'max_batch_size') : spanOf(t, 'dims'),
          [{ id: 'triton.setMaxBatchSizeZero', title: 'Set max_batch_size to 0 (the model has no batch dimension)' }],
          m,
        );
        continue;
      }
      const full = maxBatch > 0 ? [-1, ...dims] : dims;
      const exact = field === 'output';
      const agrees =
        full.length === m.shape.length &&
        full.every((d, i) => (!exact && (m.shape![i] === -1 || d === -1)) || d === m.shape![i]);
      if (!agrees) {
        const fixes = [{ id: 'triton.fixTensorDims', title: `Change dims to match the model` }];
        if (
          maxBatch > 0 &&
          dims.length === m.shape.length &&
          dims.every((d, i) => m.shape![i] === -1 || d === m.shape![i])
        ) {
          fixes.unshift({
            id: 'triton.removeBatchDim',
            title: 'Remove the batch dimension from dims (max_batch_size > 0 adds it)',
          });
        }
        if (maxBatch === 0 && m.shape.length === dims.length + 1 && m.shape[0] === -1) {
          fixes.unshift({
            id: 'triton.addBatchDim',
            title: 'Add the batch dimension -1 to dims (max_batch_size is 0)',
          });
        }
        const specified =
          maxBatch > 0
            ? `${full.length} dimensions (an initial batch dimension because max_batch_size > 0 followed by the explicit tensor shape, making complete shape [${full.join(',')}])`
            : `${full.length} dimensions (shape [${full.join(',')}])`;
        const modelDims = maxBatch > 0 ? m.shape.slice(1) : m.shape;
        push(
          'triton/model-io-dims',
          `${differenceFirst(`dims [${dims.join(',')}]`, `[${modelDims.join(',')}]`, field, name)}model '${modelName}', tensor '${name}': the model expects ${m.shape.length} dimensions (shape ${modelShape}) but the model configuration specifies ${specified}`,
          dimsSpan,
          fixes,
          m,
        );
      }
    }
  }

  // Sequence control tensors are model inputs of shape [1] (after the batch dimension).
  const modelInputs = new Map(sig.inputs.map((t) => [t.name, t]));
  for (const control of controls) {
    const name = str(control, 'name');
    const m = modelInputs.get(name);
    if (!m) {
      push(
        'triton/model-io-name',
        `configuration specified sequence control '${name}', but model does not provide that input${didYouMean(name, modelInputs.keys())}`,
        spanOf(control, 'name'),
      );
      continue;
    }
    const debatched = (m.shape ?? []).slice(maxBatch > 0 ? 1 : 0);
    if (m.shape && (debatched.length !== 1 || debatched[0] !== 1)) {
      push(
        'triton/model-io-dims',
        `unable to load model '${modelName}', sequence control '${name}' in model has dims [${debatched.join(',')}] but dims [1] is expected`,
        spanOf(control, 'name'),
        undefined,
        m,
      );
    }
  }
  return out;
}

/** The difference a reader needs first, before Triton's own (longer) wording of the same error. */
function differenceFirst(configValue: string, modelValue: string, field: string, name: string): string {
  return `config ${configValue} ≠ model ${modelValue} (${field} ${name}): `;
}
