// The ONNX rules over one model file: findings with each rule's default severity (server/analyze.ts applies
// the configured severities); rules the configuration switches off are not run at all.
import { defaultConfig, type ModelReadyConfig } from '../config/config';
import { severityRank, type Finding } from '../findings';
import { canonicalDomain } from '../knowledge/onnx-schemas';
import { knownTrtReleases, trtMatrix, trtTarget } from '../knowledge/tensorrt';
import type { OnnxModel } from '../onnx/model';
import { unreadableModelFinding } from '../onnx/read-findings';
import { readOnnxModel } from '../onnx/reader';
import { allRules } from './registry';
import type { Rule, RuleContext } from './rule';
import { aggregateRuleReports } from './support/aggregate';
import { inferShapes } from '../shape-inference/cache';
import { GraphFacts } from './support/graph-facts';
import { graphIndex } from './support/graph-index';
import { resolveTarget } from '../target/resolve';
import { withSourceLinks } from '../onnx/source-link';

export { allRules } from './registry';

const isOff = (id: string, config: ModelReadyConfig) => config.rules[id] === 'off';

export function checkOnnxFile(file: string, config: ModelReadyConfig = defaultConfig(process.cwd())): Finding[] {
  let model: OnnxModel;
  try {
    model = readOnnxModel(file);
  } catch (error) {
    return [unreadableModelFinding(file, error)];
  }
  return checkOnnxModel(model, config);
}

export function checkOnnxModel(
  model: OnnxModel,
  config: ModelReadyConfig,
  rules: readonly Rule[] = allRules,
): Finding[] {
  const file = model.path;
  if (!model.graph) {
    const rule = rules.find((r) => r.id === 'onnx/invalid-structure');
    return !rule || isOff(rule.id, config)
      ? []
      : [{ ruleId: rule.id, severity: rule.defaultSeverity, file, message: 'the model has no graph' }];
  }
  const ctx = createContext(model, config);
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (isOff(rule.id, config)) continue;
    const severity = rule.defaultSeverity;
    let reports;
    try {
      reports = rule.check(ctx);
    } catch (error) {
      // A rule tripping over an unusual model must not hide the other rules' findings.
      findings.push({
        ruleId: rule.id,
        severity: 'info',
        file,
        message: `rule could not be evaluated on this model: ${error instanceof Error ? error.message : String(error)}`,
      });
      continue;
    }
    for (const r of aggregateRuleReports(file, reports)) {
      findings.push({
        ruleId: rule.id,
        severity: r.atMost && severityRank[r.atMost] > severityRank[severity] ? r.atMost : severity,
        file,
        message: r.message,
        ...(r.node !== undefined && { node: r.node }),
        ...(r.related && r.related.length > 0 && { related: r.related }),
        ...(rule.fix && { fixes: [rule.fix] }),
      });
    }
  }
  return withSourceLinks(findings, model, config.root).sort(
    (a, b) => severityRank[a.severity] - severityRank[b.severity],
  );
}

function createContext(model: OnnxModel, config: ModelReadyConfig): RuleContext {
  const graph = model.graph!;
  const opsets = new Map(model.opsetImports.map((o) => [canonicalDomain(o.domain), o.version]));
  const index = graphIndex(graph);
  // The TensorRT of the resolved target (pinned, or the Triton release's); a release older than every table gets
  // the oldest table (the CLI refuses such targets up front).
  const target = resolveTarget(config.target);
  const tensorrt = target.tensorrt ?? undefined;
  const trt = trtTarget(tensorrt) ?? {
    requested: tensorrt!,
    table: trtMatrix.releases[knownTrtReleases[0]],
  };
  const facts = new GraphFacts(model.path, graph, index, opsets.get('ai.onnx') ?? 1, undefined, undefined, () =>
    inferShapes(model),
  );
  return { file: model.path, model, graph, index, config, trt, target, opsets, facts };
}
