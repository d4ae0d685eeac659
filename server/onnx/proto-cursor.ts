// Walks protobuf wire data inside one message's byte range of a ByteSource. Scalars are decoded
// with protobufjs' Reader over the current window; length-delimited fields are handed out as
// byte ranges, so callers decide whether to descend into them or skip them unread.
import protobuf from 'protobufjs/minimal.js';

// Int64 fields decode to JS numbers everywhere (tests run with the `long` package installed,
// the bundle without it; the two must behave the same).
protobuf.util.Long = undefined as unknown as typeof protobuf.util.Long;
protobuf.configure();

import type { ByteSource } from './byte-source';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

export class ProtoDecodeError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`${reason} at byte ${offset}`);
  }
}

/** Longest string the reader decodes; longer ones (only seen in hostile files) are elided. */
const MAX_STRING_BYTES = 16 << 20;

export class ProtoCursor {
  pos: number;

  constructor(
    readonly source: ByteSource,
    start: number,
    readonly end: number,
    readonly depth = 0,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  private reader(maxBytes: number): protobuf.Reader {
    const { buffer, start } = this.source.view(this.pos, Math.min(maxBytes, this.end - this.pos));
    const reader = protobuf.Reader.create(buffer);
    reader.pos = start;
    reader.len = Math.min(buffer.length, start + (this.end - this.pos));
    return reader;
  }

  private decode<T>(maxBytes: number, what: string, read: (r: protobuf.Reader) => T): T {
    const reader = this.reader(maxBytes);
    const before = reader.pos;
    try {
      const value = read(reader);
      this.pos += reader.pos - before;
      return value;
    } catch {
      throw new ProtoDecodeError(this.pos, `truncated ${what}`);
    }
  }

  /**
   * An unsigned 32-bit varint (tags, length prefixes) decoded straight from the window: the hot path of every
   * field, so no protobufjs Reader per call. Like protobufjs, bits past 32 are dropped and at most 10 bytes read.
   */
  private uint32(what: string): number {
    const left = this.end - this.pos;
    const { buffer, start, available } = this.source.view(this.pos, Math.min(10, left));
    const limit = start + Math.min(10, left, available);
    let value = 0;
    for (let i = start, shift = 0; i < limit; i++, shift += 7) {
      const byte = buffer[i];
      if (shift < 32) value |= (byte & 127) << shift;
      if (byte < 128) {
        this.pos += i - start + 1;
        return value >>> 0;
      }
    }
    throw new ProtoDecodeError(this.pos, `truncated ${what}`);
  }

  /** Returns [fieldNumber, wireType]. */
  tag(): [number, number] {
    const at = this.pos;
    const tag = this.uint32('field tag');
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 0) throw new ProtoDecodeError(at, 'invalid field number 0');
    if (wire === 3 || wire === 4 || wire > 5)
      throw new ProtoDecodeError(at, `invalid wire type ${wire} for field ${field}`);
    return [field, wire];
  }

  varint(): number {
    // Small non-negative values (most integers in a model) in up to 4 bytes here; the rest through protobufjs.
    const left = this.end - this.pos;
    const { buffer, start, available } = this.source.view(this.pos, Math.min(10, left));
    const limit = start + Math.min(4, left, available);
    let value = 0;
    for (let i = start, shift = 0; i < limit; i++, shift += 7) {
      const byte = buffer[i];
      value |= (byte & 127) << shift;
      if (byte < 128) {
        this.pos += i - start + 1;
        return value;
      }
    }
    return this.decode(10, 'varint', (r) => r.int64() as unknown as number);
  }

  int32(): number {
    return this.uint32('varint') | 0;
  }

  float(): number {
    return this.decode(4, '32-bit value', (r) => r.float());
  }

  double(): number {
    return this.decode(8, '64-bit value', (r) => r.double());
  }

  /** Reads a length prefix and returns the range it delimits, checked against the enclosing message. */
  lengthDelimited(): { offset: number; length: number } {
    const at = this.pos;
    const length = this.uint32('length prefix');
    const offset = this.pos;
    if (offset + length > this.end) {
      const where = this.end >= this.source.size ? 'end of file' : 'end of the enclosing message';
      throw new ProtoDecodeError(
        at,
        `declared length ${length} runs past the ${where} (${this.end - offset} bytes left)`,
      );
    }
    this.pos = offset + length;
    return { offset, length };
  }

  string(): string {
    const { offset, length } = this.lengthDelimited();
    if (length > MAX_STRING_BYTES) return `<${length}-byte string not read>`;
    const { buffer, start } = this.source.view(offset, length);
    return buffer.toString('utf8', start, start + length);
  }

  /** A cursor over a nested message; the nesting depth is bounded against hostile files. */
  message(): ProtoCursor {
    const { offset, length } = this.lengthDelimited();
    if (this.depth >= MAX_DEPTH) throw new ProtoDecodeError(offset, `messages nested deeper than ${MAX_DEPTH} levels`);
    return new ProtoCursor(this.source, offset, offset + length, this.depth + 1);
  }

  /** Reads a repeated integer field element, accepting both packed and unpacked encodings. */
  repeatedInts(wire: number, into: number[], signed32 = false): void {
    if (wire !== WIRE_LENGTH_DELIMITED) {
      this.expectWire(wire, WIRE_VARINT);
      into.push(signed32 ? this.int32() : this.varint());
      return;
    }
    const inner = this.message();
    while (!inner.done) into.push(signed32 ? inner.int32() : inner.varint());
  }

  repeatedFloats(wire: number, into: number[]): void {
    if (wire !== WIRE_LENGTH_DELIMITED) {
      this.expectWire(wire, WIRE_FIXED32);
      into.push(this.float());
      return;
    }
    const inner = this.message();
    while (!inner.done) into.push(inner.float());
  }

  expectWire(actual: number, expected: number): void {
    if (actual !== expected) throw new ProtoDecodeError(this.pos, `wire type ${actual} where ${expected} was expected`);
  }

  skip(wire: number): void {
    const at = this.pos;
    switch (wire) {
      case WIRE_VARINT:
        this.varint();
        return;
      case WIRE_FIXED64:
        this.advance(at, 8);
        return;
      case WIRE_FIXED32:
        this.advance(at, 4);
        return;
      case WIRE_LENGTH_DELIMITED:
        this.lengthDelimited();
        return;
      default:
        throw new ProtoDecodeError(at, `invalid wire type ${wire}`);
    }
  }

  private advance(at: number, n: number): void {
    if (this.pos + n > this.end) throw new ProtoDecodeError(at, `truncated ${n * 8}-bit value`);
    this.pos += n;
  }
}

/** Protobuf's own parsers stop at 100 levels; ONNX graphs nest far less. */
export const MAX_DEPTH = 100;
