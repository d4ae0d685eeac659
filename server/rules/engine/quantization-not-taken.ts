// Layers computing in a float precision although their ONNX nodes read DequantizeLinear outputs.
import { TRT_EXPLICIT_QUANTIZATION } from '../quant/qdq-graph';
import { COPY_TYPES, FLOAT_PRECISIONS, type EngineRule } from './engine-rule';

export const quantizationNotTaken: EngineRule = {
  id: 'engine/quantization-not-taken',
  defaultSeverity: 'warning',
  docs: {
    summary:
      'Engine layers run in FP32, FP16 or BF16 although the ONNX nodes they were built from read DequantizeLinear outputs (needs the ONNX model beside the engine description or given).',
    why: `In explicit quantization TensorRT fuses each Q/DQ pair into the neighbouring layer and runs it in INT8 (or FP8); a pair it cannot fuse leaves the layer in float with extra reformats around it, which is how a quantized model comes out slower than its FP16 build. Source: TensorRT developer guide, "Explicit Quantization", sections "Q/DQ Fusion" and "Q/DQ Layer-Placement Recommendations", ${TRT_EXPLICIT_QUANTIZATION}.`,
    howToFix:
      'Check the Q/DQ placement of the listed layers with the quant/ rules (both inputs of a residual Add, per-channel weights on the output-channel axis, zero point 0); add the missing pair or remove the one TensorRT cannot use.',
  },
  check({ layers, onnx }) {
    if (!onnx) return [];
    // With --fp16 --int8 a Q/DQ pair that did not fuse leaves its layer in FP16, not FP32: both are "not taken".
    const quantized = layers.filter(
      (l) =>
        l.type !== null &&
        !COPY_TYPES.has(l.type) &&
        FLOAT_PRECISIONS.has(l.precision ?? '') &&
        l.onnxNodes.some((n) => onnx.quantizedNodes.has(n)),
    );
    if (quantized.length === 0) return [];
    const precisions = [...new Set(quantized.map((l) => l.precision))].join('/');
    return [
      {
        message: `${quantized.length} layers run in ${precisions} although their ONNX nodes read DequantizeLinear outputs: the Q/DQ pairs around them did not fuse (quantization that did not take): ${quantized.map((l) => l.name).join(', ')}`,
        layers: quantized.map((l) => l.name),
      },
    ];
  },
};
