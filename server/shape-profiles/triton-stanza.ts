// Turns optimization profiles into what a Triton model configuration needs, for the two backends that build
// TensorRT engines from them:
// - TensorRT plan (`platform: "tensorrt_plan"` / `backend: "tensorrt"`): `max_batch_size` within every profile's
//   batch range, input and output `dims` from the model's shapes with -1 for dynamic dims (batch dim left out when
//   batching, so turning batching on or off rewrites them all), and `instance_group` entries naming the profiles
//   (`profile: [ "0" ]`).
// - ONNX Runtime with the TensorRT execution provider: the `trt_profile_min_shapes/opt_shapes/max_shapes`
//   parameters of the "tensorrt" gpu_execution_accelerator (onnxruntime_backend README). ONNX Runtime reads
//   several profiles from one string by repeating the input names, and splits on ',' and the first ':'.
// Editing an existing config.pbtxt with these stanzas is config-profile-edit.ts.
import type { ModelInputShape, Profile, ShapeRange, TritonProfileBackend } from '../contract/shape-profiles';
import type { Range } from '../findings';
import { ONNX_TO_TRITON } from '../triton/validate/onnx-signature';

export interface TextEdit {
  range: Range;
  newText: string;
}

export class ProfileStanzaError extends Error {}

export const ORT_PARAMETER = {
  min: 'trt_profile_min_shapes',
  opt: 'trt_profile_opt_shapes',
  max: 'trt_profile_max_shapes',
} as const;

/** A protobuf text-format string literal (quotes, backslashes and control characters escaped). */
export function textFormatString(s: string): string {
  let out = '"';
  for (const c of s) {
    const code = c.charCodeAt(0);
    if (c === '\\' || c === '"') out += `\\${c}`;
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += c;
  }
  return `${out}"`;
}

/** `trt_profile_*_shapes` values: every profile's `name:dims` pairs, profiles one after another. */
export function ortProfileShapes(profiles: Profile[], pick: keyof ShapeRange): string {
  return profiles
    .flatMap((p) =>
      Object.entries(p).map(([name, r]) => {
        if (/[,:]/.test(name))
          throw new ProfileStanzaError(
            `input name ${JSON.stringify(name)} holds ',' or ':'; ONNX Runtime splits trt_profile_*_shapes on them, so the TensorRT execution provider cannot be given its shape`,
          );
        if (r[pick].length === 0)
          throw new ProfileStanzaError(
            `input "${name}" is a scalar; trt_profile_*_shapes cannot express a scalar shape`,
          );
        return `${name}:${r[pick].join('x')}`;
      }),
    )
    .join(',');
}

