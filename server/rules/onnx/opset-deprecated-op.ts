// Ops that the imported opset marks deprecated (their schema at that opset is a removal stub).
import { isStandardDomain, opVersions, schemaAt } from '../../knowledge/onnx-schemas';
import type { Rule } from '../rule';
import { reportsByOp } from '../support/graph-walk';

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
    // Subgraphs (If/Loop/Scan bodies) use the model's opset too; the verdict depends on the op only.
    return reportsByOp(ctx.facts, (domain, opType) => {
      const opset = ctx.opsets.get(domain === '' ? 'ai.onnx' : domain);
      if (opset === undefined || !isStandardDomain(domain)) return undefined;
      const schema = schemaAt(domain, opType, opset);
      if (!schema?.deprecated) return undefined;
      const lastGood = opVersions(domain, opType)!
        .filter((v) => !v.deprecated && v.since < schema.since)
        .pop();
      const replacement = REPLACEMENTS[opType] ? `; use ${REPLACEMENTS[opType]} instead` : '';
      return `${opType} is deprecated since opset ${schema.since} and this model imports opset ${opset}${lastGood ? ` (last valid at opset ${schema.since - 1})` : ''}${replacement}`;
    });
  },
};
