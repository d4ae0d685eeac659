// What a Triton rule is: an id, default severity and docs, and the check stage that reports it. Triton's checks run
// as one pass over a model folder (they share the parsed config, the backend and the model's signature), so a rule
// names its stage rather than owning a function. The rules themselves: rules.ts.
import type { RuleInfo } from '../../rules/rule-info';

/** The check stages, in the order they run (see server/triton/validate/index.ts `Repository.check`). */
export const TRITON_CHECKS = {
  parse: 'protobuf text-format syntax and the ModelConfig schema (textformat/, schema-check.ts)',
  folder: 'the model folder: config file, name, version folders and files (index.ts, layout-rules.ts)',
  config: "Triton core's checks on one configuration (config-rules.ts)",
  ensemble: 'ensembles against their member models in the repository (ensemble-rules.ts)',
  model: "the onnxruntime backend's checks against the ONNX model file (onnx-check.ts)",
} as const;

export interface TritonRule extends RuleInfo {
  check: keyof typeof TRITON_CHECKS;
}

export const refused =
  'tritonserver refuses to load the model, so every request to it fails until the config is fixed.';
