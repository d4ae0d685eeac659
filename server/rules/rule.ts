// What a rule is: one module with an id, a default severity, docs (why it matters for deployment,
// how to fix), and a check that turns a model into reports. The framework (checkOnnxFile) turns
// reports into Findings; server/analyze.ts applies the severity the project's configuration chose.
import type { ModelReadyConfig } from '../config/config';
import type { RelatedLocation, Severity } from '../findings';
import type { TrtTarget } from '../knowledge/tensorrt';
import type { GraphIndex } from '../onnx/model-index';
import type { OnnxGraph, OnnxModel } from '../onnx/model';
import type { ResolvedTarget } from '../target/resolve';
import type { RuleInfo } from './rule-info';
import type { GraphFacts } from './support/graph-facts';

export interface RuleContext {
  file: string;
  model: OnnxModel;
  graph: OnnxGraph;
  index: GraphIndex;
  config: ModelReadyConfig;
  trt: TrtTarget;
  /** The deployment target resolved from the configuration (Triton release, TensorRT, GPU, ...). */
  target: ResolvedTarget;
  /** Imported opset per canonical domain ("ai.onnx", "ai.onnx.ml", custom ones). */
  opsets: Map<string, number>;
  /** Facts several rules share (constants, types, liveness), computed on first use. */
  facts: GraphFacts;
}

export interface RuleReport {
  message: string;
  /** Node the report is about (its name, or a stable label for unnamed nodes). */
  node?: string;
  related?: RelatedLocation[];
  /** A milder severity for this report than the rule's (never a stronger one): e.g. a doubt rather than a fact. */
  atMost?: Severity;
}

export interface Rule extends RuleInfo {
  check(ctx: RuleContext): RuleReport[];
}
