// Identity nodes: pure renames that cost a layer (or at least a copy) until someone removes them.
import { isDefaultDomain } from '../support/graph-facts';
import { allGraphFacts } from '../support/graph-walk';
import type { Rule } from '../rule';
import { aggregateLabels } from '../support/aggregate';

export const identity: Rule = {
  id: 'simplify/identity',
  defaultSeverity: 'info',
  docs: {
    summary:
      'Identity nodes that only rename a tensor, in the main graph, If/Loop/Scan bodies and model-local functions.',
    why: 'They add graph noise, can block TensorRT layer fusions at graph outputs, and make profiles and diffs harder to read.',
    howToFix:
      "Run a simplifier (`onnxsim model.onnx out.onnx`, or `polygraphy surgeon sanitize --cleanup`) or let the quick fix rewire consumers to the Identity's input (main graph only; subgraph bodies are left to the simplifier).",
  },
  fix: { id: 'simplify.removeIdentity', title: 'Remove Identity nodes' },
  check(ctx) {
    const labels: string[] = [];
    let nested = 0;
    for (const facts of allGraphFacts(ctx.facts, ctx.model)) {
      facts.graph.nodes.forEach((node, i) => {
        if (node.opType !== 'Identity' || !isDefaultDomain(node)) return;
        const input = facts.index.tensors.get(node.inputs[0] ?? '');
        const output = facts.index.tensors.get(node.outputs[0] ?? '');
        // An input, another output or a subgraph's outer-scope value passed straight to an output: the Identity is what keeps both names.
        const outerValue =
          facts.outer !== undefined && input?.producer === undefined && !input?.initializer && !input?.graphInput;
        if (output?.graphOutput && (input?.graphInput || input?.graphOutput || outerValue)) return;
        labels.push(facts.label(i));
        if (facts !== ctx.facts) nested++;
      });
    }
    const where = nested > 0 ? `; ${nested} of them inside subgraphs or functions` : '';
    return aggregateLabels(
      ctx,
      labels,
      (list) => `${labels.length} Identity node(s) can be removed (${labels.length} node(s) would go${where}): ${list}`,
    );
  },
};
