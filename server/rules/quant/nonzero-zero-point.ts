// INT8 Q/DQ with a zero point other than 0: TensorRT quantizes symmetrically.
import { readTensorValues } from '../../onnx/tensor-values';
import type { Rule } from '../rule';
import { hasDequantize, hasQuantize, isDequantize, isQuantize, TRT_EXPLICIT_QUANTIZATION } from './qdq-graph';

export const nonzeroZeroPoint: Rule = {
  id: 'quant/nonzero-zero-point',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A QuantizeLinear/DequantizeLinear with an INT8 zero point that is not 0 (asymmetric quantization).',
    why: `TensorRT's INT8 quantization is symmetric: the zero point must be 0, and the ONNX parser rejects a Q/DQ with any other zero point, so the model does not build. Source: TensorRT developer guide, "Explicit Quantization", section "Q/DQ Limitations" and "Quantization Schemes" (symmetric INT8, zero point 0), ${TRT_EXPLICIT_QUANTIZATION}.`,
    howToFix:
      'Re-quantize symmetrically (onnxruntime quantize_static with ActivationSymmetric=True, WeightSymmetric=True; pytorch-quantization / ModelOpt are symmetric by default).',
  },
  check(ctx) {
    if (!hasQuantize(ctx) && !hasDequantize(ctx)) return [];
    const reports = [];
    for (const node of ctx.graph.nodes) {
      if (!isQuantize(node) && !isDequantize(node)) continue;
      const zp = node.inputs[2] ? ctx.facts.constantTensor(node.inputs[2]) : undefined;
      if (!zp || zp.elemType !== 'INT8') continue;
      const values = readTensorValues(ctx.file, zp)?.values;
      const nonzero = values?.find((v) => Number(v) !== 0);
      if (nonzero === undefined) continue;
      reports.push({
        node: node.name,
        message: `${node.opType} "${node.name}" has INT8 zero point ${nonzero} (tensor "${node.inputs[2]}"); TensorRT supports only symmetric quantization with zero point 0`,
      });
    }
    return reports;
  },
};
