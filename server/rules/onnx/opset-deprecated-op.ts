// Ops that the imported opset marks deprecated (their schema at that opset is a removal stub).
import { isStandardDomain, opVersions, schemaAt } from '../../knowledge/onnx-schemas';
import type { Rule } from '../rule';

const REPLACEMENTS: Record<string, string> = {
  Upsample: 'Resize',
  Scatter: 'ScatterElements',
  ImageScaler: 'Mul and Add',
};

export const opsetDeprecatedOp: Rule = {
  id: 'onnx/opset-deprecated-op',
  defaultSeverity: 'error',
  docs: {
    summary:
      'A node uses an operator that is deprecated (removed) at the opset the model imports, e.g. Upsample at opset 10+ or Scatter at opset 11+.',
    why: 'onnx.checker rejects the model, and runtimes are free to drop the op; exporters that emit it combine an old op with a new opset.',
    howToFix:
      'Replace the op with its successor (Upsample -> Resize, Scatter -> ScatterElements) or lower the opset; re-exporting from a current framework does it for you.',
  },
  check(ctx) {
    const reports = [];
    // Subgraphs (If/Loop/Scan bodies) use the model's opset too. Labels are made only for what is reported.
    for (const scope of [ctx.facts, ...ctx.facts.subgraphFacts]) {
      for (const [i, node] of scope.graph.nodes.entries()) {
        const opset = ctx.opsets.get(node.domain === '' ? 'ai.onnx' : node.domain);
        if (opset === undefined || !isStandardDomain(node.domain)) continue;
        const schema = schemaAt(node.domain, node.opType, opset);
        if (!schema?.deprecated) continue;
        const lastGood = opVersions(node.domain, node.opType)!
          .filter((v) => !v.deprecated && v.since < schema.since)
          .pop();
        const replacement = REPLACEMENTS[node.opType] ? `; use ${REPLACEMENTS[node.opType]} instead` : '';
        reports.push({
          node: scope.label(i),
          message: `${node.opType} is deprecated since opset ${schema.since} and this model imports opset ${opset}${lastGood ? ` (last valid at opset ${schema.since - 1})` : ''}${replacement}`,
        });
      }
    }
    return reports;
  },
};
