// Identity nodes: pure renames that cost a layer (or at least a copy) until someone removes them.
import { isDefaultDomain } from '../support/graph-facts';
import type { Rule } from '../rule';
import { aggregateNodes } from '../support/aggregate';

export const identity: Rule = {
  id: 'simplify/identity',
  defaultSeverity: 'info',
  docs: {
    summary: 'Identity nodes that only rename a tensor.',
    why: 'They add graph noise, can block TensorRT layer fusions at graph outputs, and make profiles and diffs harder to read.',
    howToFix: 'Run a simplifier (`onnxsim model.onnx out.onnx`, or `polygraphy surgeon sanitize --cleanup`) or let the quick fix rewire consumers to the Identity\'s input.',
  },
  fix: { id: 'simplify.removeIdentity', title: 'Remove Identity nodes' },
  check(ctx) {
    const removable = ctx.graph.nodes.flatMap((node, i) => {
      if (node.opType !== 'Identity' || !isDefaultDomain(node)) return [];
      const input = ctx.index.tensors.get(node.inputs[0] ?? '');
      const output = ctx.index.tensors.get(node.outputs[0] ?? '');
      // Graph input straight to graph output: the Identity is what keeps both names.
      return input?.graphInput && output?.graphOutput ? [] : [i];
    });
    return aggregateNodes(ctx, removable, (labels) => `${removable.length} Identity node(s) can be removed (${removable.length} node(s) would go): ${labels}`);
  },
};
