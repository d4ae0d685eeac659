// ONNX nodes whose layers run in another precision in a second engine of the same model.
import { precisionByNode } from '../../engine/node-precision';
import type { EngineComparisonRule } from './engine-rule';

export const precisionDiffers: EngineComparisonRule = {
  id: 'engine/precision-differs',
  defaultSeverity: 'info',
  docs: {
    summary:
      'Comparing two engines of the same model (`modelready engine a.json --compare b.json`): ONNX nodes whose layers run in a different precision in the other engine, one finding per precision pair.',
    why: 'Two builds of one model (FP16 vs INT8, two TensorRT versions, two GPUs) differ in accuracy and speed exactly where their precisions differ; layer names change between builds, ONNX nodes do not.',
    howToFix:
      'Expected when the builds asked for different precisions; otherwise look at the listed nodes: a tactic unavailable on one GPU or version, or a Q/DQ pair one build fused and the other did not.',
  },
  check(base, other) {
    const theirs = precisionByNode(other);
    const byPair = new Map<string, { nodes: string[]; layers: Set<string> }>();
    for (const [node, mine] of precisionByNode(base)) {
      const their = theirs.get(node);
      if (!their || their.precision === mine.precision) continue;
      const key = `${mine.precision} -> ${their.precision}`;
      const entry = byPair.get(key) ?? { nodes: [], layers: new Set<string>() };
      entry.nodes.push(node);
      entry.layers.add(mine.layer);
      byPair.set(key, entry);
    }
    return [...byPair].map(([pair, { nodes, layers }]) => ({
      message: `${nodes.length} ONNX nodes run in ${pair.replace(' -> ', ' here and ')} in the other engine (${nodes.slice(0, 5).join(', ')}${nodes.length > 5 ? ', …' : ''})`,
      layers: [...layers],
    }));
  },
};
