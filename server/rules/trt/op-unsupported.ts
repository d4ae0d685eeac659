// Standard ONNX ops the target TensorRT's ONNX parser does not implement.
import { canonicalDomain, isStandardDomain } from '../../knowledge/onnx-schemas';
import { reportsByOp } from '../support/graph-walk';
import type { Rule } from '../rule';

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
    // The verdict depends on the op only: judged once per op, then reported on every node of a rejected op.
    return reportsByOp(ctx.facts, (nodeDomain, opType) => {
      if (!isStandardDomain(nodeDomain) || localFunctions.has(`${nodeDomain}:${opType}`)) return undefined;
      const domain = canonicalDomain(nodeDomain);
      if (domain !== 'ai.onnx')
        return `${domain}.${opType} is not supported by TensorRT ${release}: its ONNX parser implements only the ai.onnx domain`;
      const entry = ctx.trt.table.operators[opType];
      if (!entry) return `${opType} is not in TensorRT ${release}'s supported-operator table`;
      if (!entry.supported)
        return `${opType} is not supported by TensorRT ${release}${entry.notes ? ` (${entry.notes})` : ''}`;
      return undefined;
    });
  },
};
