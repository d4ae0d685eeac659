// A residual Add with Q/DQ on one input only: TensorRT cannot fuse it into the INT8 convolution before it.
import type { Rule } from '../rule';
import { hasDequantize, isDequantize, producerOf, TRT_EXPLICIT_QUANTIZATION } from './qdq-graph';

export const residualAddOneSided: Rule = {
  id: 'quant/residual-add-one-sided',
  defaultSeverity: 'warning',
  docs: {
    summary:
      'An Add of two activations where one input comes through DequantizeLinear and the other does not (typically the skip branch of a residual block).',
    why: `TensorRT fuses a residual Add into the preceding quantized convolution (INT8 in, INT8 out) only when both Add inputs are quantized; with one side in float the Add runs on its own in FP16/FP32 with reformats around it, and the model comes out slower than expected. Source: TensorRT developer guide, "Explicit Quantization", section "Q/DQ Layer-Placement Recommendations" (quantize the residual input of element-wise addition), ${TRT_EXPLICIT_QUANTIZATION}.`,
    howToFix:
      'Add a QuantizeLinear/DequantizeLinear pair on the skip-branch input of the Add too (e.g. the residual quantizer of pytorch-quantization or ModelOpt), with the same scale as the other input when possible.',
  },
  check(ctx) {
    // Without a DequantizeLinear, both inputs of every Add are unquantized alike.
    if (!hasDequantize(ctx)) return [];
    const reports = [];
    for (const node of ctx.graph.nodes) {
      if (node.opType !== 'Add' || node.domain !== '' || node.inputs.length !== 2) continue;
      const [x, y] = node.inputs;
      if (ctx.facts.constantTensor(x) || ctx.facts.constantTensor(y)) continue; // bias add, not residual
      const a = isDequantize(producerOf(ctx, x));
      const b = isDequantize(producerOf(ctx, y));
      if (a === b) continue;
      const bare = node.inputs[a ? 1 : 0];
      reports.push({
        node: node.name,
        message: `Add "${node.name}": input "${bare}" has no Q/DQ while the other input comes from DequantizeLinear; TensorRT fuses the Add into the INT8 convolution only when both inputs are quantized`,
      });
    }
    return reports;
  },
};
