// Down-conversions TensorRT users need where onnx's version converter has no adapter (a dynamo export at opset 18
// brought down to 17 or 16 for TensorRT 8.6): LayerNormalization to primitives, Split's num_outputs to a split input,
// Pad's axes input folded into full pads. Each keeps what the node computes (checked with onnxruntime by
// test/fixes/own-adapters-ort.test.ts) or refuses saying why. onnx's own adapters always win; these fill gaps only.
import { dataTypeNumber } from '../onnx/data-types';
import {
  AdapterRefusal,
  attr,
  base,
  change,
  floatOf,
  floatRaw,
  int64Raw,
  intOf,
  removeAttr,
  setAttr,
  type Adapter,
} from './adapter-kit';
import type { WorkGraph, WorkNode } from './work-graph';

/** ModelReady's own adapters, by "op:from:to"; entries say so in their kind. */
const OWN: Record<string, Adapter> = {
  'LayerNormalization:17:16': (g, node) => layerNormToPrimitives(g, node),
  'Split:18:17': (g, node) => splitNumOutputsToInput(g, node),
  'Pad:18:17': (g, node) => padAxesToFullPads(g, node),
  'GroupNormalization:20:21': (g, node) => groupNormScalePerChannel(g, node),
};

/**
 * Steps where onnx's registration is wrong and ours replaces it: onnx 1.23.1's convert.h registers the
 * GroupNormalization_20_21 adapter and then a CompatibleAdapter for the same step, which replaces it, so onnx keeps
 * per-group scale/bias that GroupNormalization-21 reads per channel.
 */
const OVERRIDES = new Set(['GroupNormalization:20:21']);

/** Our adapter for the step: where onnx has none, or where onnx's is known wrong (OVERRIDES). */
export function ownAdapterFor(op: string, from: number, to: number, onnxHasOne: boolean): Adapter | undefined {
  const key = `${op}:${from}:${to}`;
  return onnxHasOne && !OVERRIDES.has(key) ? undefined : OWN[key];
}

/** group_normalization_20_21.h (shadowed in onnx): per-group scale and bias repeated to per channel, as onnx builds it. */
function groupNormScalePerChannel(g: WorkGraph, node: WorkNode): string {
  const [x] = node.spec.inputs;
  if (node.spec.inputs.length < 3) throw new AdapterRefusal('GroupNormalization needs scale and bias inputs');
  const groups = intOf(attr(node.spec, 'num_groups'));
  if (groups === undefined) throw new AdapterRefusal('attribute "num_groups" is missing');
  const type = g.elemTypes.get(x);
  if (!type) throw new AdapterRefusal(`the element type of input "${x}" is unknown (stash_type is set from it)`);
  const channels = emit(g, node, 'Shape', [x], 'channels');
  withAttributes(g, node, [
    { name: 'start', type: 'INT', i: 1 },
    { name: 'end', type: 'INT', i: 2 },
  ]);
  const i64 = (what: string, values: number[]) =>
    g.addConstantBefore(node, base(node, what), { elemType: 'INT64', dims: [values.length], raw: int64Raw(values) });
  const perGroup = emit(g, node, 'Div', [channels, i64('num_groups', [groups])], 'per_group');
  const expandShape = emit(g, node, 'Concat', [i64('one', [1]), perGroup], 'expand_shape');
  withAttributes(g, node, [{ name: 'axis', type: 'INT', i: 0 }]);
  const column = i64('column', [-1, 1]);
  const flat = i64('flat', [-1]);
  const perChannel = (input: string, what: string) => {
    const reshaped = emit(g, node, 'Reshape', [input, column], `${what}_column`);
    const expanded = emit(g, node, 'Expand', [reshaped, expandShape], `${what}_expanded`);
    return emit(g, node, 'Reshape', [expanded, flat], `${what}_per_channel`);
  };
  const scale = perChannel(node.spec.inputs[1], 'scale');
  const bias = perChannel(node.spec.inputs[2], 'bias');
  change(node, (s) => {
    s.inputs[1] = scale;
    s.inputs[2] = bias;
  });
  const stash = dataTypeNumber(type)!;
  setAttr(node, { name: 'stash_type', type: 'INT', i: stash });
  return `scale and bias repeated per channel, stash_type=${stash} (ModelReady's own: onnx 1.23.1 registers a CompatibleAdapter over its GroupNormalization_20_21)`;
}

