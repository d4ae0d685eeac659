// Finding -> LSP Diagnostic. ONNX files are binary, so their diagnostics sit on the file's first position
// and name the node in the message and in `data` (the graph view and "Reveal node" use it).
import { pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Range,
} from 'vscode-languageserver';
import type { Finding, Severity } from '../findings';
import type { DiagnosticData } from '../contract/analysis';
import { ruleDocsUrl } from '../rules/docs-link';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

const FILE_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

/** A node of a model as a link: `file:///m.onnx#node=<name>`. VS Code's graph editor opens the model there and
 * reveals the node; other editors open the file (file-URI readers ignore the fragment). */
export function nodeUri(file: string, node: string): string {
  return `${fileUri(file)}#node=${encodeURIComponent(node)}`;
}

export function toDiagnostic(finding: Finding): Diagnostic {
  const related: DiagnosticRelatedInformation[] = (finding.related ?? []).map((r) => ({
    location: { uri: r.node ? nodeUri(r.file, r.node) : fileUri(r.file), range: r.range ?? FILE_START },
    message: r.node && !r.message.includes(r.node) ? `${r.message} (node ${r.node})` : r.message,
  }));
  // A binary model has no text position to jump to: the node itself is the first related location, one click away.
  if (finding.node && !finding.range)
    related.unshift({
      location: { uri: nodeUri(finding.file, finding.node), range: FILE_START },
      message: `node ${finding.node}`,
    });
  const data: DiagnosticData = { ruleId: finding.ruleId, node: finding.node, fixes: finding.fixes };
  const docs = ruleDocsUrl(finding.ruleId);
  return {
    range: finding.range ?? FILE_START,
    severity: SEVERITY[finding.severity],
    source: 'modelready',
    code: finding.ruleId,
    ...(docs && { codeDescription: { href: docs } }),
    message:
      finding.node && !finding.message.includes(finding.node)
        ? `${finding.message} [node ${finding.node}]`
        : finding.message,
    relatedInformation: related.length ? related : undefined,
    data,
  };
}

/** Rebuilds the Finding a diagnostic came from (code actions get diagnostics back from the client). */
export function findingFromDiagnostic(file: string, diagnostic: Diagnostic): Finding | undefined {
  const data = diagnostic.data as DiagnosticData | undefined;
  if (!data || typeof data.ruleId !== 'string') return undefined;
  const severity =
    diagnostic.severity === DiagnosticSeverity.Error
      ? 'error'
      : diagnostic.severity === DiagnosticSeverity.Warning
        ? 'warning'
        : 'info';
  return {
    ruleId: data.ruleId,
    severity,
    message: diagnostic.message,
    file,
    node: data.node,
    range: diagnostic.range,
    fixes: Array.isArray(data.fixes) ? data.fixes : undefined,
  };
}

/** The diagnostic a file gets when its analysis itself failed (crash, timeout): the rest of the workspace goes on. */
export function analysisFailedFinding(file: string, reason: string): Finding {
  return {
    ruleId: 'modelready/analysis-failed',
    severity: 'error',
    file,
    message: `ModelReady could not analyze ${file}: ${reason}`,
  };
}
