// A type or shape stored in the file (value_info, graph outputs) that contradicts what inference derives.
import type { Rule } from '../rule';

export const storedShapeConflict: Rule = {
  id: 'shape/stored-shape-conflict',
  defaultSeverity: 'warning',
  docs: {
    summary:
      "A tensor's stored `value_info` (or declared output type) contradicts the type or shape inferred from the graph.",
    why: 'TensorRT and onnxruntime trust the graph, not stale annotations: a tool that reads the stored shape (a converter, a Triton config generator, a reviewer) works from a wrong picture, and onnx.checker in strict mode rejects the model.',
    howToFix:
      "Drop the stale annotations and let shape inference recompute them: `python -c \"import onnx; m = onnx.load('model.onnx'); del m.graph.value_info[:]; onnx.save(onnx.shape_inference.infer_shapes(m), 'model.onnx')\"`, or re-export the model.",
  },
  check(ctx) {
    return (ctx.facts.modelShapes?.issues ?? [])
      .filter((issue) => issue.kind === 'stored-conflict')
      .map((issue) => ({ node: issue.node, message: `stored type contradicts inference: ${issue.message}` }));
  },
};
