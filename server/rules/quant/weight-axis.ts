// Per-channel Conv weights quantized along an axis other than the output channels.
import type { Rule } from '../rule';
import { consumersOf, hasDequantize, isDequantize, TRT_EXPLICIT_QUANTIZATION } from './qdq-graph';

/** DequantizeLinear's `axis` defaults to 1 (ONNX operator spec), which is the input-channel axis of Conv weights. */
const DEFAULT_AXIS = 1;

export const weightAxis: Rule = {
  id: 'quant/weight-axis',
  defaultSeverity: 'warning',
  docs: {
    summary:
      'Conv weights go through a per-channel DequantizeLinear whose axis is not 0, the output-channel (K) axis (ONNX defaults `axis` to 1).',
    why: `TensorRT quantizes weights per channel only along the output-channel axis (K) of convolution weights; a per-channel scale on another axis is not a layout TensorRT can fold into the INT8 kernel, so the build fails or the layer stays in float. Source: TensorRT developer guide, "Explicit Quantization", sections "Quantized Weights" and "Q/DQ Limitations" (per-channel weight quantization is along K), ${TRT_EXPLICIT_QUANTIZATION}.`,
    howToFix:
      'Quantize Conv weights with one scale per output channel and set axis=0 on their QuantizeLinear/DequantizeLinear (pytorch-quantization / ModelOpt do this by default).',
  },
  check(ctx) {
    if (!hasDequantize(ctx)) return [];
    const reports = [];
    for (const node of ctx.graph.nodes) {
      if (!isDequantize(node)) continue;
      const feedsConvWeight = consumersOf(ctx, node.outputs[0]).some(
        (c) => c.opType === 'Conv' && c.domain === '' && c.inputs[1] === node.outputs[0],
      );
      if (!feedsConvWeight) continue;
      const scale = ctx.facts.constantTensor(node.inputs[1]);
      const channels = scale?.dims.reduce((n, d) => n * d, 1) ?? 1;
      if (channels <= 1) continue; // per-tensor: no axis involved
      const axis = node.attributes.find((a) => a.name === 'axis')?.i ?? DEFAULT_AXIS;
      if (axis === 0) continue;
      reports.push({
        node: node.name,
        message: `DequantizeLinear "${node.name}" gives Conv weights ${channels} per-channel scales along axis ${axis}; TensorRT expects them along axis 0 (output channels)`,
      });
    }
    return reports;
  },
};