function emit(g: WorkGraph, at: WorkNode, opType: string, inputs: string[], what: string, output?: string): string {
  const out = output ?? g.uniqueName(base(at, what));
  g.insertBefore(at, {
    name: g.uniqueName(base(at, what)),
    opType,
    domain: '',
    inputs,
    outputs: [out],
    attributes: [],
  });
  return out;
}

function withAttributes(g: WorkGraph, at: WorkNode, attributes: WorkNode['spec']['attributes']): void {
  const inserted = g.nodes[g.nodes.indexOf(at) - 1];
  inserted.spec.attributes = attributes;
}

/** LayerNormalization's function body (onnx defs): statistics in stash_type (float), Y = (X - mean) / sqrt(var + eps) * scale + bias. */
function layerNormToPrimitives(g: WorkGraph, node: WorkNode): string {
  const [x, scale, bias] = node.spec.inputs;
  const [y, meanOut, invStdOut] = node.spec.outputs;
  const stash = intOf(attr(node.spec, 'stash_type')) ?? 1;
  if (stash !== 1) throw new AdapterRefusal(`stash_type=${stash} (only float statistics are decomposed)`);
  const type = g.elemTypes.get(x);
  if (!type) throw new AdapterRefusal(`the element type of input "${x}" is unknown`);
  if (!['FLOAT', 'FLOAT16', 'BFLOAT16', 'DOUBLE'].includes(type))
    throw new AdapterRefusal(`input "${x}" is ${type}, not a float type`);
  const axis = intOf(attr(node.spec, 'axis')) ?? -1;
  const rank = g.shapes.get(x)?.length;
  if (axis >= 0 && rank === undefined)
    throw new AdapterRefusal(`axis=${axis} needs the rank of input "${x}", which is unknown`);
  const first = axis < 0 ? axis : axis - rank!;
  const axes = Array.from({ length: -first }, (_, i) => first + i); // negative axes: the rank is not needed
  const eps = floatOf(attr(node.spec, 'epsilon')) ?? 1e-5;
  const reduce = (input: string, what: string, output?: string) => {
    const out = emit(g, node, 'ReduceMean', [input], what, output);
    withAttributes(g, node, [
      { name: 'axes', type: 'INTS', ints: axes },
      { name: 'keepdims', type: 'INT', i: 1 },
    ]);
    return out;
  };
  const cast = (input: string, to: number, what: string) => {
    const out = emit(g, node, 'Cast', [input], what);
    withAttributes(g, node, [{ name: 'to', type: 'INT', i: to }]);
    return out;
  };
  const xf = type === 'FLOAT' ? x : cast(x, 1, 'cast_x');
  const mean = reduce(xf, 'mean', meanOut || undefined);
  const centered = emit(g, node, 'Sub', [xf, mean], 'centered');
  const two = g.addConstantBefore(node, base(node, 'two'), { elemType: 'FLOAT', dims: [], raw: floatRaw([2]) });
  const squared = emit(g, node, 'Pow', [centered, two], 'squared');
  const variance = reduce(squared, 'variance');
  const epsilon = g.addConstantBefore(node, base(node, 'epsilon'), {
    elemType: 'FLOAT',
    dims: [],
    raw: floatRaw([eps]),
  });
  const std = emit(g, node, 'Sqrt', [emit(g, node, 'Add', [variance, epsilon], 'variance_eps')], 'std');
  if (invStdOut) emit(g, node, 'Reciprocal', [std], 'inv_std', invStdOut);
  let normalized = emit(g, node, 'Div', [centered, std], 'normalized');
  if (type !== 'FLOAT') normalized = cast(normalized, typeNumber(type), 'cast_back');
  const scaled = bias ? emit(g, node, 'Mul', [normalized, scale], 'scaled') : undefined;
  change(node, (s) => {
    s.opType = bias ? 'Add' : 'Mul';
    s.inputs = bias ? [scaled!, bias] : [normalized, scale];
    s.outputs = [y];
    s.attributes = [];
  });
  return `decomposed into ReduceMean/Sub/Pow/Add/Sqrt/Div/Mul over axes [${axes.join(',')}] (ModelReady's own: onnx has no LayerNormalization before opset 17)`;
}

