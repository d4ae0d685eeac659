// Graph questions the quant/* rules share: who produced a tensor, and which nodes read it.
import type { OnnxNode } from '../../onnx/model';
import type { RuleContext } from '../rule';

/** TensorRT's explicit-quantization documentation, cited by every quant/* rule. */
export const TRT_EXPLICIT_QUANTIZATION =
  'https://docs.nvidia.com/deeplearning/tensorrt/latest/inference-library/quantized-types-explicit-quantization.html';

export function producerOf(ctx: RuleContext, tensor: string): OnnxNode | undefined {
  const at = ctx.index.tensors.get(tensor)?.producer;
  return at === undefined ? undefined : ctx.graph.nodes[at];
}

export function consumersOf(ctx: RuleContext, tensor: string): OnnxNode[] {
  return (ctx.index.tensors.get(tensor)?.consumers ?? []).map((i) => ctx.graph.nodes[i]);
}

/**
 * Whether the main graph holds a QuantizeLinear / DequantizeLinear node of the default domain (from the index's op
 * counts): the quant/* rules report nothing on a model without one, and skip walking its nodes.
 */
export const hasQuantize = (ctx: RuleContext) => !!ctx.index.opCounts.QuantizeLinear;
export const hasDequantize = (ctx: RuleContext) => !!ctx.index.opCounts.DequantizeLinear;

export const isDequantize = (node: OnnxNode | undefined) => node?.opType === 'DequantizeLinear' && node.domain === '';
export const isQuantize = (node: OnnxNode | undefined) => node?.opType === 'QuantizeLinear' && node.domain === '';
