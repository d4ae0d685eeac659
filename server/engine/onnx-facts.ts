// What the engine findings need from the ONNX graph an engine was built from: node order (Myelin ranges expand over
// it), the nodes the graph asks to run quantized (they read a DequantizeLinear output) and those it asks to run in
// FP16 (they read a Cast to FLOAT16).
import type { OnnxNode } from '../onnx/model';

export interface OnnxFacts {
  /** Node names in graph order (ForeignNode ranges expand over it). */
  nodeNames: string[];
  /** Nodes (not Q/DQ themselves) reading a DequantizeLinear output: TensorRT should run them in the quantized type. */
  quantizedNodes: Set<string>;
  /** Nodes reading the output of a Cast to FLOAT16: the graph asks for FP16 there. */
  fp16Nodes: Set<string>;
}

const ONNX_FLOAT16 = 10;
const QDQ_OPS = new Set(['QuantizeLinear', 'DequantizeLinear']);

export function onnxFactsOf(nodes: OnnxNode[]): OnnxFacts {
  const dequantized = new Set<string>();
  const castToHalf = new Set<string>();
  for (const node of nodes) {
    if (node.opType === 'DequantizeLinear') node.outputs.forEach((t) => dequantized.add(t));
    const to = node.attributes.find((a) => a.name === 'to');
    if (node.opType === 'Cast' && to?.i === ONNX_FLOAT16) node.outputs.forEach((t) => castToHalf.add(t));
  }
  const quantizedNodes = new Set<string>();
  const fp16Nodes = new Set<string>();
  for (const node of nodes) {
    if (QDQ_OPS.has(node.opType)) continue;
    if (node.inputs.some((t) => dequantized.has(t))) quantizedNodes.add(node.name);
    if (node.inputs.some((t) => castToHalf.has(t))) fp16Nodes.add(node.name);
  }
  return { nodeNames: nodes.map((n) => n.name), quantizedNodes, fp16Nodes };
}
