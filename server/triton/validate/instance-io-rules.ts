// Triton core's checks on instance groups, batch inputs/outputs, warmup samples, metric controls and the TensorRT
// backend's parameters.
import { type CMessage, has, str, num, msg, msgs, nums, strs, mapEntries, spanOf, nameSpanOf, written } from './config';
import type { ModelFolder, ValidateOptions } from './model';
import { didYouMean } from './did-you-mean';
import { determineBackend } from './backend';
import type { Report } from './diagnostic';

export function checkInstanceGroups(
  config: CMessage,
  name: string,
  backend: string,
  options: ValidateOptions,
  err: Report,
): void {
  msgs(config, 'instance_group').forEach((group, index) => {
    const groupName = str(group, 'name') || `${name}_${index}`;
    const kind = str(group, 'kind') || 'KIND_AUTO';
    const gpus = nums(group, 'gpus');
    if (has(group, 'count') && num(group, 'count') < 0) {
      err(
        'triton/instance-group',
        `instance group ${groupName} of model ${name} has count ${num(group, 'count')}; Triton runs 1 instance instead`,
        spanOf(group, 'count'),
        'warning',
      );
    }
    if ((kind === 'KIND_CPU' || kind === 'KIND_MODEL') && gpus.length > 0) {
      err(
        'triton/instance-group',
        `instance group ${groupName} of model ${name} has kind ${kind} but specifies one or more GPUs`,
        spanOf(group, 'gpus'),
      );
    }
    for (const gpu of gpus) {
      if (gpu < 0 || (options.gpuCount !== undefined && gpu >= options.gpuCount)) {
        err(
          'triton/instance-group',
          `instance group ${groupName} of model ${name} specifies invalid or unsupported gpu id ${gpu}${options.gpuCount !== undefined ? ` (the target has ${options.gpuCount} GPU${options.gpuCount === 1 ? '' : 's'})` : ''}`,
          spanOf(group, 'gpus'),
        );
      }
    }
    const profiles = strs(group, 'profile');
    if (profiles.length > 0 && backend !== 'tensorrt') {
      err(
        'triton/instance-group',
        `instance group ${groupName} of model ${name} and platform ${str(config, 'platform') || backend} specifies profile field which is only supported for TensorRT models`,
        spanOf(group, 'profile'),
      );
    }
    if (kind === 'KIND_GPU' && options.gpuCount === 0) {
      err(
        'triton/instance-group',
        `instance group ${groupName} of model ${name} has kind KIND_GPU but no GPUs are available`,
        spanOf(group, 'kind'),
      );
    }
    for (const profile of profiles) {
      if (!/^\d+$/.test(profile))
        err(
          'triton/instance-group',
          `instance group ${groupName} of model ${name} has invalid profile '${profile}': TensorRT optimization profiles are named by their index`,
          spanOf(group, 'profile'),
        );
    }
  });
}

export function checkBatchIO(model: ModelFolder, config: CMessage, name: string, err: Report): void {
  const batchInputs = msgs(config, 'batch_input');
  const batchOutputs = msgs(config, 'batch_output');
  if (batchInputs.length === 0 && batchOutputs.length === 0) return;
  const backend = determineBackend(model, config).backend;
  if (['onnxruntime', 'pytorch', 'tensorflow'].includes(backend)) {
    err(
      'triton/batch-io',
      `batch inputs and batch outputs are only supported for custom platform and TensorRT platform (model ${name} uses '${backend}')`,
      nameSpanOf(config, batchInputs.length ? 'batch_input' : 'batch_output'),
    );
  }
  const inputs = new Set(msgs(config, 'input').map((i) => str(i, 'name')));
  const outputs = new Set(msgs(config, 'output').map((o) => str(o, 'name')));
  for (const bi of batchInputs) {
    const kind = str(bi, 'kind') || 'BATCH_ELEMENT_COUNT';
    const sources = strs(bi, 'source_input');
    if (sources.length !== 1)
      err(
        'triton/batch-io',
        `batch input kind '${kind}' expects 1 source input, got ${sources.length}`,
        has(bi, 'source_input') ? spanOf(bi, 'source_input') : spanOf(bi, 'kind'),
      );
    for (const s of sources)
      if (!inputs.has(s))
        err('triton/batch-io', `unknown source input name '${s}'${didYouMean(s, inputs)}`, spanOf(bi, 'source_input'));
    if (strs(bi, 'target_name').length === 0)
      err('triton/batch-io', `batch input kind '${kind}' must specify 'target_name' for ${name}`, spanOf(bi));
    const dt = str(bi, 'data_type');
    if (dt && dt !== 'TYPE_INT32' && dt !== 'TYPE_FP32')
      err(
        'triton/batch-io',
        `batch input '${strs(bi, 'target_name')[0] ?? ''}' data type must be TYPE_INT32 or TYPE_FP32, got ${dt}`,
        spanOf(bi, 'data_type'),
      );
  }
  for (const bo of batchOutputs) {
    const kind = str(bo, 'kind') || 'BATCH_SCATTER_WITH_INPUT_SHAPE';
    const sources = strs(bo, 'source_input');
    if (sources.length !== 1)
      err(
        'triton/batch-io',
        `batch output kind '${kind}' expects 1 source input, got ${sources.length}`,
        has(bo, 'source_input') ? spanOf(bo, 'source_input') : spanOf(bo),
      );
    for (const s of sources)
      if (!inputs.has(s))
        err('triton/batch-io', `unknown source input name '${s}'${didYouMean(s, inputs)}`, spanOf(bo, 'source_input'));
    for (const t of strs(bo, 'target_name'))
      if (!outputs.has(t))
        err('triton/batch-io', `unknown target output name '${t}'${didYouMean(t, outputs)}`, spanOf(bo, 'target_name'));
  }
}

