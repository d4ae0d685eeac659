// The side panel's op documentation: a short summary of the ONNX schema's doc text (generated knowledge,
// server/knowledge/onnx-schemas.json) for the op version the model's opset imports select.
import { schemaAt } from '../knowledge/onnx-schemas';
import type { OpsetImport } from '../onnx/model';
import type { OpDocs } from '../protocol';

const MAX_SUMMARY = 320;

/** The docs of `op` in `domain` at the model's opset, or null for ops the schemas do not define (custom domains). */
export function opDocs(op: string, domain: string, opsetImports: readonly OpsetImport[]): OpDocs | null {
  const canonical = domain === 'ai.onnx' ? '' : domain;
  const imported = opsetImports.find((o) => (o.domain === 'ai.onnx' ? '' : o.domain) === canonical)?.version;
  // Without an import for the domain the newest version is the best guess (the checker reports the import).
  const schema = schemaAt(domain, op, imported ?? Number.MAX_SAFE_INTEGER);
  if (!schema) return null;
  return { op, domain, summary: summarize(schema.doc), sinceVersion: schema.since };
}

/** Whole sentences up to MAX_SUMMARY characters; code blocks and markdown quoting dropped. */
export function summarize(doc: string): string {
  const text = doc.replace(/```[\s\S]*?```/g, ' ').replace(/\\"/g, '"').replace(/`/g, '').replace(/\s+/g, ' ').trim();
  if (text.length <= MAX_SUMMARY) return text;
  const sentences = text.match(/[^.!?]+[.!?]+(\s|$)/g) ?? [];
  let summary = '';
  for (const s of sentences) {
    if ((summary + s).length > MAX_SUMMARY) break;
    summary += s;
  }
  return summary.trim() || text.slice(0, MAX_SUMMARY - 1) + '…';
}
