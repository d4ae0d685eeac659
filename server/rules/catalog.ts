// Every rule id ModelReady reports, with its default severity and docs: the ONNX rules, Triton's checks, the target
// and pinned-stack rules (server/target/stack-rules.ts), the engine rules (server/rules/engine/) and the findings reported elsewhere. One list for `modelready rules`, docs/rules.md, SARIF and the severity settings.
import { TARGET_WORKSPACE_RULES } from '../target/stack-rules';
import { TRITON_CHECKS, tritonRules } from '../triton/validate/rules';
import { engineComparisonRules, engineRules } from './engine/index';
import { otherRules } from './other-rules';
import { allRules } from './registry';
import type { RuleInfo } from './rule-info';

export const ruleCatalog: readonly RuleInfo[] = [
  ...allRules,
  ...tritonRules.map(({ check, ...rule }): RuleInfo => ({ ...rule, checkedBy: TRITON_CHECKS[check] })),
  ...TARGET_WORKSPACE_RULES,
  ...engineRules,
  ...engineComparisonRules,
  ...otherRules,
];

const byId = new Map(ruleCatalog.map((r) => [r.id, r]));

export function ruleInfo(id: string): RuleInfo | undefined {
  return byId.get(id);
}
