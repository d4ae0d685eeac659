// Triton's own checks on one model configuration (ValidateModelConfig / ValidateModelIOConfig in Triton core):
// batching, dims and reshape, data types, platform/backend/runtime, instance groups, schedulers, batch IO and
// warmup. Messages state the fact Triton states, mostly in Triton's own wording so users can search for them.
import {
  type CMessage,
  has,
  str,
  num,
  bool,
  msg,
  msgs,
  nums,
  strs,
  mapEntries,
  spanOf,
  nameSpanOf,
  written,
} from './config';
import type { Diagnostic } from './diagnostic';
import type { TritonRuleId } from './rules';
import type { ModelFolder, ValidateOptions } from './model';
import {
  PLATFORM_BACKEND,
  ENSEMBLE_PLATFORM,
  KNOWN_BACKENDS,
  AUTOCOMPLETE_BACKENDS,
  backendFromFilename,
} from './platforms';
import { didYouMean } from './did-you-mean';

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

export function checkConfigRules(model: ModelFolder, config: CMessage, options: ValidateOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const name = str(config, 'name') || model.name;
  const err = (
    ruleId: TritonRuleId,
    message: string,
    span: { start: number; end: number },
    severity: Diagnostic['severity'] = 'error',
  ) => out.push({ ruleId, severity, message, start: span.start, end: span.end });
  const maxBatch = num(config, 'max_batch_size');
  const platform = str(config, 'platform');
  const isEnsemble = platform === ENSEMBLE_PLATFORM;

  if (maxBatch < 0)
    err(
      'triton/max-batch-size',
      `'max_batch_size' must be non-negative value for ${name}`,
      spanOf(config, 'max_batch_size'),
    );

  checkPlatformBackend(model, config, name, options, err);

  // Ensemble scheduling belongs to ensembles only, and ensembles must have it.
  if (has(config, 'ensemble_scheduling') && !isEnsemble) {
    err(
      'triton/ensemble',
      `ensemble scheduling cannot be set for model '${name}' whose platform is not ensemble`,
      nameSpanOf(config, 'ensemble_scheduling'),
    );
  }
  if (isEnsemble) {
    if (!has(config, 'ensemble_scheduling'))
      err(
        'triton/ensemble',
        `ensemble scheduling must be set for ensemble ${name} whose platform is ensemble`,
        spanOf(config, 'platform'),
      );
    if (has(config, 'instance_group'))
      err(
        'triton/ensemble',
        `instance group should not be specified for ensemble '${name}'`,
        nameSpanOf(config, 'instance_group'),
      );
    if (has(config, 'optimization'))
      err(
        'triton/ensemble',
        `optimization should not be specified for ensemble '${name}'`,
        nameSpanOf(config, 'optimization'),
      );
    if (has(config, 'model_warmup'))
      err(
        'triton/ensemble',
        `model_warmup can not be specified for ensemble '${name}'`,
        nameSpanOf(config, 'model_warmup'),
      );
  }

  // With auto-complete, Triton fills missing data types and dims from the model file (backends that support it).
  const backend = determineBackend(model, config).backend;
  const filledFromModel = options.autoCompleteConfig !== false && (!backend || AUTOCOMPLETE_BACKENDS.has(backend));
  checkIO(config, name, maxBatch, backend, filledFromModel, err);
  if (!isEnsemble) checkInstanceGroups(config, name, backend, options, err);
  checkDynamicBatching(config, name, maxBatch, err);
  checkSequenceBatching(config, name, maxBatch, err);
  checkBatchIO(model, config, name, err);
  checkWarmup(config, name, maxBatch, err);
  checkMetrics(config, err);
  checkBackendParameters(model, config, name, err);
  return out;
}

/** Metric families whose histogram Triton core lets a model configure. */
const CUSTOMIZABLE_METRICS = ['nv_inference_first_response_histogram_ms'];

