// Every Triton rule id with its default severity, docs and check stage (rule-stages.ts says what a stage is).
// `TritonRuleId` types every finding the stages emit, so an id missing here does not compile.
import { configRules } from './rules-config';
import { modelRules } from './rules-model';
import { parseRules } from './rules-parse';

export { TRITON_CHECKS, type TritonRule } from './rule-stages';

export const tritonRules = [...parseRules, ...configRules, ...modelRules] as const;

export type TritonRuleId = (typeof tritonRules)[number]['id'];
