// Triton config dims at a profile corner: Triton accepts a request only when its shape matches the config's
// `dims` (-1 is any size), with the batch dim in front when max_batch_size > 0. A profile corner the config
// cannot carry, or an output whose inferred corner shape contradicts a fixed config dim, is an engine built for
// shapes Triton never sends, or one it refuses on load. (A batch past max_batch_size is only unused range.)
import fs from 'node:fs';
import type { Dim } from '../onnx/model';
import type { TensorInfo } from '../shape-inference/types';
import { tensorShape } from '../shape-inference/types';
import { msg, msgs, num, nums, str } from '../triton/validate/config';
import { parseModelConfig } from '../triton/validate';
import { tritonConfigFor } from './applied-profiles';

export interface TritonTensorDims {
  name: string;
  dims: number[];
}

export interface TritonIo {
  maxBatchSize: number;
  inputs: TritonTensorDims[];
  outputs: TritonTensorDims[];
}

/** The config's inputs and outputs with written dims (a `reshape`d tensor is left out: its dims are Triton's). */
export function tritonIoOf(configText: string): TritonIo | undefined {
  const parsed = parseModelConfig(configText);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return undefined; // the Triton rules say why
  const tensors = (field: 'input' | 'output') =>
    msgs(parsed.config, field)
      .filter((t) => !msg(t, 'reshape') && str(t, 'name'))
      .map((t) => ({ name: str(t, 'name'), dims: nums(t, 'dims') }));
  return { maxBatchSize: num(parsed.config, 'max_batch_size'), inputs: tensors('input'), outputs: tensors('output') };
}

/** The same for the config.pbtxt of the Triton model folder holding `modelFile`, when there is one. */
export function tritonIoFor(modelFile: string): TritonIo | undefined {
  const config = tritonConfigFor(modelFile);
  if (!config) return undefined;
  try {
    return tritonIoOf(fs.readFileSync(config, 'utf8'));
  } catch {
    return undefined; // an unreadable config is reported by the Triton rules themselves
  }
}

const format = (dims: readonly Dim[]) => `[${dims.map((d) => (d === null ? '?' : d)).join(', ')}]`;

/** Disagreements between the config and the corner: input shapes from the profile, output shapes inferred. */
export function tritonCornerProblems(
  io: TritonIo,
  shapes: Record<string, number[]>,
  tensors: Map<string, TensorInfo>,
): { reason: string }[] {
  const problems: { reason: string }[] = [];
  const batched = io.maxBatchSize > 0;
  const check = (kind: 'input' | 'output', spec: TritonTensorDims, shape: Dim[]) => {
    const full = batched ? [-1, ...spec.dims] : spec.dims;
    const written = `config.pbtxt ${kind} "${spec.name}" dims ${format(spec.dims)}${batched ? ` with max_batch_size ${io.maxBatchSize}` : ''}`;
    if (shape.length !== full.length) {
      problems.push({
        reason: `${written} is rank ${full.length}, the ${kind} is ${format(shape)} (rank ${shape.length}) here`,
      });
      return;
    }
    full.forEach((want, i) => {
      const got = shape[i];
      if (want >= 0 && typeof got === 'number' && got !== want)
        problems.push({ reason: `${written}: dim ${i} is ${got} here, the config fixes it to ${want}` });
    });
  };
  for (const spec of io.inputs) if (shapes[spec.name]) check('input', spec, shapes[spec.name]);
  for (const spec of io.outputs) {
    const shape = tensorShape(tensors.get(spec.name));
    if (shape) check('output', spec, shape);
  }
  return problems;
}
