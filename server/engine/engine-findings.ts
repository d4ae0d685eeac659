// Findings read off one engine report by the engine rules (server/rules/engine/, one module per rule): reformat time,
// quantization or FP16 casts in the ONNX graph that the engine did not honour, Myelin regions and the ONNX nodes they
// swallowed, plugin layers. Findings carry the rules' default severities; .modelready.json applies in configureFindings.
import type { EngineDescription, EngineFinding } from '../contract/engine';
import { asFindings, engineRules } from '../rules/engine/index';
import type { OnnxFacts } from './onnx-facts';

export function engineFindings(report: EngineDescription, onnx?: OnnxFacts): EngineFinding[] {
  return engineRules.flatMap((rule) => asFindings(rule, rule.check({ layers: report.layers, onnx })));
}
