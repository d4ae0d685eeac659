// Operator documentation for the graph view's detail panel, from the generated ONNX schemas.
import type { OnnxModel } from '../onnx/model';
import { canonicalDomain, opVersions, schemaAt } from '../knowledge/onnx-schemas';
import type { OpDocs } from '../contract/graph-view';

/** Longer docs are cut at a sentence: the panel shows a summary, not the whole spec. */
const MAX_SUMMARY = 600;

function summarize(doc: string): string {
  const paragraph = doc
    .trim()
    .split(/\n\s*\n/)[0]
    .replace(/\s+/g, ' ');
  if (paragraph.length <= MAX_SUMMARY) return paragraph;
  const cut = paragraph.slice(0, MAX_SUMMARY);
  const sentenceEnd = cut.lastIndexOf('. ');
  return sentenceEnd > 0 ? cut.slice(0, sentenceEnd + 1) : `${cut}…`;
}

/** Docs of `op` as the model's imported opset of its domain defines it (the newest version when not imported). */
export function opDocsFor(model: OnnxModel, op: string, domain: string): OpDocs | null {
  const opset = model.opsetImports.find((o) => canonicalDomain(o.domain) === canonicalDomain(domain))?.version;
  const schema = opset !== undefined ? schemaAt(domain, op, opset) : opVersions(domain, op)?.at(-1);
  if (!schema) return null;
  return { op, domain, summary: summarize(schema.doc), sinceVersion: schema.since };
}