function typeNumber(type: string): number {
  return { FLOAT16: 10, BFLOAT16: 16, DOUBLE: 11 }[type] ?? 1;
}

/** Split-18's num_outputs (last chunk smaller when the dim does not divide) becomes an explicit split input. */
function splitNumOutputsToInput(g: WorkGraph, node: WorkNode): string | undefined {
  const n = intOf(attr(node.spec, 'num_outputs'));
  if (n === undefined) return undefined; // a split input (or neither): the opset 17 form already
  const shape = g.shapes.get(node.spec.inputs[0]);
  let axis = intOf(attr(node.spec, 'axis')) ?? 0;
  if (shape && axis < 0) axis += shape.length;
  const dim = shape?.[axis];
  if (typeof dim !== 'number')
    throw new AdapterRefusal(
      `num_outputs=${n} needs the size of axis ${axis} of "${node.spec.inputs[0]}", which is unknown; opset 17 splits by explicit sizes`,
    );
  const chunk = Math.ceil(dim / n);
  const sizes = Array.from({ length: n }, (_, i) => Math.max(0, Math.min(chunk, dim - i * chunk)));
  const input = g.addConstantBefore(node, base(node, 'split'), { elemType: 'INT64', dims: [n], raw: int64Raw(sizes) });
  removeAttr(node, 'num_outputs');
  change(node, (s) => (s.inputs = [s.inputs[0], input]));
  return `attribute num_outputs=${n} becomes split input ${input}=[${sizes.join(',')}] (ModelReady's own: onnx has no Split 18 -> 17 adapter)`;
}

/** Pad-18's axes input: pads given for some axes only become pads for every axis (zeros elsewhere). */
function padAxesToFullPads(g: WorkGraph, node: WorkNode): string | undefined {
  const axesInput = node.spec.inputs[3];
  if (axesInput === undefined || axesInput === '') return undefined; // no axes: the opset 17 form already
  const axes = g.constantValues(axesInput)?.values.map(Number);
  const pads = g.constantValues(node.spec.inputs[1])?.values.map(Number);
  const rank = g.shapes.get(node.spec.inputs[0])?.length;
  if (!axes || !pads) throw new AdapterRefusal('axes and pads must be constants to fold axes into pads for opset 17');
  if (rank === undefined) throw new AdapterRefusal(`the rank of input "${node.spec.inputs[0]}" is unknown`);
  const full = new Array<number>(2 * rank).fill(0);
  axes.forEach((a, i) => {
    const k = a < 0 ? a + rank : a;
    full[k] = pads[i];
    full[k + rank] = pads[i + axes.length];
  });
  const padsInput = g.addConstantBefore(node, base(node, 'pads'), {
    elemType: 'INT64',
    dims: [2 * rank],
    raw: int64Raw(full),
  });
  const [oldPads] = [node.spec.inputs[1]];
  change(node, (s) => {
    s.inputs = s.inputs.slice(0, 3);
    s.inputs[1] = padsInput;
  });
  g.dropIfUnused(oldPads);
  g.dropIfUnused(axesInput);
  return `axes input folded into pads ${padsInput}=[${full.join(',')}] (ModelReady's own: onnx has no Pad 18 -> 17 adapter)`;
}
