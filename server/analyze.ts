// The one path from a file to its findings, for the CLI and the language server alike: the file's kind
// (server/kinds) analyzes it, then the project configuration applies here, once, to every rule id (ONNX, Triton,
// later kinds): `ignore` globs drop the file, `rules` settings change a finding's severity or drop it ('off').
import path from 'node:path';
import { isIgnored, resolveConfig, type ModelReadyConfig } from './config/config';
import { severityRank, type Finding, type Severity } from './findings';
import { kindOfFile, kindOfFolder, type AnalysisInput } from './kinds/index';
import { ruleInfo } from './rules/catalog';
import type { OnnxModel } from './onnx/model';
import type { ValidateOptions } from './triton/validate/model';
import { readDirEntries } from './workspace-walk';

export interface AnalyzeOptions {
  /** Default: the `.modelready.json` found from the target's folder upwards (to the repository root). */
  config?: ModelReadyConfig;
  overlays?: AnalysisInput['overlays'];
  triton?: ValidateOptions;
  /** The target's model when the caller has already read it (`modelready diff`): analyzed without a second read. */
  model?: OnnxModel;
}

/** Findings for one target (a file, or a folder target such as a Triton model folder without a config). */
export function analyzeFile(target: string, options: AnalyzeOptions = {}): Finding[] {
  const config = options.config ?? resolveConfig(path.dirname(path.resolve(target)));
  if (isIgnored(config, target)) return [];
  const kind = kindOfFile(target) ?? kindOfFolder(target, readDirEntries(target));
  if (!kind) return [];
  const findings = kind.analyze(target, {
    config,
    overlays: options.overlays ?? {},
    triton: options.triton ?? {},
    ...(options.model && { model: options.model }),
  });
  return applyRuleSettings(findings, config);
}

/** What the configuration reads of a finding: file findings and engine findings (server/contract/engine.ts) alike. */
interface RuleFinding {
  ruleId: string;
  severity: Severity;
}

/**
 * Findings made outside a file's analysis (running the model, an analysis that crashed, an engine description) under
 * the same configuration: none for an ignored file, severities and 'off' as configured.
 */
export function configureFindings<F extends RuleFinding>(target: string, findings: F[], config: ModelReadyConfig): F[] {
  return isIgnored(config, target) ? [] : applyRuleSettings(findings, config);
}

/**
 * The configured severity of each finding's rule; findings of rules switched off are dropped. A finding its rule
 * reported milder than the rule's default (a doubt rather than a fact) stays at most as strong as it was.
 */
export function applyRuleSettings<F extends RuleFinding>(findings: F[], config: ModelReadyConfig): F[] {
  const out: F[] = [];
  for (const f of findings) {
    const setting = config.rules[f.ruleId];
    if (setting === 'off') continue;
    if (setting === undefined || setting === f.severity) {
      out.push(f);
      continue;
    }
    const ruleDefault = ruleInfo(f.ruleId)?.defaultSeverity ?? f.severity;
    const demoted = severityRank[f.severity] > severityRank[ruleDefault];
    const severity = demoted && severityRank[f.severity] > severityRank[setting] ? f.severity : setting;
    out.push({ ...f, severity });
  }
  return out;
}
