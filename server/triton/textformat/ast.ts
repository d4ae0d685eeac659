// The syntax tree of a text-format document. Every node keeps its source offsets so findings,
// hovers and edits can point at the exact text. Nothing here knows about Triton.
import type { Comment } from './tokenizer';
import type { LineMap } from './lines';

export interface ScalarValue {
  kind: 'scalar';
  /** Token class of the value: identifiers are enum names, bools, `inf`/`nan`. */
  tokenKind: 'identifier' | 'integer' | 'float' | 'string';
  /** Numbers and identifiers: the source text with a leading `-` if negated. Strings: the decoded, concatenated value. */
  text: string;
  start: number;
  end: number;
}

/** A value whose token could not be read as the field expects (kept so the field still exists for the outline). */
export interface InvalidValue {
  kind: 'invalid';
  text: string;
  start: number;
  end: number;
}

export interface MessageValue {
  kind: 'message';
  fields: Field[];
  start: number;
  end: number;
  /** Which bracket pair was used (`{}` or `<>`); the root message has none. */
  brackets?: '{}' | '<>';
}

export interface ListValue {
  kind: 'list';
  items: (ScalarValue | MessageValue | InvalidValue)[];
  start: number;
  end: number;
}

export type Value = ScalarValue | MessageValue | ListValue | InvalidValue;

export interface Field {
  name: string;
  nameStart: number;
  nameEnd: number;
  hasColon: boolean;
  /** Missing when the text stopped before a value could be read. */
  value?: Value;
  start: number;
  end: number;
}

export interface SyntaxError {
  /** Protobuf's wording without the position, e.g. `Expected integer, got: $`. */
  message: string;
  start: number;
  end: number;
}

export interface TextDocument {
  text: string;
  lines: LineMap;
  root: MessageValue;
  comments: Comment[];
  errors: SyntaxError[];
}

/** `line:column: message` with 1-based numbers, as protobuf's text-format parser reports it. */
export function formatSyntaxError(doc: TextDocument, error: SyntaxError): string {
  const p = doc.lines.position(error.start);
  return `${p.line + 1}:${p.character + 1}: ${error.message}`;
}
