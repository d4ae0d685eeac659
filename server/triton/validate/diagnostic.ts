// Findings while validating one config text carry offsets; they become `Finding`s (LSP ranges) at the end.
import type { Finding, RelatedLocation, Severity } from '../../findings';
import type { LineMap } from '../textformat/lines';
import type { TritonRuleId } from './rules';

export interface Diagnostic {
  ruleId: TritonRuleId;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  related?: RelatedLocation[];
  fixes?: { id: string; title: string }[];
}

export function toFinding(d: Diagnostic, file: string, lines: LineMap): Finding {
  return {
    ruleId: d.ruleId,
    severity: d.severity,
    message: d.message,
    file,
    range: lines.range(d.start, d.end),
    ...(d.related ? { related: d.related } : {}),
    ...(d.fixes ? { fixes: d.fixes } : {}),
  };
}

/** How a check reports: a rule id, Triton's message, the text span, and a severity when milder than error. */
export type Report = (
  ruleId: TritonRuleId,
  message: string,
  span: { start: number; end: number },
  severity?: Diagnostic['severity'],
) => void;

/** A `Report` that appends to `out`. */
export function reportInto(out: Diagnostic[]): Report {
  return (ruleId, message, span, severity = 'error') =>
    out.push({ ruleId, severity, message, start: span.start, end: span.end });
}
