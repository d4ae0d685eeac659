// Layers left in FP32 although the ONNX graph casts their inputs to FLOAT16.
import { COPY_TYPES, type EngineRule } from './engine-rule';
import { quantizationNotTaken } from './quantization-not-taken';

export const fp16NotTaken: EngineRule = {
  id: 'engine/fp16-not-taken',
  defaultSeverity: 'warning',
  docs: {
    summary:
      'Engine layers run in FP32 although the ONNX graph casts their inputs to FLOAT16 (needs the ONNX model); layers already reported by engine/quantization-not-taken are left out.',
    why: 'Without --fp16 (or with TensorRT choosing FP32 tactics) the casts in the graph only add conversions: the model gets FP16 rounding and FP32 speed.',
    howToFix:
      'Build with --fp16 (or --stronglyTyped, which honours the casts as written); if TensorRT still picks FP32, look at the layer in the engine view for the formats around it.',
  },
  check(ctx) {
    const { layers, onnx } = ctx;
    if (!onnx) return [];
    const quantized = new Set(quantizationNotTaken.check(ctx).flatMap((f) => f.layers));
    const half = layers.filter(
      (l) =>
        l.type !== null &&
        !COPY_TYPES.has(l.type) &&
        l.precision === 'FP32' &&
        !quantized.has(l.name) &&
        l.onnxNodes.some((n) => onnx.fp16Nodes.has(n)),
    );
    if (half.length === 0) return [];
    return [
      {
        message: `${half.length} layers run in FP32 although the ONNX graph casts their inputs to FLOAT16 (build without --fp16, or TensorRT chose FP32 tactics): ${half.map((l) => l.name).join(', ')}`,
        layers: half.map((l) => l.name),
      },
    ];
  },
};
