// Loop nodes whose iteration count is only known at run time.
import { isDefaultDomain } from '../support/graph-facts';
import { allGraphFacts } from '../support/graph-walk';
import type { Rule, RuleReport } from '../rule';

export const loopDynamicTripCount: Rule = {
  id: 'trt/loop-dynamic-trip-count',
  defaultSeverity: 'warning',
  docs: {
    summary:
      "A Loop's trip count is not a build-time constant (computed, or absent so that only the condition ends it).",
    why: 'TensorRT\'s ONNX parser cannot give scan outputs a dynamic length ("Scan output length cannot be dynamic"); loops without a static bound also run as slow sequential layers.',
    howToFix:
      'Make the trip count a constant (export with fixed sequence length, or unroll the loop), or return only loop-carried values instead of scan outputs.',
  },
  check(ctx) {
    const reports: RuleReport[] = [];
    // Nested loops (in If/Loop/Scan bodies or model-local functions) are imported as loops too.
    for (const facts of allGraphFacts(ctx.facts, ctx.model))
      facts.graph.nodes.forEach((node, i) => {
        if (node.opType !== 'Loop' || !isDefaultDomain(node)) return;
        const tripCount = node.inputs[0] ?? '';
        if (tripCount !== '' && facts.isBuildTimeConstant(tripCount)) return;
        const body = node.attributes.find((a) => a.name === 'body')?.g;
        const carried = Math.max(0, node.inputs.length - 2);
        const scanOutputs = body ? Math.max(0, body.outputs.length - 1 - carried) : 0;
        const why =
          tripCount === ''
            ? 'has no trip count (ends only on its condition)'
            : `takes its trip count from "${tripCount}", computed at run time`;
        const scans =
          scanOutputs > 0
            ? `; its ${scanOutputs} scan output(s) would have a dynamic length, which TensorRT ${ctx.trt.table.release} rejects`
            : '';
        reports.push({ node: facts.label(i), message: `Loop ${why}${scans}` });
      });
    return reports;
  },
};
