// Initializers that no node, subgraph or graph output reads: bytes shipped for nothing.
import { formatBytes, listSome } from '../support/message-text';
import type { Rule } from '../rule';

export const unusedInitializer: Rule = {
  id: 'simplify/unused-initializer',
  defaultSeverity: 'warning',
  docs: {
    summary: 'Initializers (weights) that nothing in the graph reads.',
    why: 'They make the model file, the upload to the inference host and the load time bigger for nothing; they often reveal an export that dropped a branch.',
    howToFix:
      'Remove them (`onnxsim`, or `onnx.helper`/`onnx-graphsurgeon` cleanup); check that the export traced the branch you meant.',
  },
  fix: { id: 'simplify.removeUnusedInitializers', title: 'Remove unused initializers' },
  check(ctx) {
    // Each initializer's entry from the index (the facts' own): no name lookup per initializer.
    const entries = ctx.index.initializerEntries;
    const unused = ctx.graph.initializers.filter((_, i) => !ctx.facts.isUsedEntry(entries[i]));
    if (unused.length === 0) return [];
    const bytes = unused.reduce((a, t) => a + t.byteSize, 0);
    return [
      {
        message: `${unused.length} initializer(s) are never used (${formatBytes(bytes)} would go): ${listSome(unused.map((t) => t.name))}`,
      },
    ];
  },
};
