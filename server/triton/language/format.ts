// Canonical formatting of config.pbtxt: two-space indent, `field: value` for scalars, `field { }` for messages,
// `[ a, b ]` for scalar lists and one message per line block for message lists, `<>` written as `{}`.
// Comments stay (leading ones above their field, trailing ones on its line); single blank lines between
// fields are kept. Formatting is idempotent and refuses a document with syntax errors (nothing is lost).
import type { Range } from '../../findings';
import type { Field, MessageValue, TextDocument, Value } from '../textformat/ast';
import { parseTextFormat } from '../textformat/parser';
import { tokenize, type Comment } from '../textformat/tokenizer';

export interface TextEdit {
  range: Range;
  newText: string;
}

const INDENT = '  ';

class Printer {
  private readonly lines: string[] = [];
  private next = 0;

  constructor(
    private readonly doc: TextDocument,
    private readonly comments: Comment[],
  ) {}

  /** Comments that start before `offset` and were not printed yet, one per line. */
  leading(offset: number, indent: string): void {
    while (this.next < this.comments.length && this.comments[this.next].start < offset) {
      this.lines.push(`${indent}#${this.comments[this.next].text.trimEnd()}`);
      this.next++;
    }
  }

  /** A comment on the same line right after `offset` goes at the end of the last printed line. */
  trailing(offset: number): void {
    const c = this.comments[this.next];
    if (!c || c.start < offset) return;
    if (this.doc.lines.position(c.start).line === this.doc.lines.position(offset).line) {
      this.lines[this.lines.length - 1] += `  #${c.text.trimEnd()}`;
      this.next++;
    }
  }

  line(s: string): void {
    this.lines.push(s);
  }

  blankBefore(prevEnd: number, start: number): void {
    const firstComment = this.comments[this.next];
    const upTo = firstComment && firstComment.start < start ? firstComment.start : start;
    const gap = this.doc.text.slice(prevEnd, upTo);
    if (/\n[ \t\r\f\v]*\n/.test(gap) && this.lines.length > 0) this.lines.push('');
  }

  fields(fields: Field[], indent: string, from: number): void {
    let prevEnd = from;
    fields.forEach((f, i) => {
      if (i > 0) this.blankBefore(prevEnd, f.start);
      this.leading(f.start, indent);
      this.field(f, indent);
      this.trailing(f.end);
      prevEnd = f.end;
    });
  }

  field(f: Field, indent: string): void {
    const v = f.value;
    if (!v) return;
    if (v.kind === 'message') {
      this.message(`${indent}${f.name} `, v, indent);
    } else if (v.kind === 'list') {
      const scalars = v.items.every((item) => item.kind !== 'message');
      if (scalars) {
        const items = v.items.map((item) => this.scalarText(item));
        this.line(items.length ? `${indent}${f.name}: [ ${items.join(', ')} ]` : `${indent}${f.name}: []`);
      } else {
        this.line(`${indent}${f.name} [`);
        const inner = indent + INDENT;
        v.items.forEach((item, i) => {
          this.leading(item.start, inner);
          const comma = i < v.items.length - 1 ? ',' : '';
          if (item.kind === 'message') this.message(inner, item, inner, comma);
          else this.line(`${inner}${this.scalarText(item)}${comma}`);
          this.trailing(item.end);
        });
        this.leading(v.end - 1, inner);
        this.line(`${indent}]`);
      }
    } else {
      this.line(`${indent}${f.name}: ${this.scalarText(v)}`);
    }
  }

  message(prefix: string, m: MessageValue, indent: string, suffix = ''): void {
    const hasInnerComments = this.comments[this.next] !== undefined && this.comments[this.next].start < m.end;
    if (m.fields.length === 0 && !hasInnerComments) {
      this.line(`${prefix}{}${suffix}`);
      return;
    }
    this.line(`${prefix}{`);
    this.trailing(m.start + 1);
    this.fields(m.fields, indent + INDENT, m.start + 1);
    this.leading(m.end - 1, indent + INDENT);
    this.line(`${indent}}${suffix}`);
  }

  /** A scalar as written (adjacent strings joined by one space, `- 1` written `-1`). */
  scalarText(v: Value): string {
    const raw = this.doc.text.slice(v.start, v.end);
    const tokens = tokenize(raw).tokens.filter((t) => t.kind !== 'eof');
    if (tokens.every((t) => t.kind === 'string')) return tokens.map((t) => t.text).join(' ');
    return tokens.map((t) => t.text).join('');
  }

  finish(): string {
    this.leading(Infinity, '');
    return this.lines.join('\n') + '\n';
  }
}

/** The canonical text, or undefined when the text has syntax errors (formatting would have to guess). */
export function formatConfig(text: string): string | undefined {
  const doc = parseTextFormat(text);
  if (doc.errors.length > 0) return undefined;
  const printer = new Printer(doc, doc.comments);
  printer.fields(doc.root.fields, '', 0);
  return printer.finish();
}

/** One edit replacing the whole document (none when already formatted or not formattable). */
export function formatDocumentEdits(text: string): TextEdit[] {
  const formatted = formatConfig(text);
  if (formatted === undefined || formatted === text) return [];
  const doc = parseTextFormat(text);
  return [{ range: doc.lines.range(0, text.length), newText: formatted }];
}

/**
 * Formats the top-level fields the range touches (with their comments), leaving the rest of the file as it is.
 */
export function formatRangeEdits(text: string, range: Range): TextEdit[] {
  const doc = parseTextFormat(text);
  if (doc.errors.length > 0) return [];
  const from = doc.lines.offset(range.start);
  const to = doc.lines.offset(range.end);
  const fields = doc.root.fields;
  const touched = fields.filter((f) => f.end >= from && f.start <= to);
  if (touched.length === 0) return [];
  const first = touched[0];
  const last = touched[touched.length - 1];
  const prevEnd = fields[fields.indexOf(first) - 1]?.end ?? 0;
  // Start at the line after the previous field (so leading comments come along), end at the last field's line end.
  const startOffset = doc.lines.offset({
    line: prevEnd === 0 ? 0 : doc.lines.position(prevEnd).line + 1,
    character: 0,
  });
  const lastLine = doc.lines.position(last.end).line;
  const endOffset = Math.min(text.length, doc.lines.offset({ line: lastLine + 1, character: 0 }));
  const comments = doc.comments.filter((c) => c.start >= startOffset && c.start < endOffset);
  const printer = new Printer(doc, comments);
  printer.fields(touched, '', startOffset);
  let newText = printer.finish();
  if (!text.slice(startOffset, endOffset).endsWith('\n')) newText = newText.slice(0, -1);
  if (newText === text.slice(startOffset, endOffset)) return [];
  return [{ range: doc.lines.range(startOffset, endOffset), newText }];
}