export function checkWarmup(config: CMessage, name: string, maxBatch: number, err: Report): void {
  const inputs = new Set(msgs(config, 'input').map((i) => str(i, 'name')));
  for (const warmup of msgs(config, 'model_warmup')) {
    const wname = str(warmup, 'name');
    if (!written(warmup, 'name')) err('triton/warmup', `model warmup must specify 'name' for ${name}`, spanOf(warmup));
    const batch = num(warmup, 'batch_size');
    if (maxBatch === 0 ? batch > 1 : batch > maxBatch) {
      err(
        'triton/warmup',
        `model warmup '${wname}' batch_size ${batch} is larger than what the model supports (max_batch_size ${maxBatch}) for ${name}`,
        spanOf(warmup, 'batch_size'),
      );
    }
    for (const { key, value } of mapEntries(warmup, 'inputs')) {
      const input = typeof value === 'object' ? value : undefined;
      const span = input ? spanOf(input) : spanOf(warmup, 'inputs');
      if (inputs.size > 0 && !inputs.has(String(key)))
        err(
          'triton/warmup',
          `model warmup '${wname}' has input '${key}' that is not an input of model ${name}${didYouMean(String(key), inputs)}`,
          span,
        );
      if (!input) continue;
      if (!written(input, 'data_type') || str(input, 'data_type') === 'TYPE_INVALID')
        err('triton/warmup', `model warmup '${wname}' input '${key}' must specify 'data_type' for ${name}`, span);
      if (nums(input, 'dims').some((d) => d < 1))
        err(
          'triton/warmup',
          `model warmup '${wname}' input '${key}' dims must be integers >= 1 (warmup data has a concrete shape) for ${name}`,
          spanOf(input, 'dims'),
        );
      if (!has(input, 'zero_data') && !has(input, 'random_data') && !has(input, 'input_data_file')) {
        err(
          'triton/warmup',
          `model warmup '${wname}' input '${key}' must specify one of 'zero_data', 'random_data' or 'input_data_file' for ${name}`,
          span,
        );
      }
    }
  }
}

/** Metric families whose histogram Triton core lets a model configure. */
const CUSTOMIZABLE_METRICS = ['nv_inference_first_response_histogram_ms'];

export function checkMetrics(config: CMessage, err: Report): void {
  for (const control of msgs(msg(config, 'model_metrics'), 'metric_control')) {
    const identifier = msg(control, 'metric_identifier');
    const family = str(identifier, 'family');
    const familyMissing = has(identifier, 'family') ? family === '' : !written(identifier, 'family');
    if (familyMissing)
      err(
        'triton/metrics',
        `metric identifier must specify non-empty 'family'`,
        identifier ? spanOf(identifier, 'family') : spanOf(control),
      );
    else if (!CUSTOMIZABLE_METRICS.includes(family)) {
      err(
        'triton/metrics',
        `Metric family '${family}' in 'metric_identifier' is not a customizable metric in Triton core.${didYouMean(family, CUSTOMIZABLE_METRICS)}`,
        spanOf(identifier!, 'family'),
        'warning',
      );
    }
    const histogram = msg(control, 'histogram_options');
    if (!histogram) err('triton/metrics', `metric control must specify 'histogram_options'`, spanOf(control));
    else if (nums(histogram, 'buckets').length === 0)
      err(
        'triton/metrics',
        `histogram options must specify non-empty 'buckets'`,
        has(histogram, 'buckets') ? spanOf(histogram, 'buckets') : spanOf(histogram),
      );
  }
}

/** `parameters` values the TensorRT backend validates when it creates model instances. */
const TENSORRT_PARAMETERS: Record<string, string[]> = {
  execution_context_allocation_strategy: ['STATIC', 'ON_PROFILE_CHANGE'],
};

export function checkBackendParameters(model: ModelFolder, config: CMessage, name: string, err: Report): void {
  if (determineBackend(model, config).backend !== 'tensorrt') return;
  for (const { key, value, entry } of mapEntries(config, 'parameters')) {
    const allowed = TENSORRT_PARAMETERS[String(key)];
    const v = typeof value === 'object' ? str(value, 'string_value') : '';
    if (allowed && !allowed.includes(v)) {
      err(
        'triton/parameters',
        `Invalid value for '${key}': '${v}' for model instance '${name}' (the TensorRT backend accepts ${allowed.map((a) => `'${a}'`).join(', ')})`,
        spanOf(entry, 'value'),
      );
    }
  }
}
