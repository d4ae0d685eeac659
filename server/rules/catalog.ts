// Every rule id ModelReady reports, with its default severity and docs: the ONNX rules, Triton's checks and the
// findings reported elsewhere. One list for `modelready rules`, docs/rules.md, SARIF and the severity settings.
import { TRITON_CHECKS, tritonRules } from '../triton/validate/rules';
import { otherRules } from './other-rules';
import { allRules } from './registry';
import type { RuleInfo } from './rule-info';

export const ruleCatalog: readonly RuleInfo[] = [
  ...allRules,
  ...tritonRules.map(({ check, ...rule }): RuleInfo => ({ ...rule, checkedBy: TRITON_CHECKS[check] })),
  ...otherRules,
];

const byId = new Map(ruleCatalog.map((r) => [r.id, r]));

export function ruleInfo(id: string): RuleInfo | undefined {
  return byId.get(id);
}
