// Triton's own checks on one model configuration (ValidateModelConfig / ValidateModelIOConfig in Triton core):
// max_batch_size, platform/backend/runtime, inputs/outputs, dims and reshape here; schedulers in
// scheduler-rules.ts; instance groups, batch IO, warmup, metrics and parameters in instance-io-rules.ts.
// Messages state the fact Triton states, mostly in Triton's own wording so users can search for them.
import { type CMessage, has, str, num, bool, msg, msgs, nums, spanOf, nameSpanOf, written } from './config';
import { type Diagnostic, type Report, reportInto } from './diagnostic';
import type { ModelFolder, ValidateOptions } from './model';
import { PLATFORM_BACKEND, ENSEMBLE_PLATFORM, KNOWN_BACKENDS, AUTOCOMPLETE_BACKENDS } from './platforms';
import { didYouMean } from './did-you-mean';
import { determineBackend } from './backend';
import { checkDynamicBatching, checkSequenceBatching } from './scheduler-rules';
import {
  checkBackendParameters,
  checkBatchIO,
  checkInstanceGroups,
  checkMetrics,
  checkWarmup,
} from './instance-io-rules';

export function checkConfigRules(model: ModelFolder, config: CMessage, options: ValidateOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const name = str(config, 'name') || model.name;
  const err = reportInto(out);
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
  // Backends beyond the ones Triton ships may fill fields in their own auto-complete (FasterTransformer sets
  // data_type from its parameters), which we cannot run: a field such a backend may fill is at most a warning.
  const backendMayFill =
    options.autoCompleteConfig !== false && !filledFromModel && !isEnsemble && !KNOWN_BACKENDS.includes(backend);
  checkIO(
    config,
    name,
    maxBatch,
    backend,
    filledFromModel ? 'model' : backendMayFill ? 'backend' : 'none',
    err,
    isEnsemble,
  );
  if (!isEnsemble) checkInstanceGroups(config, name, backend, options, err);
  checkDynamicBatching(config, name, maxBatch, err);
  checkSequenceBatching(config, name, maxBatch, err);
  checkBatchIO(model, config, name, err);
  checkWarmup(config, name, maxBatch, err);
  checkMetrics(config, err);
  checkBackendParameters(model, config, name, err);
  return out;
}

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
  /** Who may fill missing data_type/dims: auto-complete from the model file, the backend's own code, or nobody. */
  filledBy: 'model' | 'backend' | 'none',
  err: Report,
  isEnsemble: boolean,
): void {
  const mayFill = `; backend '${backend}' may fill it during auto-complete, which ModelReady cannot run (Triton refuses the model if it does not)`;
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
      if (seen.has(ioName)) {
        // Triton core's ensemble validation (ensemble_utils.cc) emplaces ensemble inputs and outputs by name: a name
        // listed twice is kept once and the model loads. Other models keep the error (their backends match names).
        if (isEnsemble)
          err(
            'triton/io',
            `ensemble ${word} '${ioName}' is listed more than once for ${name}; Triton keeps one (the later entry is redundant)`,
            spanOf(io, 'name'),
            'warning',
          );
        else err('triton/io', `model ${word} '${ioName}' is specified more than once for ${name}`, spanOf(io, 'name'));
      }
      seen.add(ioName);
      const missingType = !written(io, 'data_type') || str(io, 'data_type') === 'TYPE_INVALID';
      if (filledBy !== 'model' && missingType) {
        const message = `model ${word} '${ioName}' must specify 'data_type' for ${name}`;
        if (filledBy === 'backend') err('triton/io', message + mayFill, spanOf(io, 'name'), 'warning');
        else err('triton/io', message, spanOf(io, 'name'));
      }
      const dims = nums(io, 'dims');
      if (filledBy !== 'model' && !written(io, 'dims')) {
        const message = `model ${word} '${ioName}' must specify 'dims' for ${name}`;
        if (filledBy === 'backend') err('triton/dims', message + mayFill, spanOf(io, 'name'), 'warning');
        else err('triton/dims', message, spanOf(io, 'name'));
      }
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
