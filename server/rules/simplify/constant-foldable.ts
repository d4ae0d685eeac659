// Nodes computed only from constants: a simplifier replaces them with their result.
import type { Rule } from '../rule';
import { aggregateNodes } from '../support/aggregate';

const OTHER_RULES_OPS = new Set(['Identity', 'Dropout']);

export const constantFoldable: Rule = {
  id: 'simplify/constant-foldable',
  defaultSeverity: 'info',
  docs: {
    summary: 'Nodes whose inputs are all constants (initializers, Constant nodes, or other foldable nodes).',
    why: 'They compute the same value on every request. TensorRT folds many of them, but not all (and the ONNX parser needs some inputs, like Reshape shapes or Resize scales, constant up front).',
    howToFix:
      'Fold them: `onnxsim model.onnx out.onnx` or `polygraphy surgeon sanitize --fold-constants model.onnx -o out.onnx`.',
  },
  fix: { id: 'simplify.foldConstants', title: 'Fold constant subgraphs' },
  check(ctx) {
    // Nodes feeding only other foldable nodes vanish with them; report every foldable node.
    // Identity and Dropout are simplify/identity's and simplify/dropout-inference's to report.
    const nodes: number[] = [];
    for (const i of ctx.facts.foldable) if (!OTHER_RULES_OPS.has(ctx.graph.nodes[i].opType)) nodes.push(i);
    nodes.sort((a, b) => a - b);
    return aggregateNodes(
      ctx,
      nodes,
      (labels) =>
        `${nodes.length} node(s) compute only from constants and can be folded (${nodes.length} node(s) would go, replaced by their results): ${labels}`,
    );
  },
};
