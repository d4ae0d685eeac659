// Down-conversions TensorRT users need where onnx's version converter has no adapter (a dynamo export at opset 18
// brought down to 17 or 16 for TensorRT 8.6): LayerNormalization to primitives, Split's num_outputs to a split input,
// Pad's axes input folded into full pads. Each keeps what the node computes (checked with onnxruntime by
// test/fixes/own-adapters-ort.test.ts) or refuses saying why. onnx's own adapters always win; these fill gaps only.
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
  type Adapter,
} from './adapter-kit';
import type { WorkGraph, WorkNode } from './work-graph';

/** ModelReady's own adapters, by "op:from:to"; entries say so in their kind. */
const OWN: Record<string, Adapter> = {
  'LayerNormalization:17:16': (g, node) => layerNormToPrimitives(g, node),
  'Split:18:17': (g, node) => splitNumOutputsToInput(g, node),
  'Pad:18:17': (g, node) => padAxesToFullPads(g, node),
};

export function ownAdapterFor(op: string, from: number, to: number): Adapter | undefined {
  return OWN[`${op}:${from}:${to}`];
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
