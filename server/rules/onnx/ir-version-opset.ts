// IR versions older than the ONNX release that introduced the imported opset.
import { onnxSchemas } from '../../knowledge/onnx-schemas';
import type { Rule } from '../rule';

export const irVersionOpset: Rule = {
  id: 'onnx/ir-version-opset',
  defaultSeverity: 'warning',
  docs: {
    summary:
      "The model's IR version is older than the IR version of the ONNX release that introduced its ai.onnx opset.",
    why: 'An opset is defined together with an IR version; a mismatched pair comes from hand-edited or badly converted models, and newer onnx checkers and runtimes may reject it or misread newer IR features.',
    howToFix:
      'Re-save with the IR version that belongs to the opset (`model.ir_version = onnx.helper.find_min_ir_version_for([...])`) or re-export with a current exporter.',
  },
  check(ctx) {
    const opset = ctx.opsets.get('ai.onnx');
    const ir = ctx.model.irVersion;
    if (opset === undefined || ir === undefined) return [];
    const row = onnxSchemas().versionTable.find((r) => r[2] >= opset);
    if (!row || ir >= row[1]) return [];
    return [
      { message: `IR version ${ir} is older than IR ${row[1]}, which opset ${opset} came with (onnx ${row[0]})` },
    ];
  },
};