export function ortStanza(profiles: Profile[]): string {
  const params = (['min', 'opt', 'max'] as const).map(
    (k) =>
      `      parameters { key: ${textFormatString(ORT_PARAMETER[k])} value: ${textFormatString(ortProfileShapes(profiles, k))} }`,
  );
  return [
    'optimization {',
    '  execution_accelerators {',
    '    gpu_execution_accelerator: [ {',
    '      name: "tensorrt"',
    ...params,
    '    } ]',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** The TensorRT plan settings implied by the profiles. */
export interface PlanSettings {
  /** 0 when the inputs do not all share one dynamic dim 0 (then dims are the full shapes). */
  maxBatchSize: number;
  inputs: { name: string; dataType: string; dims: number[] }[];
  /** The model's outputs with a known rank, dims as Triton wants them with this max_batch_size. */
  outputs: { name: string; dims: number[] }[];
  profileCount: number;
  notes: string[];
}

const dimKey = (input: ModelInputShape, axis: number): string | undefined => {
  const d = input.shape?.[axis];
  if (typeof d === 'number' && d >= 0) return undefined;
  return typeof d === 'string' && d !== '' ? d : `${input.name}[${axis}]`;
};

const tritonDims = (t: ModelInputShape, batching: boolean): number[] => {
  const dims = t.shape!.map((d) => (typeof d === 'number' && d >= 0 ? d : -1));
  return batching ? dims.slice(1) : dims;
};

export function planSettings(
  inputs: ModelInputShape[],
  profiles: Profile[],
  outputs: ModelInputShape[] = [],
): PlanSettings {
  const notes: string[] = [];
  const shaped = inputs.filter((i) => i.shape);
  const batchKeys = new Set(shaped.map((i) => (i.shape!.length > 0 ? dimKey(i, 0) : undefined)));
  const first = shaped[0]?.name;
  const sharedBatch =
    shaped.length > 0 &&
    batchKeys.size === 1 &&
    !batchKeys.has(undefined) &&
    profiles.every((p) => shaped.every((i) => p[i.name]));
  // With batching on, Triton takes every output's first dim as the batch too: a static or missing one rules it out.
  const unbatchableOutputs = outputs
    .filter((o) => o.shape && (o.shape.length === 0 || dimKey(o, 0) === undefined))
    .map((o) => o.name);
  if (sharedBatch && unbatchableOutputs.length > 0)
    notes.push(
      `output ${unbatchableOutputs.join(', ')} has no dynamic first dim, so Triton batching stays off (max_batch_size: 0) and dims are the full shapes`,
    );
  // Each instance uses one profile; Triton refuses a max_batch_size above the batch range of a profile it uses.
  const maxBatchSize =
    sharedBatch && unbatchableOutputs.length === 0 ? Math.min(...profiles.map((p) => p[first].max[0])) : 0;
  if (maxBatchSize > 0) {
    profiles.forEach((p, i) => {
      if (p[first].min[0] > 1)
        notes.push(
          `profile ${i} starts at batch ${p[first].min[0]}: requests with fewer items fail on instances using it`,
        );
    });
  } else if (shaped.length > 0 && unbatchableOutputs.length === 0) {
    notes.push(
      'the inputs do not share one dynamic first dim, so Triton batching stays off (max_batch_size: 0) and dims are the full shapes',
    );
  }
  return {
    maxBatchSize,
    profileCount: profiles.length,
    notes,
    inputs: shaped.map((i) => ({
      name: i.name,
      dataType: ONNX_TO_TRITON[i.elemType ?? ''] ?? 'TYPE_INVALID',
      dims: tritonDims(i, maxBatchSize > 0),
    })),
    outputs: outputs.filter((o) => o.shape).map((o) => ({ name: o.name, dims: tritonDims(o, maxBatchSize > 0) })),
  };
}

export const dimsText = (dims: number[]) => `dims: [ ${dims.join(', ')} ]`;
export const profileListText = (count: number) =>
  `profile: [ ${Array.from({ length: count }, (_, i) => `"${i}"`).join(', ')} ]`;

export function planStanza(settings: PlanSettings): string {
  const inputs = settings.inputs.map(
    (i) => `  {\n    name: ${textFormatString(i.name)}\n    data_type: ${i.dataType}\n    ${dimsText(i.dims)}\n  }`,
  );
  const groups = Array.from(
    { length: settings.profileCount },
    (_, i) => `  {\n    count: 1\n    kind: KIND_GPU\n    profile: [ "${i}" ]\n  }`,
  );
  return [
    `max_batch_size: ${settings.maxBatchSize}`,
    `input [\n${inputs.join(',\n')}\n]`,
    `instance_group [\n${groups.join(',\n')}\n]`,
    '',
  ].join('\n');
}

/** The stanza for a backend, as text to paste into a config.pbtxt. */
export function tritonStanza(
  backend: TritonProfileBackend,
  inputs: ModelInputShape[],
  profiles: Profile[],
  outputs: ModelInputShape[] = [],
): string {
  if (profiles.length === 0) throw new ProfileStanzaError('no profile to write');
  return backend === 'onnxruntime' ? ortStanza(profiles) : planStanza(planSettings(inputs, profiles, outputs));
}
