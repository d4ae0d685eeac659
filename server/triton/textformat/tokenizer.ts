// Protobuf text-format tokenizer. Mirrors the token classes of protobuf's io::Tokenizer (identifier, integer,
// float, string, symbol) so that syntax errors can be worded the way protobuf (and so Triton) words them.
// Comments (`# ...`) are kept aside so the formatter can put them back.

export type TokenKind = 'identifier' | 'integer' | 'float' | 'string' | 'symbol' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The exact source text of the token (strings keep their quotes and escapes). */
  text: string;
  start: number;
  end: number;
  /** True when a line break separates this token from the previous one (used by error recovery). */
  newlineBefore: boolean;
}

export interface Comment {
  /** Text after the `#`, without the line break. */
  text: string;
  start: number;
  end: number;
  /** True when code precedes the comment on its line (a trailing comment). */
  trailing: boolean;
}

export interface TokenizerError {
  message: string;
  start: number;
  end: number;
}

export interface TokenizeResult {
  tokens: Token[];
  comments: Comment[];
  errors: TokenizerError[];
}

const isLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isDigit = (c: string) => c >= '0' && c <= '9';
const isHex = (c: string) => isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

/**
 * Produces tokens one at a time, so a large document never holds all its tokens at once (the parser reads
 * strictly forward). Comments and tokenizer errors are collected as they are passed.
 */
export class Lexer {
  readonly comments: Comment[] = [];
  readonly errors: TokenizerError[] = [];
  private i = 0;
  private newlineBefore = true;
  private codeOnLine = false;

  constructor(private readonly text: string) {}

  next(): Token {
    const text = this.text;
    const n = text.length;
    let i = this.i;
    while (i < n) {
      const c = text[i];
      if (c === '\n' || c === '\r') {
        this.newlineBefore = true;
        this.codeOnLine = false;
        i++;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\f' || c === '\v') {
        i++;
        continue;
      }
      if (c === '#') {
        const start = i;
        while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
        this.comments.push({ text: text.slice(start + 1, i), start, end: i, trailing: this.codeOnLine });
        continue;
      }
      const start = i;
      let kind: TokenKind;
      if (isLetter(c)) {
        while (i < n && (isLetter(text[i]) || isDigit(text[i]))) i++;
        kind = 'identifier';
      } else if (isDigit(c) || (c === '.' && i + 1 < n && isDigit(text[i + 1]))) {
        kind = scanNumber(text, i, this.errors, (end) => (i = end));
      } else if (c === '"' || c === "'") {
        i = scanString(text, i, this.errors);
        kind = 'string';
      } else {
        // Anything else is a one-character symbol; the parser decides whether it is acceptable.
        i += c.codePointAt(0)! > 0xffff ? 2 : 1;
        kind = 'symbol';
      }
      this.i = i;
      const token: Token = { kind, text: text.slice(start, i), start, end: i, newlineBefore: this.newlineBefore };
      this.newlineBefore = false;
      this.codeOnLine = true;
      return token;
    }
    this.i = n;
    return { kind: 'eof', text: '', start: n, end: n, newlineBefore: true };
  }
}

/** All tokens of a text (tests and tools; the parser streams them through Lexer). */
export function tokenize(text: string): TokenizeResult {
  const lexer = new Lexer(text);
  const tokens: Token[] = [];
  for (let t = lexer.next(); ; t = lexer.next()) {
    tokens.push(t);
    if (t.kind === 'eof') break;
  }
  return { tokens, comments: lexer.comments, errors: lexer.errors };
}

/** Scans a number starting at `start`; reports its kind and moves the cursor through `setEnd`. */
function scanNumber(text: string, start: number, errors: TokenizerError[], setEnd: (end: number) => void): TokenKind {
  let i = start;
  const n = text.length;
  let kind: TokenKind = 'integer';
  if (text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X')) {
    i += 2;
    if (!isHex(text[i] ?? '')) errors.push({ message: '"0x" must be followed by hex digits.', start, end: i });
    while (i < n && isHex(text[i])) i++;
  } else {
    while (i < n && isDigit(text[i])) i++;
    if (text[i] === '.') {
      kind = 'float';
      i++;
      while (i < n && isDigit(text[i])) i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      const save = i;
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (isDigit(text[i] ?? '')) {
        kind = 'float';
        while (i < n && isDigit(text[i])) i++;
      } else {
        errors.push({ message: '"e" must be followed by exponent.', start: save, end: i });
      }
    }
    if (text[i] === 'f' || text[i] === 'F') {
      kind = 'float';
      i++;
    }
  }
  if (i < n && (isLetter(text[i]) || isDigit(text[i]))) {
    const bad = i;
    while (i < n && (isLetter(text[i]) || isDigit(text[i]))) i++;
    errors.push({ message: 'Need space between number and identifier.', start: bad, end: i });
  }
  setEnd(i);
  return kind;
}

function scanString(text: string, start: number, errors: TokenizerError[]): number {
  const quote = text[start];
  let i = start + 1;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === quote) return i + 1;
    if (c === '\n' || c === '\r') {
      errors.push({ message: 'String literals cannot cross line boundaries.', start, end: i });
      return i;
    }
    if (c === '\\') {
      i++;
      const e = text[i] ?? '';
      if ('abfnrtv?\\\'"'.includes(e) && e !== '') i++;
      else if (e >= '0' && e <= '7') while (i < n && text[i] >= '0' && text[i] <= '7') i++;
      else if (e === 'x' || e === 'X') {
        i++;
        while (i < n && isHex(text[i])) i++;
      } else if (e === 'u' || e === 'U') {
        i++;
        while (i < n && isHex(text[i])) i++;
      } else {
        errors.push({ message: 'Invalid escape sequence in string literal.', start: i - 1, end: Math.min(i + 1, n) });
        if (i < n && text[i] !== '\n') i++;
      }
      continue;
    }
    i++;
  }
  errors.push({ message: 'Unexpected end of string.', start, end: n });
  return n;
}

/** Decodes a string token's text (quotes and escapes) into its value. */
export function decodeString(tokenText: string): string {
  const quote = tokenText[0];
  let body = tokenText.slice(1);
  if (body.endsWith(quote)) body = body.slice(0, -1);
  if (!body.includes('\\')) return body; // the common case: nothing to unescape
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i] ?? '';
    const simple: Record<string, string> = {
      a: '\x07',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
      '?': '?',
      '\\': '\\',
      "'": "'",
      '"': '"',
    };
    if (e in simple) out += simple[e];
    else if (e >= '0' && e <= '7') {
      let digits = e;
      while (digits.length < 3 && body[i + 1] >= '0' && body[i + 1] <= '7') digits += body[++i];
      out += String.fromCharCode(parseInt(digits, 8));
    } else if (e === 'x' || e === 'X') {
      let digits = '';
      while (digits.length < 2 && isHex(body[i + 1] ?? '')) digits += body[++i];
      out += digits ? String.fromCharCode(parseInt(digits, 16)) : '';
    } else if (e === 'u' || e === 'U') {
      const len = e === 'u' ? 4 : 8;
      let digits = '';
      while (digits.length < len && isHex(body[i + 1] ?? '')) digits += body[++i];
      const cp = parseInt(digits || '0', 16);
      out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
    } else out += e;
  }
  return out;
}
