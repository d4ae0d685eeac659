// Text output of `modelready diff`: each added/removed/changed node with, when the exporter recorded it,
// the Python `file:line` it came from.
import type { OnnxModel } from '../onnx/model';
import { nodeSource } from '../onnx/node-source';
import type { FindingChanges } from './finding-changes';
import type { ModelDiff } from './diff-models';

function sourceLines(model: OnnxModel): Map<string, string> {
  const lines = new Map<string, string>();
  for (const node of model.graph?.nodes ?? []) {
    const source = nodeSource(node);
    if (!source) continue;
    const where = source.file ? `${source.file}:${source.line}` : '';
    lines.set(node.name, [where, source.modulePath ? `(${source.modulePath})` : ''].filter(Boolean).join(' '));
  }
  return lines;
}

export function formatDiffText(diff: ModelDiff, findings: FindingChanges, a: OnnxModel, b: OnnxModel): string {
  const srcA = sourceLines(a);
  const srcB = sourceLines(b);
  const out: string[] = [`--- ${diff.a}`, `+++ ${diff.b}`];
  const by = Object.entries(diff.matchedBy)
    .filter(([, n]) => n)
    .map(([method, n]) => `${n} by ${method}`)
    .join(', ');
  out.push(
    `matched ${diff.matched} nodes${by ? ` (${by})` : ''}; ${diff.changed.length} changed, ${diff.removed.length} removed, ${diff.added.length} added`,
  );
  const under = (source: string | undefined) => source && out.push(`      at ${source}`);
  for (const c of diff.changed) {
    out.push(`  ~ ${c.a}${c.a === c.b ? '' : ` -> ${c.b}`} [${c.op}] (matched by ${c.matchedBy})`);
    under(srcB.get(c.b));
    for (const change of c.changes) out.push(`      ${change}`);
  }
  for (const r of diff.removed) {
    out.push(`  - ${r.node} [${r.op}] (no counterpart in b)`);
    under(srcA.get(r.node));
  }
  for (const n of diff.added) {
    out.push(`  + ${n.node} [${n.op}] (no counterpart in a)`);
    under(srcB.get(n.node));
  }
  for (const c of diff.initializers.changed)
    out.push(
      `  ~ initializer ${c.a}${c.a === c.b ? '' : ` -> ${c.b}`}: ${c.changes.join(', ')}${c.maxAbsDiff !== undefined ? ` (max abs diff ${c.maxAbsDiff})` : ''}`,
    );
  for (const name of diff.initializers.removed) out.push(`  - initializer ${name}`);
  for (const name of diff.initializers.added) out.push(`  + initializer ${name}`);
  for (const line of [...diff.io.changed, ...diff.opsets.changed.map((c) => `opset ${c}`), ...diff.model.changed])
    out.push(`  ~ ${line}`);
  for (const f of findings.fixed) out.push(`  fixed: ${f.ruleId} ${f.message}`);
  for (const f of findings.new) out.push(`  new: ${f.ruleId} ${f.message}`);
  return out.join('\n') + '\n';
}
