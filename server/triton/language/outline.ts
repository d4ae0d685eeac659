// Document symbols (outline) and folding ranges for config.pbtxt.
import type { Range } from '../../findings';
import type { Field, MessageValue, TextDocument } from '../textformat/ast';
import { scalarField } from './locate';

/** LSP SymbolKind numbers used here (kept numeric so the LSP layer passes them through). */
export const SymbolKind = { Field: 8, Object: 19, Array: 18, Property: 7 } as const;

export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: number;
  range: Range;
  selectionRange: Range;
  children: DocumentSymbol[];
}

export interface FoldingRange {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

export function documentSymbols(doc: TextDocument): DocumentSymbol[] {
  return doc.root.fields.map((f) => fieldSymbol(doc, f));
}

function fieldSymbol(doc: TextDocument, f: Field): DocumentSymbol {
  const v = f.value;
  const range = doc.lines.range(f.start, f.end);
  const selectionRange = doc.lines.range(f.nameStart, f.nameEnd);
  if (v?.kind === 'message') {
    return {
      name: f.name,
      detail: scalarField(v, 'name'),
      kind: SymbolKind.Object,
      range,
      selectionRange,
      children: v.fields.map((c) => fieldSymbol(doc, c)),
    };
  }
  if (v?.kind === 'list' && v.items.some((i) => i.kind === 'message')) {
    const children = v.items
      .filter((i): i is MessageValue => i.kind === 'message')
      .map((m, index) => ({
        // VS Code rejects an empty symbol name, and `name: ""` is what auto-closed quotes give while typing.
        name: scalarField(m, 'name') || scalarField(m, 'model_name') || `[${index}]`,
        detail: f.name,
        kind: SymbolKind.Object,
        range: doc.lines.range(m.start, m.end),
        selectionRange: doc.lines.range(m.start, m.start + 1),
        children: m.fields.map((c) => fieldSymbol(doc, c)),
      }));
    return { name: f.name, kind: SymbolKind.Array, range, selectionRange, children };
  }
  const detail = v ? doc.text.slice(v.start, Math.min(v.end, v.start + 80)) : undefined;
  return { name: f.name, detail, kind: SymbolKind.Property, range, selectionRange, children: [] };
}

export function foldingRanges(doc: TextDocument): FoldingRange[] {
  const out: FoldingRange[] = [];
  const add = (start: number, end: number, kind?: FoldingRange['kind']) => {
    const s = doc.lines.position(start).line;
    const e = doc.lines.position(end).line;
    if (e > s) out.push({ startLine: s, endLine: e, ...(kind ? { kind } : {}) });
  };
  const visit = (m: MessageValue) => {
    for (const f of m.fields) {
      const v = f.value;
      if (v?.kind === 'message') {
        add(f.start, v.end);
        visit(v);
      } else if (v?.kind === 'list') {
        add(f.start, v.end);
        for (const item of v.items) {
          if (item.kind === 'message') {
            add(item.start, item.end);
            visit(item);
          }
        }
      }
    }
  };
  visit(doc.root);
  // Runs of whole-line comments fold too (license headers).
  let runStart: number | undefined;
  let prevLine = -2;
  let runEnd = 0;
  for (const c of doc.comments.filter((x) => !x.trailing)) {
    const line = doc.lines.position(c.start).line;
    if (line !== prevLine + 1) {
      if (runStart !== undefined) add(runStart, runEnd, 'comment');
      runStart = c.start;
    }
    runEnd = c.start;
    prevLine = line;
  }
  if (runStart !== undefined) add(runStart, runEnd, 'comment');
  return out.sort((a, b) => a.startLine - b.startLine);
}
