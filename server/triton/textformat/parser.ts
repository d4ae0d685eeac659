// Protobuf text-format parser with positions and error recovery.
// Follows protobuf's TextFormat::Parser grammar: `name: value`, `name {..}` / `name <..>` (colon optional before a
// message), `name: [a, b]` lists, optional `,`/`;` after a field, adjacent strings concatenated, `-` before numbers.
// When a SchemaHook is given, the token expected for each field is known and errors are worded exactly like
// protobuf's (`Expected integer, got: $`). After an error the parser skips to the next line that starts a field,
// so one typo yields one error and the rest of the document is still read.
import { LineMap } from './lines';
import { Lexer, decodeString, type Token } from './tokenizer';
import type {
  Field,
  ListValue,
  MessageValue,
  ScalarValue,
  SyntaxError,
  TextDocument,
  Value,
  InvalidValue,
} from './ast';

/** What the schema says about one field, as far as the grammar cares. */
export interface FieldShape {
  kind: 'message' | 'integer' | 'float' | 'string' | 'bool' | 'enum';
  /** For messages: the full name of the message type, passed back to `field()` for its fields. */
  typeName?: string;
}

export interface SchemaHook {
  rootType: string;
  field(messageType: string, name: string): FieldShape | undefined;
}

/** Same limit as protobuf's default recursion limit. */
export const MAX_DEPTH = 100;

class Abort extends Error {}

