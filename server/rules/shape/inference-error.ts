// Nodes whose input shapes make them invalid (rank mismatch, broadcast failure, reshape volume, out-of-range
// axis), found by shape inference; also a model whose inference ran out of its time budget.
import type { Rule } from '../rule';

export const inferenceError: Rule = {
  id: 'shape/inference-error',
  defaultSeverity: 'error',
  docs: {
    summary:
      'Shape inference finds a node whose input shapes it cannot accept (e.g. a Reshape that changes the volume, inputs that do not broadcast, an axis out of range).',
    why: 'TensorRT\'s parser and builder run the same checks: the engine build fails ("reshaping failed ... would change volume", "broadcast dimensions must be conformable") or onnxruntime refuses the session.',
    howToFix:
      'Fix the exporter call or the graph so the shapes agree (e.g. the Reshape target, a missing Unsqueeze, the axis attribute); the message gives the shapes involved.',
  },
  check(ctx) {
    const shapes = ctx.facts.modelShapes;
    if (!shapes) return [];
    return shapes.issues
      .filter((issue) => issue.kind === 'invalid-node' || issue.kind === 'limit')
      .map((issue) => ({ node: issue.node, message: issue.message }));
  },
};
