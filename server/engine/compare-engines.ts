// Two engines of the same model (FP16 vs INT8, two TensorRT versions, two GPUs), compared per ONNX node: the
// precision each engine runs the node's layer in and, through the run comparison, the time each spends on it.
// A node whose precision differs is also a finding on the first engine.
import type { EngineComparison, EngineFinding, EngineReport } from '../contract/engine';
import { compareByOnnxNode, UNMAPPED_ROW } from '../profiling/run-store';

function precisionByNode(report: EngineReport): Map<string, { precision: string; layer: string }> {
  const out = new Map<string, { precision: string; layer: string }>();
  for (const layer of report.layers) {
    // Copy layers take their consumer's nodes; the node's precision is that of the layer doing the work.
    if (layer.precision === null || layer.type === 'Reformat' || layer.type === 'NoOp') continue;
    for (const node of layer.onnxNodes)
      if (!out.has(node)) out.set(node, { precision: layer.precision, layer: layer.name });
  }
  return out;
}

export function precisionDifferences(base: EngineReport, other: EngineReport): EngineFinding[] {
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
    ruleId: 'engine-precision-differs',
    severity: 'info',
    message: `${nodes.length} ONNX nodes run in ${pair.replace(' -> ', ' here and ')} in the other engine (${nodes.slice(0, 5).join(', ')}${nodes.length > 5 ? ', …' : ''})`,
    layers: [...layers],
  }));
}

/** Every ONNX node of either engine with its precision and time on both sides (the run comparison's per-node rows). */
export function compareEngines(base: EngineReport, other: EngineReport): EngineComparison {
  const [mine, theirs] = [precisionByNode(base), precisionByNode(other)];
  const times = compareByOnnxNode(base.layers, other.layers);
  const timed = new Set(times.map((t) => t.name));
  // Nodes of unprofiled engines have no time row: they still belong in the comparison for their precision.
  const untimed = [...new Set([...mine.keys(), ...theirs.keys()])].filter((n) => !timed.has(n));
  const rows = [...times, ...untimed.map((name) => ({ name, baseMs: null, otherMs: null, deltaMs: null }))];
  const nodes = rows.map((row) => ({
    node: row.name,
    basePrecision: row.name === UNMAPPED_ROW ? null : (mine.get(row.name)?.precision ?? null),
    otherPrecision: row.name === UNMAPPED_ROW ? null : (theirs.get(row.name)?.precision ?? null),
    baseMs: row.baseMs,
    otherMs: row.otherMs,
    deltaMs: row.deltaMs,
  }));
  const precisionChanges = nodes.filter(
    (n) => n.basePrecision !== null && n.otherPrecision !== null && n.basePrecision !== n.otherPrecision,
  ).length;
  return { nodes, precisionChanges };
}
