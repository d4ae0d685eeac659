// Structural validity: what onnx.checker.check_model rejects.
import type { Rule } from '../rule';
import { checkModelStructure } from './structure-checker';

export const invalidStructure: Rule = {
  id: 'onnx/invalid-structure',
  defaultSeverity: 'error',
  docs: {
    summary:
      'The model breaks the ONNX spec the way `onnx.checker.check_model` checks it: undefined or unsorted node inputs, outputs assigned twice, untyped graph I/O, attributes that do not match the operator schema at the imported opset, missing opset imports, bad IR version, malformed tensors, also inside subgraphs and functions.',
    why: "TensorRT, ONNX Runtime and Triton's ONNX backends assume a valid graph; invalid ones fail to parse or, worse, parse into something else. Most pipelines run onnx.checker first and stop there.",
    howToFix:
      'Fix the exporter call (or the graph surgery script) that produced the problem; `onnx.checker.check_model(path, full_check=True)` reproduces the error in Python.',
  },
  check: (ctx) => checkModelStructure(ctx.model, ctx.index).map((p) => ({ message: p.message, node: p.node })),
};