export function parseTextFormat(text: string, hook?: SchemaHook): TextDocument {
  const lexer = new Lexer(text);
  const errors: SyntaxError[] = [];
  /** Number of tokens consumed so far (to check that error recovery makes progress). */
  let pos = 0;
  let current = lexer.next();
  let lookahead: Token | undefined;
  const cur = (): Token => current;
  const advance = () => {
    if (current.kind === 'eof') return;
    current = lookahead ?? lexer.next();
    lookahead = undefined;
    pos++;
  };
  const peek = (): Token => (lookahead ??= current.kind === 'eof' ? current : lexer.next());
  const at = (s: string) => cur().kind !== 'eof' && cur().kind !== 'string' && cur().text === s;
  const describe = (t: Token) => t.text;
  const error = (message: string, t: Token = cur()) => {
    errors.push({ message, start: t.start, end: Math.max(t.end, t.start) });
  };

  /**
   * Skips to a point where a new field can start at this level: an identifier at the start of a line or followed
   * by `:`, `{` or `<` (a field name), or our closer.
   */
  function recover(closer: string | undefined): void {
    let depth = 0;
    while (cur().kind !== 'eof') {
      const t = cur();
      if (depth === 0 && t.kind === 'identifier') {
        const next = peek();
        if (
          t.newlineBefore ||
          (next.kind === 'symbol' && (next.text === ':' || next.text === '{' || next.text === '<'))
        )
          return;
      }
      if (t.kind === 'symbol') {
        if (t.text === '{' || t.text === '<' || t.text === '[') depth++;
        else if (t.text === '}' || t.text === '>' || t.text === ']') {
          if (depth === 0 && t.text === closer) return;
          if (depth > 0) depth--;
        }
      }
      advance();
    }
  }

  function parseFields(typeName: string | undefined, closer: string | undefined, depth: number): Field[] {
    const fields: Field[] = [];
    for (;;) {
      const t = cur();
      if (t.kind === 'eof') {
        if (closer) error(`Expected "${closer}".`);
        return fitted(fields);
      }
      if (closer && at(closer)) return fitted(fields);
      if (t.kind === 'symbol' && (t.text === '}' || t.text === '>' || t.text === ']')) {
        // A stray closer: report it and drop it, otherwise nothing after it could be read.
        error(`Expected identifier, got: ${describe(t)}`);
        advance();
        continue;
      }
      const before = errors.length;
      const startPos = pos;
      try {
        fields.push(parseField(typeName, depth));
      } catch (e) {
        if (!(e instanceof Abort)) throw e;
      }
      if (errors.length > before) {
        recover(closer);
        if (pos === startPos) advance(); // always make progress
      }
      if (at(',') || at(';')) advance();
    }
  }

  function parseField(typeName: string | undefined, depth: number): Field {
    const nameToken = cur();
    if (nameToken.kind === 'symbol' && nameToken.text === '[') {
      // Extension / Any syntax: `[pkg.name]`. No Triton message declares extensions.
      advance();
      let name = '';
      while (cur().kind !== 'eof' && !at(']') && !cur().newlineBefore) {
        name += cur().text;
        advance();
      }
      error(`Extension "${name}" is not defined or is not an extension of "${typeName ?? 'message'}".`, nameToken);
      throw new Abort();
    }
    if (nameToken.kind !== 'identifier') {
      error(`Expected identifier, got: ${describe(nameToken)}`);
      throw new Abort();
    }
    advance();
    const field: Field = {
      name: nameToken.text,
      nameStart: nameToken.start,
      nameEnd: nameToken.end,
      hasColon: false,
      start: nameToken.start,
      end: nameToken.end,
    };
    const shape = typeName && hook ? hook.field(typeName, nameToken.text) : undefined;
    if (at(':')) {
      field.hasColon = true;
      advance();
    }
    try {
      const value = parseValue(shape, field, depth, true);
      if (value) {
        field.value = value;
        field.end = value.end;
      }
    } catch (e) {
      // The value is unreadable, but the field was written: keep it (without value) so checks that a field
      // is present do not report it missing on top of the syntax error.
      if (!(e instanceof Abort)) throw e;
    }
    return field;
  }

  function parseValue(
    shape: FieldShape | undefined,
    field: Field,
    depth: number,
    allowList: boolean,
  ): Value | undefined {
    const t = cur();
    const isMessageStart = t.kind === 'symbol' && (t.text === '{' || t.text === '<');
    if (allowList && t.kind === 'symbol' && t.text === '[') {
      if (shape && shape.kind !== 'message' && !field.hasColon) {
        error(`Expected ":", found "${describe(t)}".`);
        throw new Abort();
      }
      return parseList(shape, field, depth);
    }
    if (shape?.kind === 'message' || (!shape && isMessageStart)) {
      if (!isMessageStart) {
        error(`Expected "{", found "${describe(t)}".`);
        throw new Abort();
      }
      return parseMessage(shape?.typeName, depth + 1);
    }
    if (!field.hasColon && shape) {
      error(`Expected ":", found "${describe(t)}".`);
      throw new Abort();
    }
    return parseScalar(shape);
  }

  function parseMessage(typeName: string | undefined, depth: number): MessageValue {
    const open = cur();
    if (depth > MAX_DEPTH) {
      error(`Message is too deep, the parser exceeded the configured recursion limit of ${MAX_DEPTH}.`);
      skipBalanced();
      throw new Abort();
    }
    advance();
    const closer = open.text === '{' ? '}' : '>';
    const fields = parseFields(typeName, closer, depth);
    const close = cur();
    if (at(closer)) advance();
    return { kind: 'message', fields, start: open.start, end: close.end, brackets: open.text === '{' ? '{}' : '<>' };
  }

  /** Skips one bracketed group without recursion (used past the depth limit, where recursion is what we avoid). */
  function skipBalanced(): void {
    let depth = 0;
    while (cur().kind !== 'eof') {
      const t = cur();
      advance();
      if (t.kind !== 'symbol') continue;
      if (t.text === '{' || t.text === '<' || t.text === '[') depth++;
      else if (t.text === '}' || t.text === '>' || t.text === ']') {
        depth--;
        if (depth <= 0) return;
      }
    }
  }

  function parseList(shape: FieldShape | undefined, field: Field, depth: number): ListValue {
    const open = cur();
    advance();
    const items: ListValue['items'] = [];
    if (at(']')) {
      const close = cur();
      advance();
      return { kind: 'list', items, start: open.start, end: close.end };
    }
    for (;;) {
      const item = parseValue(shape, { ...field, hasColon: true }, depth, false);
      if (item && item.kind !== 'list') items.push(item);
      if (at(']')) break;
      if (!at(',')) {
        error(cur().kind === 'eof' ? 'Expected "]".' : `Expected ",", found "${describe(cur())}".`);
        throw new Abort();
      }
      advance();
    }
    const close = cur();
    advance();
    return { kind: 'list', items: fitted(items), start: open.start, end: close.end };
  }

  function parseScalar(shape: FieldShape | undefined): ScalarValue | InvalidValue {
    const first = cur();
    if (first.kind === 'string') {
      let value = '';
      let end = first.end;
      while (cur().kind === 'string') {
        value += decodeString(cur().text);
        end = cur().end;
        advance();
      }
      if (shape && shape.kind !== 'string') return invalid(shape, first, end, true);
      return { kind: 'scalar', tokenKind: 'string', text: value, start: first.start, end };
    }
    let negative = false;
    if (first.kind === 'symbol' && first.text === '-') {
      negative = true;
      advance();
    }
    const t = cur();
    if (t.kind === 'identifier' || t.kind === 'integer' || t.kind === 'float') {
      const ok = !shape || acceptsToken(shape, t, negative);
      if (!ok) return invalid(shape!, t, t.end, false, negative ? first : undefined);
      advance();
      return {
        kind: 'scalar',
        tokenKind: t.kind,
        text: (negative ? '-' : '') + t.text,
        start: first.start,
        end: t.end,
      };
    }
    if (!shape) {
      error(`Expected value, got: ${describe(t)}`, t);
      throw new Abort();
    }
    return invalid(shape, t, t.end, false, negative ? first : undefined);

    function invalid(s: FieldShape, token: Token, end: number, consumed: boolean, minus?: Token): InvalidValue {
      const expected =
        s.kind === 'integer'
          ? 'Expected integer, got: '
          : s.kind === 'float'
            ? 'Expected double, got: '
            : s.kind === 'string'
              ? 'Expected string, got: '
              : s.kind === 'enum'
                ? 'Expected integer or identifier, got: '
                : 'Expected identifier, got: ';
      error(expected + describe(token), token);
      // Consume the offending token unless it closes something, so recovery resumes right after it.
      const closes = token.kind === 'eof' || (token.kind === 'symbol' && '}>],'.includes(token.text));
      if (!consumed && !closes) advance();
      return { kind: 'invalid', text: token.text, start: (minus ?? token).start, end: closes ? token.start : end };
    }
  }

  const rootFields = parseFields(hook?.rootType, undefined, 0);
  const root: MessageValue = { kind: 'message', fields: rootFields, start: 0, end: text.length };
  errors.push(...lexer.errors);
  errors.sort((a, b) => a.start - b.start);
  return { text, lines: new LineMap(text), root, comments: lexer.comments, errors };
}

/**
 * A copy with exactly the needed capacity. Arrays grown by push keep room for ~17 elements; a large config has
 * hundreds of thousands of small field lists, so trimming them halves the tree's memory (and GC time).
 */
export function fitted<T>(items: T[]): T[] {
  return items.length < 16 ? items.slice() : items;
}

/** Whether a token of this class may stand for a value of this field kind (protobuf's token checks, not ranges). */
function acceptsToken(shape: FieldShape, t: Token, negative: boolean): boolean {
  switch (shape.kind) {
    case 'integer':
      return t.kind === 'integer';
    case 'float':
      return (
        t.kind === 'integer' || t.kind === 'float' || (t.kind === 'identifier' && /^(inf|infinity|nan)$/i.test(t.text))
      );
    case 'bool':
      return !negative && (t.kind === 'identifier' || t.kind === 'integer');
    case 'enum':
      return t.kind === 'identifier' ? !negative : t.kind === 'integer';
    default:
      return false;
  }
}
