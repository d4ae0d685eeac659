// The engine rules, in the order their findings are listed: registered in the catalog (server/rules/catalog.ts) so
// `modelready rules`, docs/rules.md and the severity settings of .modelready.json know them.
import type { EngineFinding } from '../../contract/engine';
import type { EngineComparisonRule, EngineRule, EngineRuleReport } from './engine-rule';
import { fp16NotTaken } from './fp16-not-taken';
import { myelinRegion } from './myelin-region';
import { pluginLayer } from './plugin-layer';
import { precisionDiffers } from './precision-differs';
import { quantizationNotTaken } from './quantization-not-taken';
import { reformatShare } from './reformat-share';

export const engineRules: readonly EngineRule[] = [
  reformatShare,
  quantizationNotTaken,
  fp16NotTaken,
  myelinRegion,
  pluginLayer,
];

export const engineComparisonRules: readonly EngineComparisonRule[] = [precisionDiffers];

/** A rule's reports as findings, at its default severity (the configuration applies later, in one place). */
export function asFindings(rule: EngineRule | EngineComparisonRule, reports: EngineRuleReport[]): EngineFinding[] {
  return reports.map((r) => ({ ruleId: rule.id, severity: rule.defaultSeverity, ...r }));
}
