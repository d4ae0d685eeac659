// Standard ONNX ops the target TensorRT's ONNX parser does not implement.
import { canonicalDomain, isStandardDomain } from '../../knowledge/onnx-schemas';
import { allNodes } from '../support/graph-facts';
import type { Rule, RuleReport } from '../rule';

export const opUnsupported: Rule = {
  id: 'trt/op-unsupported',
  defaultSeverity: 'error',
  docs: {
    summary: "A node uses a standard ONNX operator that the target TensorRT release's ONNX parser does not support.",
    why: 'The engine build stops at the first unsupported node ("No importer registered for op"); the model cannot run on TensorRT as is.',
    howToFix:
      'Re-export so the op decomposes into supported ones (another opset, another exporter path), replace it in the graph, move that part to pre/post-processing (Triton ensemble), or implement a TensorRT plugin.',
  },
  check(ctx) {
    const localFunctions = new Set(ctx.model.functions.map((f) => `${f.domain}:${f.name}`));
    const release = ctx.trt.table.release;
    const reports: RuleReport[] = [];
    for (const { node, label } of allNodes(ctx.facts)) {
      if (
        !isStandardDomain(node.domain) ||
        (localFunctions.size > 0 && localFunctions.has(`${node.domain}:${node.opType}`))
      )
        continue;
      const domain = canonicalDomain(node.domain);
      if (domain !== 'ai.onnx') {
        reports.push({
          node: label,
          message: `${domain}.${node.opType} is not supported by TensorRT ${release}: its ONNX parser implements only the ai.onnx domain`,
        });
        continue;
      }
      const entry = ctx.trt.table.operators[node.opType];
      if (!entry)
        reports.push({
          node: label,
          message: `${node.opType} is not in TensorRT ${release}'s supported-operator table`,
        });
      else if (!entry.supported)
        reports.push({
          node: label,
          message: `${node.opType} is not supported by TensorRT ${release}${entry.notes ? ` (${entry.notes})` : ''}`,
        });
    }
    return reports;
  },
};
