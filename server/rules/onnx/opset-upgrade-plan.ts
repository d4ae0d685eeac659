// Which used ops change definition between the model's opset and the newest the target TensorRT
// parses: the input of the "upgrade opset" quick fix and a checklist for re-validating outputs.
import { onnxSchemas, schemaAt, versionsBetween, type OpSchema } from '../../knowledge/onnx-schemas';
import { isDefaultDomain } from '../support/graph-facts';
import type { OnnxModel } from '../../onnx/model';
import { walkGraphs } from '../../onnx/walk';
import type { Rule } from '../rule';

export interface OpsetUpgradeStep {
  opType: string;
  /** Opsets in (from, to] whose new version changes inputs, outputs, attributes or deprecates the op. */
  changesAt: number[];
  nodes: number;
}

/** What callers can observe of a version: a new version that only widens the type lists is not a semantic change. */
function signature(v: OpSchema | undefined): string {
  if (!v) return '';
  return JSON.stringify([
    v.inputs.map((p) => [p.name, p.option]),
    v.outputs.map((p) => [p.name, p.option]),
    v.attributes,
    v.deprecated ?? false,
  ]);
}

/** The ai.onnx ops of a model that get a new definition when moving from its opset to `toOpset`. */
export function planOpsetUpgrade(
  model: OnnxModel,
  toOpset: number,
): { from: number; to: number; steps: OpsetUpgradeStep[] } | undefined {
  const from = model.opsetImports.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version;
  if (from === undefined || !model.graph) return undefined;
  const counts = new Map<string, number>();
  for (const { graph } of walkGraphs(model.graph)) {
    const nodes = graph.nodes;
    for (let i = 0; i < nodes.length; i++)
      if (isDefaultDomain(nodes[i])) counts.set(nodes[i].opType, (counts.get(nodes[i].opType) ?? 0) + 1);
  }
  const steps = [...counts].flatMap(([opType, nodes]) => {
    let previous = signature(schemaAt('ai.onnx', opType, from));
    const changesAt: number[] = [];
    for (const v of versionsBetween('ai.onnx', opType, from, toOpset)) {
      const current = signature(v);
      if (current !== previous) changesAt.push(v.since);
      previous = current;
    }
    return changesAt.length ? [{ opType, changesAt, nodes }] : [];
  });
  return { from, to: toOpset, steps: steps.sort((a, b) => a.opType.localeCompare(b.opType)) };
}

export const opsetUpgradePlan: Rule = {
  id: 'onnx/opset-upgrade-plan',
  defaultSeverity: 'info',
  docs: {
    summary:
      "The model's opset is older than the newest the target TensorRT parses; lists the used ops whose inputs, attributes or semantics change on the way (versions that only add data types are left out).",
    why: 'Newer opsets bring ops TensorRT handles better (e.g. Resize, LayerNormalization) but an upgrade changes semantics or inputs of some ops (attributes becoming inputs, new modes): those are the nodes to re-validate.',
    howToFix:
      'Re-export at the proposed opset or run `onnx.version_converter.convert_version(model, N)`, then compare outputs on sample inputs, especially for the listed ops.',
  },
  fix: { id: 'onnx.upgradeOpset', title: 'Upgrade the opset (onnx version converter)' },
  check(ctx) {
    const to = Math.min(ctx.trt.table.opsetRange.max, onnxSchemas().domainOpsetRanges['ai.onnx'][1]);
    const plan = planOpsetUpgrade(ctx.model, to);
    if (!plan || plan.from >= to || plan.steps.length === 0) return [];
    const list = plan.steps
      .map((s) => `${s.opType} (${s.nodes} node${s.nodes > 1 ? 's' : ''}; changes at ${s.changesAt.join(', ')})`)
      .join(', ');
    return [
      {
        message: `upgrading opset ${plan.from} -> ${to} (newest TensorRT ${ctx.trt.table.release} parses) changes inputs, attributes or semantics of ${plan.steps.length} used op(s): ${list}`,
      },
    ];
  },
};
