// Nodes whose results never reach a graph output.
import { formatBytes } from '../support/message-text';
import type { Rule } from '../rule';
import { aggregateNodes } from '../support/aggregate';

export const deadNode: Rule = {
  id: 'simplify/dead-node',
  defaultSeverity: 'warning',
  docs: {
    summary: 'Nodes whose outputs no graph output depends on (dead code).',
    why: 'TensorRT removes them at build time, but they still cost parse time, file size and confusion; ONNX Runtime may execute them.',
    howToFix:
      'Remove them with a simplifier (`onnxsim`, `polygraphy surgeon sanitize --cleanup`), or add the missing graph output if the result was meant to be returned.',
  },
  fix: { id: 'simplify.removeDeadNodes', title: 'Remove dead nodes' },
  check(ctx) {
    const live = ctx.facts.live;
    const dead: number[] = [];
    for (let i = 0; i < live.length; i++) if (!live[i]) dead.push(i);
    if (dead.length === 0) return [];
    const deadSet = new Set(dead);
    // Weights read only by dead nodes go with them.
    const bytes = ctx.graph.initializers
      .filter((t) => {
        const entry = ctx.index.tensors.get(t.name)!;
        return entry.consumers.length > 0 && entry.consumers.every((c) => deadSet.has(c)) && !entry.graphOutput;
      })
      .reduce((a, t) => a + t.byteSize, 0);
    return aggregateNodes(
      ctx,
      dead,
      (labels) =>
        `${dead.length} node(s) do not contribute to any graph output (${dead.length} node(s) and ${formatBytes(bytes)} of weights would go): ${labels}`,
    );
  },
};
