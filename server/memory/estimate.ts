// GPU memory of one model instance, estimated: weights (every initializer and Constant value, external data
// included, from dims and type), I/O buffers (graph inputs and outputs at the given shapes) and the activation
// peak (intermediate tensors live from their producer to their last consumer, over the graph's node order, which
// ONNX requires to be topological). Shapes come from the inference engine with the inputs fixed to the given
// shapes (a profile's max). Tensors whose size stays unknown are counted as zero and listed, so the figure is a
// lower bound then. Not counted: TensorRT's workspace, tactic scratch and fused-layer savings.
import type { Dim, OnnxModel, OnnxNode } from '../onnx/model';
import { bytesForElements, dataTypeBits } from '../onnx/data-types';
import { inferShapes } from '../shape-inference/cache';
import { product } from '../shape-inference/dims';
import type { TensorInfo } from '../shape-inference/types';

export interface MemoryEstimate {
  weightBytes: number;
  ioBytes: number;
  activationPeakBytes: number;
  /** Node after which the activation peak is reached (its label), when there are activations. */
  peakAfterNode?: string;
  /** Inputs, outputs and intermediates whose size could not be computed (counted as 0). */
  unknownSizes: string[];
}

export function estimateMemory(model: OnnxModel, inputShapes?: Record<string, Dim[]>): MemoryEstimate {
  const graph = model.graph;
  if (!graph) return { weightBytes: 0, ioBytes: 0, activationPeakBytes: 0, unknownSizes: [] };
  const shapes = inferShapes(model, inputShapes ? { inputShapes } : {}).main.tensors;
  const unknownSizes: string[] = [];
  const sizeOf = (name: string): number => {
    const bytes = tensorBytes(shapes.get(name));
    if (bytes === undefined) {
      unknownSizes.push(name);
      return 0;
    }
    return bytes;
  };

  const initializers = new Set(graph.initializers.map((t) => t.name));
  let weightBytes = graph.initializers.reduce((sum, t) => sum + t.byteSize, 0);
  for (const node of graph.nodes) {
    if (node.opType !== 'Constant' || (node.domain !== '' && node.domain !== 'ai.onnx')) continue;
    const value = node.attributes.find((a) => a.name === 'value')?.t;
    if (value) weightBytes += value.byteSize;
  }

  const inputs = graph.inputs.filter((v) => !initializers.has(v.name)).map((v) => v.name);
  const outputs = new Set(graph.outputs.map((v) => v.name));
  let ioBytes = 0;
  for (const name of new Set([...inputs, ...outputs])) ioBytes += sizeOf(name);

  // Liveness: an intermediate is allocated by its producer and freed after its last consumer (subgraph reads
  // of outer names count as reads by the node holding the subgraph).
  const lastUse = new Map<string, number>();
  graph.nodes.forEach((node, i) => {
    for (const name of [...node.inputs, ...outerReads(node)]) if (name) lastUse.set(name, i);
  });
  // Values computed from weights alone (Identity of an initializer, shape arithmetic on constants) are folded
  // by TensorRT at build time: neither activations nor extra weights.
  const constants = new Set(initializers);
  for (const node of graph.nodes) {
    const inputsConstant = node.inputs.every((name) => name === '' || constants.has(name));
    if (isConstantNode(node) || (inputsConstant && node.inputs.length > 0 && !RANDOM_OPS.has(node.opType)))
      for (const out of node.outputs) constants.add(out);
  }
  const isActivation = (name: string) => name !== '' && !outputs.has(name) && !constants.has(name);
  const live = new Map<string, number>();
  let current = 0;
  let activationPeakBytes = 0;
  let peakAfterNode: string | undefined;
  graph.nodes.forEach((node, i) => {
    for (const out of node.outputs) {
      if (!isActivation(out) || live.has(out)) continue;
      const bytes = sizeOf(out);
      live.set(out, bytes);
      current += bytes;
    }
    if (current > activationPeakBytes) {
      activationPeakBytes = current;
      peakAfterNode = node.name || `${node.opType}#${i}`;
    }
    for (const [name, bytes] of live) {
      if ((lastUse.get(name) ?? -1) <= i) {
        live.delete(name);
        current -= bytes;
      }
    }
  });
  return { weightBytes, ioBytes, activationPeakBytes, ...(peakAfterNode && { peakAfterNode }), unknownSizes };
}

/** Bytes of one tensor from its inferred type and shape; undefined while a dim or the type is unknown. */
export function tensorBytes(info: TensorInfo | undefined): number | undefined {
  if (!info || info.type.kind !== 'tensor' || !info.type.shape) return undefined;
  const count = product(info.type.shape);
  if (count === undefined || dataTypeBits(info.type.elemType) === 0) return undefined;
  return bytesForElements(info.type.elemType, count);
}

const RANDOM_OPS = new Set([
  'RandomNormal',
  'RandomNormalLike',
  'RandomUniform',
  'RandomUniformLike',
  'Multinomial',
  'Bernoulli',
]);

const isConstantNode = (node: OnnxNode) =>
  node.opType === 'Constant' && (node.domain === '' || node.domain === 'ai.onnx');

/** Names a node's subgraphs read without defining them (their outer-scope reads). */
function outerReads(node: OnnxNode): string[] {
  const reads: string[] = [];
  for (const attr of node.attributes) {
    for (const sub of [...(attr.g ? [attr.g] : []), ...(attr.graphs ?? [])]) {
      const defined = new Set([...sub.inputs.map((v) => v.name), ...sub.initializers.map((t) => t.name)]);
      for (const inner of sub.nodes) {
        for (const out of inner.outputs) defined.add(out);
        for (const name of inner.inputs) if (name && !defined.has(name)) reads.push(name);
      }
    }
  }
  return reads;
}
