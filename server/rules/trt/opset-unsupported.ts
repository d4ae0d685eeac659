// The model's ai.onnx opset outside the range the target TensorRT's ONNX parser supports.
import type { Rule } from '../rule';

export const opsetUnsupported: Rule = {
  id: 'trt/opset-unsupported',
  defaultSeverity: 'error',
  docs: {
    summary: 'The model imports an ai.onnx opset outside the range the target TensorRT release parses.',
    why: 'The TensorRT ONNX parser only implements the operator versions of its supported opset range; a newer opset fails to parse, an older one is outside what NVIDIA tests.',
    howToFix:
      'Re-export with an opset inside the range (`torch.onnx.export(..., opset_version=N)`) or convert it: `onnx.version_converter.convert_version(model, N)`. See `onnx/opset-upgrade-plan` for the ops whose semantics change.',
  },
  check(ctx) {
    const opset = ctx.opsets.get('ai.onnx');
    if (opset === undefined) return [];
    const { min, max } = ctx.trt.table.opsetRange;
    const release = ctx.trt.table.release;
    if (opset > max)
      return [
        {
          message: `opset ${opset} is newer than TensorRT ${release} supports (opset ${min ?? 1} to ${max}); re-export with opset_version=${max} or lower`,
        },
      ];
    if (min !== null && opset < min)
      return [
        {
          message: `opset ${opset} is older than TensorRT ${release} supports (opset ${min} to ${max}); convert the model to opset ${min} or newer`,
        },
      ];
    return [];
  },
};
