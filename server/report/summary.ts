import type { Finding } from '../findings';

export interface FindingSummary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
}

export function summarize(findings: Finding[], files: number): FindingSummary {
  const count = (severity: Finding['severity']) => findings.filter((f) => f.severity === severity).length;
  return { files, errors: count('error'), warnings: count('warning'), infos: count('info') };
}
