// Shape -> Gather -> Unsqueeze -> Concat chains over dimensions that are static anyway.
import type { Rule } from '../rule';
import { aggregateNodes } from '../support/aggregate';

export const staticShapeArithmetic: Rule = {
  id: 'simplify/static-shape-arithmetic',
  defaultSeverity: 'info',
  docs: {
    summary:
      'Shape arithmetic (Shape, Gather, Concat, Reshape targets...) computed from tensors whose shapes are fully static.',
    why: "Exporters trace shape computations even when every dimension is fixed; they add layers and keep TensorRT from seeing constant shapes, blocking some fusions and the parser's constant-input requirements.",
    howToFix:
      'Fold them with shape inference: `onnxsim model.onnx out.onnx` (or `polygraphy surgeon sanitize --fold-constants`), or export with static shapes.',
  },
  check(ctx) {
    const nodes = [...ctx.facts.shapeFoldable].sort((a, b) => a - b);
    return aggregateNodes(
      ctx,
      nodes,
      (labels) =>
        `${nodes.length} shape-computation node(s) work on static dimensions and fold to constants (${nodes.length} node(s) would go): ${labels}`,
    );
  },
};
