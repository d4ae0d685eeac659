// ESLint-style text report: findings grouped by file, one line each, totals at the end.
import { severityRank, type Finding } from '../findings';
import type { FindingSummary } from './summary';

export function formatText(findings: Finding[], summary: FindingSummary): string {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    lines.push('', file);
    const sorted = [...list].sort(
      (a, b) =>
        (a.range?.start.line ?? -1) - (b.range?.start.line ?? -1) ||
        severityRank[a.severity] - severityRank[b.severity],
    );
    const where = (f: Finding) =>
      f.range ? `${f.range.start.line + 1}:${f.range.start.character + 1}` : f.node ? `node ${f.node}` : '';
    // Columns line up within a file; very long node names are not allowed to push everything right.
    const width = Math.min(40, Math.max(...sorted.map((f) => where(f).length)));
    for (const f of sorted)
      lines.push(`  ${where(f).padEnd(width)}  ${f.severity.padEnd(7)} ${f.message}  ${f.ruleId}`);
  }
  const total = summary.errors + summary.warnings + summary.infos;
  lines.push(
    '',
    `${total} problem(s) (${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.infos} info) in ${summary.files} file(s)`,
  );
  return lines.join('\n');
}
