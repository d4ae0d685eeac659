// What an engine rule is: like an ONNX rule (server/rules/rule.ts) an id, a default severity and docs, registered in
// the catalog, but its check reads one engine report (its layers with times and ONNX nodes, and the facts of the
// ONNX graph when the model is known) instead of a model. Comparison rules read two reports of the same model.
import type { EngineFinding, EngineLayer } from '../../contract/engine';
import type { OnnxFacts } from '../../engine/onnx-facts';
import type { RuleInfo } from '../rule-info';

export interface EngineRuleContext {
  layers: EngineLayer[];
  /** Facts of the ONNX graph the engine was built from; undefined when the model was not found or given. */
  onnx?: OnnxFacts;
}

/** A finding before the rule's id and severity are put on it. */
export type EngineRuleReport = Omit<EngineFinding, 'ruleId' | 'severity'>;

export interface EngineRule extends RuleInfo {
  check(ctx: EngineRuleContext): EngineRuleReport[];
}

export interface EngineComparisonRule extends RuleInfo {
  check(base: EngineLayer[], other: EngineLayer[]): EngineRuleReport[];
}

/** Precisions a layer may compute in without honouring a quantization its inputs ask for. */
export const FLOAT_PRECISIONS = new Set(['FP32', 'FP16', 'BF16']);
/** Layers that only move or copy data: they take their consumer's ONNX nodes, not its precision decision. */
export const COPY_TYPES = new Set(['Reformat', 'NoOp', 'Shuffle']);
