// Dropout nodes left in an inference graph, where they are the identity.
import { isDefaultDomain } from '../support/graph-facts';
import { allGraphFacts } from '../support/graph-walk';
import type { Rule } from '../rule';
import { aggregateLabels } from '../support/aggregate';

export const dropoutInference: Rule = {
  id: 'simplify/dropout-inference',
  defaultSeverity: 'info',
  docs: {
    summary:
      'Dropout nodes in inference mode (no training_mode input, or a constant false one), in the main graph, If/Loop/Scan bodies and model-local functions: they pass the input through.',
    why: 'They are dead weight at inference; TensorRT requires `training_mode` to be a constant false and otherwise rejects the node.',
    howToFix: 'Export in eval mode (`model.eval()`) or simplify the graph (`onnxsim`), which removes them.',
  },
  check(ctx) {
    const labels: string[] = [];
    for (const facts of allGraphFacts(ctx.facts, ctx.model)) {
      facts.graph.nodes.forEach((node, i) => {
        if (node.opType !== 'Dropout' || !isDefaultDomain(node)) return;
        const mask = node.outputs[1];
        if (mask && facts.isUsed(mask)) return;
        const training = node.inputs[2];
        const values = training ? facts.constantValues(training) : undefined;
        if (!training || (values && values.every((v) => v === 0))) labels.push(facts.label(i));
      });
    }
    return aggregateLabels(
      ctx,
      labels,
      (list) => `${labels.length} Dropout node(s) do nothing at inference (${labels.length} node(s) would go): ${list}`,
    );
  },
};
