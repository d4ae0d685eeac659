// QuantizeLinear without its DequantizeLinear (or the reverse) after simplification or hand edits.
import type { Rule } from '../rule';
import {
  consumersOf,
  hasDequantize,
  hasQuantize,
  isDequantize,
  isQuantize,
  producerOf,
  TRT_EXPLICIT_QUANTIZATION,
} from './qdq-graph';

export const danglingQdq: Rule = {
  id: 'quant/dangling-qdq',
  defaultSeverity: 'warning',
  docs: {
    summary:
      'A QuantizeLinear whose output reaches no DequantizeLinear (read by other ops or a graph output), or a DequantizeLinear of an activation that no QuantizeLinear produced.',
    why: `TensorRT processes explicit quantization as Q/DQ pairs: it propagates and fuses them into the neighbouring layers. A lone Q leaves an INT8 tensor that float layers or the engine output must read (extra reformats, or an output in INT8 the client does not expect); a lone DQ on an activation has no scale to fuse. This is what graph simplifiers leave behind when they drop one node of a pair. Source: TensorRT developer guide, "Explicit Quantization", sections "Q/DQ Fusion" and "Q/DQ Layer-Placement Recommendations", ${TRT_EXPLICIT_QUANTIZATION}.`,
    howToFix:
      'Restore the missing half of the pair, or remove the lone node and keep the tensor in float; re-run the quantizer rather than editing pairs by hand.',
  },
  check(ctx) {
    if (!hasQuantize(ctx) && !hasDequantize(ctx)) return [];
    const reports = [];
    const graphOutputs = new Set(ctx.graph.outputs.map((o) => o.name));
    for (const node of ctx.graph.nodes) {
      if (isQuantize(node)) {
        const out = node.outputs[0];
        const readers = consumersOf(ctx, out);
        const lone = graphOutputs.has(out) || readers.some((c) => !isDequantize(c));
        if (lone)
          reports.push({
            node: node.name,
            message: `QuantizeLinear "${node.name}": its output "${out}" is ${
              graphOutputs.has(out)
                ? 'a graph output'
                : `read by ${readers
                    .filter((c) => !isDequantize(c))
                    .map((c) => c.opType)
                    .join(', ')}`
            } without a DequantizeLinear`,
          });
      } else if (isDequantize(node)) {
        const input = node.inputs[0];
        if (ctx.facts.constantTensor(input) !== undefined || isQuantize(producerOf(ctx, input))) continue;
        reports.push({
          node: node.name,
          message: `DequantizeLinear "${node.name}": its input "${input}" is neither a stored (quantized) weight nor the output of a QuantizeLinear`,
        });
      }
    }
    return reports;
  },
};