function checkMetrics(config: CMessage, err: Report): void {
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

function checkBackendParameters(model: ModelFolder, config: CMessage, name: string, err: Report): void {
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

type Report = (
  ruleId: TritonRuleId,
  message: string,
  span: { start: number; end: number },
  severity?: Diagnostic['severity'],
) => void;

function checkPlatformBackend(
  model: ModelFolder,
  config: CMessage,
  name: string,
  options: ValidateOptions,
  err: Report,
): void {
  const platform = str(config, 'platform');
  const backend = str(config, 'backend');
  const runtime = str(config, 'runtime');
  if (platform === ENSEMBLE_PLATFORM) {
    if (backend)
      err(
        'triton/platform-backend',
        `Ensemble model '${name}' must have platform type 'ensemble' and empty backend type`,
        spanOf(config, 'backend'),
      );
    return;
  }
  const determined = determineBackend(model, config);
  if (platform && !PLATFORM_BACKEND[platform]) {
    const hint = didYouMean(platform, [...Object.keys(PLATFORM_BACKEND), ENSEMBLE_PLATFORM]);
    err(
      'triton/platform-backend',
      `unexpected 'platform' and 'backend' pair, got:${platform}, ${determined.backend}.${hint}`,
      spanOf(config, 'platform'),
    );
    return;
  }
  if (platform && backend && PLATFORM_BACKEND[platform] !== backend) {
    err(
      'triton/platform-backend',
      `unexpected 'platform' and 'backend' pair, got:${platform}, ${backend} (platform '${platform}' is served by backend '${PLATFORM_BACKEND[platform]}')`,
      spanOf(config, 'backend'),
    );
    return;
  }
  if (!determined.backend) {
    err(
      'triton/backend-unknown',
      `Invalid model name: Could not determine backend for model '${name}' with no backend in model configuration. Expected model name of the form 'model.<backend_name>'.`,
      has(config, 'name') ? spanOf(config, 'name') : spanOf(config),
    );
    return;
  }
  if (runtime) {
    if (runtime.includes('..') || runtime.startsWith('/') || /^[A-Za-z]:[\\/]/.test(runtime)) {
      err('triton/runtime', `backend library name '${runtime}' escapes backend directory`, spanOf(config, 'runtime'));
    } else if (!/\.(so|dll|py)$/.test(runtime)) {
      err(
        'triton/runtime',
        `unable to find backend library '${runtime}' for model '${name}' (a runtime is a backend shared library such as 'libtriton_${determined.backend}.so' or a Python backend file 'model.py')`,
        spanOf(config, 'runtime'),
      );
    }
    return;
  }
  const known = [...KNOWN_BACKENDS, ...(options.extraBackends ?? [])];
  if (!known.includes(determined.backend)) {
    const span =
      determined.source === 'backend'
        ? spanOf(config, 'backend')
        : has(config, 'name')
          ? spanOf(config, 'name')
          : spanOf(config);
    err(
      'triton/backend-unknown',
      `unable to find backend library for backend '${determined.backend}', try specifying runtime on the model configuration.${didYouMean(determined.backend, known)}`,
      span,
    );
  }
}

function checkIO(
  config: CMessage,
  name: string,
  maxBatch: number,
  backend: string,
  filledFromModel: boolean,
  err: Report,
): void {
  for (const [field, word] of [
    ['input', 'input'],
    ['output', 'output'],
  ] as const) {
    const seen = new Set<string>();
    for (const io of msgs(config, field)) {
      const ioName = str(io, 'name');
      if (!ioName) {
        if (!written(io, 'name')) err('triton/io', `model ${word} must specify 'name' for ${name}`, spanOf(io));
        continue;
      }
      if (seen.has(ioName))
        err('triton/io', `model ${word} '${ioName}' is specified more than once for ${name}`, spanOf(io, 'name'));
      seen.add(ioName);
      const missingType = !written(io, 'data_type') || str(io, 'data_type') === 'TYPE_INVALID';
      if (!filledFromModel && missingType) {
        err('triton/io', `model ${word} '${ioName}' must specify 'data_type' for ${name}`, spanOf(io, 'name'));
      }
      const dims = nums(io, 'dims');
      if (!filledFromModel && !written(io, 'dims'))
        err('triton/dims', `model ${word} '${ioName}' must specify 'dims' for ${name}`, spanOf(io, 'name'));
      if (bool(io, 'is_shape_tensor') && backend !== 'tensorrt') {
        err(
          'triton/io',
          `shape tensors are only supported for TensorRT platform (model ${word} '${ioName}' of ${name})`,
          spanOf(io, 'is_shape_tensor'),
        );
      }
      if (dims.some((d) => d !== -1 && d < 1)) {
        err(
          'triton/dims',
          `model ${word} '${ioName}' dimension must be integer >= 1, or -1 to indicate a variable-size dimension for ${name}`,
          spanOf(io, 'dims'),
        );
      }
      const format = str(io, 'format');
      if ((format === 'FORMAT_NHWC' || format === 'FORMAT_NCHW') && dims.length !== 3) {
        err('triton/dims', `model input NHWC/NCHW require 3 dims for ${name}`, spanOf(io, 'format'));
      }
      const reshape = msg(io, 'reshape');
      if (reshape) checkReshape(io, reshape, dims, `model ${word} '${ioName}'`, name, maxBatch, err);
    }
  }
}

function checkReshape(
  io: CMessage,
  reshape: CMessage,
  dims: number[],
  what: string,
  name: string,
  maxBatch: number,
  err: Report,
): void {
  const shape = nums(reshape, 'shape');
  const span = spanOf(io, 'reshape');
  if (shape.length === 0 && maxBatch === 0) {
    err(
      'triton/reshape',
      `${what} cannot have empty reshape for non-batching model as scalar tensors are not supported for ${name}`,
      span,
    );
    return;
  }
  if (shape.some((d) => d !== -1 && d < 1)) {
    err(
      'triton/reshape',
      `${what} reshape dimensions must be integer >= 1, or -1 to indicate a variable-size dimension for ${name}`,
      span,
    );
    return;
  }
  if (dims.some((d) => d !== -1 && d < 1)) return; // already reported on dims
  const count = (s: number[]) => (s.includes(-1) ? -1 : s.reduce((a, b) => a * b, 1));
  if (count(dims) !== count(shape)) {
    err('triton/reshape', `${what} has different size for dims and reshape for ${name}`, span);
    return;
  }
  if (count(dims) === -1) {
    const variables = (s: number[]) => s.filter((d) => d === -1).length;
    if (variables(dims) !== variables(shape)) {
      err(
        'triton/reshape',
        `${what} has different number of variable-size dimensions for dims and reshape for ${name}`,
        span,
      );
      return;
    }
    // Between each pair of variable-size dims the fixed element counts must agree.
    const groups = (s: number[]) => {
      const g = [1];
      for (const d of s) {
        if (d === -1) g.push(1);
        else g[g.length - 1] *= d;
      }
      return g.join(',');
    };
    if (groups(dims) !== groups(shape))
      err('triton/reshape', `${what} has different size for dims and reshape for ${name}`, span);
  }
}

function checkInstanceGroups(
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

function checkDynamicBatching(config: CMessage, name: string, maxBatch: number, err: Report): void {
  const db = msg(config, 'dynamic_batching');
  if (!db) return;
  if (maxBatch === 0) {
    err(
      'triton/dynamic-batching',
      `dynamic batching is set but max_batch_size is 0 for ${name}: the model does not batch, so requests are never combined`,
      nameSpanOf(config, 'dynamic_batching'),
      'warning',
    );
  }
  for (const size of nums(db, 'preferred_batch_size')) {
    if (size < 1)
      err(
        'triton/dynamic-batching',
        `dynamic batching preferred size must be positive for ${name}`,
        spanOf(db, 'preferred_batch_size'),
      );
    else if (maxBatch > 0 && size > maxBatch)
      err(
        'triton/dynamic-batching',
        `dynamic batching preferred size must be <= max batch size for ${name} (preferred ${size} > max_batch_size ${maxBatch})`,
        spanOf(db, 'preferred_batch_size'),
      );
  }
  const levels = num(db, 'priority_levels');
  if (levels > 0) {
    const def = num(db, 'default_priority_level');
    if (def < 1 || def > levels)
      err(
        'triton/dynamic-batching',
        `default priority level must be in range [1, ${levels}] for ${name}`,
        has(db, 'default_priority_level') ? spanOf(db, 'default_priority_level') : spanOf(db, 'priority_levels'),
      );
    for (const { key, entry } of mapEntries(db, 'priority_queue_policy')) {
      const level = Number(key);
      if (level < 1 || level > levels)
        err(
          'triton/dynamic-batching',
          `priority queue policy must have priority level in range [1, ${levels}] for ${name}`,
          spanOf(entry, 'key'),
        );
    }
  } else if (has(db, 'priority_queue_policy')) {
    err(
      'triton/dynamic-batching',
      `priority queue policy must have priority level in range [1, 0] for ${name}: set 'priority_levels' first`,
      nameSpanOf(db, 'priority_queue_policy'),
    );
  }
  if (bool(db, 'preserve_ordering')) {
    if (levels > 1)
      err(
        'triton/dynamic-batching',
        `Only one priority level is allowed when 'preserve_ordering' is true for ${name}`,
        spanOf(db, 'priority_levels'),
      );
    const policies = [
      msg(db, 'default_queue_policy'),
      ...mapEntries(db, 'priority_queue_policy').map((e) => (typeof e.value === 'object' ? e.value : undefined)),
    ];
    for (const policy of policies) {
      // A DELAY action only matters with a timeout: without one nothing is ever delayed.
      if (policy && str(policy, 'timeout_action') === 'DELAY' && num(policy, 'default_timeout_microseconds') !== 0) {
        err(
          'triton/dynamic-batching',
          `Queue policy can not have DELAY as timeout action when 'preserve_ordering' is true for ${name}`,
          spanOf(policy, 'timeout_action'),
        );
      }
    }
  }
}

function checkSequenceBatching(config: CMessage, name: string, maxBatch: number, err: Report): void {
  const sb = msg(config, 'sequence_batching');
  if (!sb) return;
  const seenKinds = new Map<string, number>();
  const seenTensors = new Set<string>();
  for (const ci of msgs(sb, 'control_input')) {
    const tensor = str(ci, 'name');
    if (!written(ci, 'name'))
      err('triton/sequence-batching', `sequence batching control tensor must have a name for ${name}`, spanOf(ci));
    else if (seenTensors.has(tensor))
      err(
        'triton/sequence-batching',
        `sequence batching control tensor '${tensor}' is specified for multiple control kinds for ${name}`,
        spanOf(ci, 'name'),
      );
    seenTensors.add(tensor);
    for (const control of msgs(ci, 'control')) {
      const kind = str(control, 'kind') || 'CONTROL_SEQUENCE_START';
      seenKinds.set(kind, (seenKinds.get(kind) ?? 0) + 1);
      if (seenKinds.get(kind) === 2)
        err(
          'triton/sequence-batching',
          `sequence batching specifies multiple ${kind} tensors for ${name}`,
          spanOf(control, 'kind'),
        );
      const lists = ['int32_false_true', 'fp32_false_true', 'bool_false_true'].filter((f) => has(control, f));
      if (kind === 'CONTROL_SEQUENCE_CORRID') {
        if (lists.length > 0)
          err(
            'triton/sequence-batching',
            `sequence batching must not specify either 'int32_false_true', 'fp32_false_true' or 'bool_false_true' for ${kind} for ${name}`,
            spanOf(control, lists[0]),
          );
        const dt = str(control, 'data_type');
        if (!['TYPE_UINT64', 'TYPE_INT64', 'TYPE_UINT32', 'TYPE_INT32', 'TYPE_STRING'].includes(dt)) {
          err(
            'triton/sequence-batching',
            `sequence batching must specify 'data_type' as TYPE_UINT64, TYPE_INT64, TYPE_UINT32, TYPE_INT32 or TYPE_STRING for ${kind} for ${name}`,
            has(control, 'data_type') ? spanOf(control, 'data_type') : spanOf(control, 'kind'),
          );
        }
      } else {
        if (lists.length !== 1) {
          err(
            'triton/sequence-batching',
            `sequence batching must specify exactly one of 'int32_false_true', 'fp32_false_true' or 'bool_false_true' for ${kind} for ${name}`,
            spanOf(control, 'kind'),
          );
        } else {
          const count = control.fields.get(lists[0])?.values.length ?? 0;
          if (count !== 2)
            err(
              'triton/sequence-batching',
              `sequence batching control '${lists[0]}' must have exactly 2 entries for ${kind} for ${name}`,
              spanOf(control, lists[0]),
            );
        }
        if (has(control, 'data_type'))
          err(
            'triton/sequence-batching',
            `sequence batching must not specify 'data_type' for ${kind} for ${name}`,
            spanOf(control, 'data_type'),
          );
      }
    }
  }
  for (const state of msgs(sb, 'state')) {
    if (!str(state, 'input_name') || !str(state, 'output_name'))
      err(
        'triton/sequence-batching',
        `sequence batching state must specify both 'input_name' and 'output_name' for ${name}`,
        spanOf(state),
      );
    if (!written(state, 'data_type') || str(state, 'data_type') === 'TYPE_INVALID')
      err(
        'triton/sequence-batching',
        `sequence batching state '${str(state, 'input_name')}' must specify 'data_type' for ${name}`,
        spanOf(state),
      );
    if (nums(state, 'dims').some((d) => d !== -1 && d < 1))
      err(
        'triton/sequence-batching',
        `sequence batching state '${str(state, 'input_name')}' dimension must be integer >= 1, or -1 to indicate a variable-size dimension for ${name}`,
        spanOf(state, 'dims'),
      );
  }
  const oldest = msg(sb, 'oldest');
  for (const size of nums(oldest, 'preferred_batch_size')) {
    if (size <= 0)
      err(
        'triton/sequence-batching',
        `sequence batching preferred batch size must be positive for ${name}`,
        spanOf(oldest!, 'preferred_batch_size'),
      );
    else if (size > maxBatch)
      err(
        'triton/sequence-batching',
        `sequence batching preferred batch size must be <= max batch size for ${name}`,
        spanOf(oldest!, 'preferred_batch_size'),
      );
  }
  const direct = msg(sb, 'direct');
  const utilization = num(direct, 'minimum_slot_utilization');
  if (direct && (utilization < 0 || utilization > 1)) {
    err(
      'triton/sequence-batching',
      `sequence batching minimum slot utilization must be in range (0.0, 1.0] for ${name}`,
      spanOf(direct, 'minimum_slot_utilization'),
    );
  }
}

function checkBatchIO(model: ModelFolder, config: CMessage, name: string, err: Report): void {
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

function checkWarmup(config: CMessage, name: string, maxBatch: number, err: Report): void {
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
