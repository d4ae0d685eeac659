// Dropout nodes left in an inference graph, where they are the identity.
import { isDefaultDomain } from '../support/graph-facts';
import type { Rule } from '../rule';
import { aggregateNodes } from '../support/aggregate';

export const dropoutInference: Rule = {
  id: 'simplify/dropout-inference',
  defaultSeverity: 'info',
  docs: {
    summary: 'Dropout nodes in inference mode (no training_mode input, or a constant false one): they pass the input through.',
    why: 'They are dead weight at inference; TensorRT requires `training_mode` to be a constant false and otherwise rejects the node.',
    howToFix: 'Export in eval mode (`model.eval()`) or simplify the graph (`onnxsim`), which removes them.',
  },
  check(ctx) {
    const nodes = ctx.graph.nodes.flatMap((node, i) => {
      if (node.opType !== 'Dropout' || !isDefaultDomain(node)) return [];
      const mask = node.outputs[1];
      if (mask && ctx.facts.isUsed(mask)) return [];
      const training = node.inputs[2];
      if (!training) return [i];
      const values = ctx.facts.constantValues(training);
      return values && values.every((v) => v === 0) ? [i] : [];
    });
    return aggregateNodes(ctx, nodes, (labels) => `${nodes.length} Dropout node(s) do nothing at inference (${nodes.length} node(s) would go): ${labels}`);
  },
};
