// Two engines of the same model (FP16 vs INT8, two TensorRT versions, two GPUs), compared per ONNX node: the
// precision each engine runs the node's layer in and, through the run comparison, the time each spends on it.
// A node whose precision differs is also a finding on the first engine (engine/precision-differs).
import type { EngineComparison, EngineFinding, EngineReport } from '../contract/engine';
import { compareByOnnxNode, UNMAPPED_ROW } from '../profiling/run-store';
import { asFindings } from '../rules/engine/index';
import { precisionDiffers } from '../rules/engine/precision-differs';
import { precisionByNode } from './node-precision';

export function precisionDifferences(base: EngineReport, other: EngineReport): EngineFinding[] {
  return asFindings(precisionDiffers, precisionDiffers.check(base.layers, other.layers));
}

/** Every ONNX node of either engine with its precision and time on both sides (the run comparison's per-node rows). */
export function compareEngines(base: EngineReport, other: EngineReport): EngineComparison {
  const [mine, theirs] = [precisionByNode(base.layers), precisionByNode(other.layers)];
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
