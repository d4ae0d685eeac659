// Walks protobuf wire data of a ByteSource with one cursor for the whole file: every read takes the end offset of
// the enclosing message, so nesting costs no object, and bytes are read straight from the source's current window
// (refilled only when a read runs past it). Length-delimited fields are handed out as ranges, so callers decide
// whether to descend into them or skip them unread. Short ASCII strings are interned: a tensor name decodes once
// however many nodes use it, and the model holds one copy.
import protobuf from 'protobufjs/minimal.js';

// Int64 fields decode to JS numbers everywhere (tests run with the `long` package installed,
// the bundle without it; the two must behave the same).
protobuf.util.Long = undefined as unknown as typeof protobuf.util.Long;
protobuf.configure();

import type { ByteSource } from './byte-source';
import { InternTable, MAX_SPARE_STRINGS } from './intern-table';
import { TextRuns } from './text-runs';

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
/** Protobuf's own parsers stop at 100 levels; ONNX graphs nest far less. */
export const MAX_DEPTH = 100;
/**
 * Strings up to this many bytes are interned (op types, attribute names, domains, symbolic dims: few distinct values
 * repeated on every node); longer ones (tensor names, doc strings) are decoded each time, as hashing them costs more.
 */
const MAX_INTERNED_BYTES = 16;
/**
 * Longer ASCII strings up to this many bytes (tensor and node names, dynamo's stack traces) are cut out of one latin1 decode of the bytes
 * around them: a substring of a decoded run costs a fraction of a call into Buffer's decoder per name, and holds the
 * run, not a copy (the run spans the messages the names sit in, so a model keeps about its metadata's size).
 */
const MAX_SLICED_BYTES = 2048;

export class ProtoCursor {
  /** Absolute offset in the source of the next byte to read. */
  pos: number;
  /** Nesting depth of the message being read (see enter/leave). */
  depth = 0;
  readonly size: number;
  private buf!: Buffer;
  /** Source offset of buf[0], and the source offset where the window's valid bytes end. */
  private base = 0;
  private limit = 0;
  private readonly table = InternTable.take();
  /** Where longer ASCII strings are cut from. */
  private readonly runs = new TextRuns();

  constructor(
    readonly source: ByteSource,
    start = 0,
  ) {
    this.size = source.size;
    this.pos = start;
    this.load(start, 0);
  }

  /** Hands its intern table to the next cursor (this cursor is not used after). */
  release(): void {
    InternTable.release(this.table);
  }

  /** Makes [offset, offset + length) (clamped to the source) readable from buf. */
  private load(offset: number, length: number): void {
    const view = this.source.view(offset, length);
    this.buf = view.buffer;
    this.base = offset - view.start;
    this.limit = offset + view.available;
  }

  /** The window holds the next `n` bytes (or all that is left of the source). */
  private ensure(n: number): void {
    if (this.pos + n > this.limit && this.limit < this.size) this.load(this.pos, n);
  }

  /**
   * An unsigned 32-bit varint (tags, length prefixes) that must end before `end`. Like protobufjs, bits past 32 are
   * dropped and at most 10 bytes read.
   */
  private uint32(end: number, what: string): number {
    this.ensure(10);
    const buf = this.buf;
    const start = this.pos - this.base;
    // min(end, limit, pos + 10) without Math.min's three-argument call, which the profile showed on every prefix.
    let stop = end < this.limit ? end : this.limit;
    if (stop > this.pos + 10) stop = this.pos + 10;
    stop -= this.base;
    let value = 0;
    for (let i = start, shift = 0; i < stop; i++, shift += 7) {
      const byte = buf[i];
      if (shift < 32) value |= (byte & 127) << shift;
      if (byte < 128) {
        this.pos += i - start + 1;
        return value >>> 0;
      }
    }
    throw new ProtoDecodeError(this.pos, `truncated ${what}`);
  }

  /** The next field's tag, `(field << 3) | wire`, checked: field numbers start at 1 and wire types are 0, 1, 2, 5. */
  tag(end: number): number {
    const at = this.pos;
    let tag: number;
    const i = at - this.base;
    // One-byte tags (fields 1 to 15) are the common case.
    if (at < end && at < this.limit && this.buf[i] < 128) {
      tag = this.buf[i];
      this.pos = at + 1;
    } else tag = this.uint32(end, 'field tag');
    const wire = tag & 7;
    if (tag >>> 3 === 0) throw new ProtoDecodeError(at, 'invalid field number 0');
    if (wire === 3 || wire === 4 || wire > 5)
      throw new ProtoDecodeError(at, `invalid wire type ${wire} for field ${tag >>> 3}`);
    return tag;
  }

  /** Consumes the next tag when it is the one-byte `tag` (the next element of a repeated field, in the usual run). */
  nextTagIs(tag: number, end: number): boolean {
    if (tag > 127 || this.pos >= end) return false;
    this.ensure(1);
    if (this.pos >= this.limit || this.buf[this.pos - this.base] !== tag) return false;
    this.pos++;
    return true;
  }

  varint(end: number): number {
    // Small non-negative values (most integers in a model) in up to 4 bytes here; the rest through protobufjs.
    this.ensure(10);
    const buf = this.buf;
    const start = this.pos - this.base;
    let stop = end < this.limit ? end : this.limit;
    if (stop > this.pos + 4) stop = this.pos + 4;
    stop -= this.base;
    let value = 0;
    for (let i = start, shift = 0; i < stop; i++, shift += 7) {
      const byte = buf[i];
      value |= (byte & 127) << shift;
      if (byte < 128) {
        this.pos += i - start + 1;
        return value;
      }
    }
    return this.decode(end, 10, 'varint', (r) => r.int64() as unknown as number);
  }

  float(end: number): number {
    const at = this.pos;
    if (at + 4 > end) throw new ProtoDecodeError(at, 'truncated 32-bit value');
    this.ensure(4);
    this.pos = at + 4;
    return this.buf.readFloatLE(at - this.base);
  }

  private decode<T>(end: number, maxBytes: number, what: string, read: (r: protobuf.Reader) => T): T {
    this.ensure(maxBytes);
    const reader = protobuf.Reader.create(this.buf);
    reader.pos = this.pos - this.base;
    reader.len = Math.min(end, this.limit) - this.base;
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
   * Reads a length prefix, checked against `end` (the enclosing message's), and returns the end of the range it
   * delimits; the cursor is then at the range's first byte.
   */
  delimited(end: number): number {
    const at = this.pos;
    let length: number;
    // One-byte prefixes (lengths below 128: names, shapes, attributes) are the common case, as for tags.
    if (at < end && at < this.limit && this.buf[at - this.base] < 128) {
      length = this.buf[at - this.base];
      this.pos = at + 1;
    } else length = this.uint32(end, 'length prefix');
    const offset = this.pos;
    if (offset + length > end) {
      const where = end >= this.size ? 'end of file' : 'end of the enclosing message';
      throw new ProtoDecodeError(at, `declared length ${length} runs past the ${where} (${end - offset} bytes left)`);
    }
    return offset + length;
  }

  /** Steps into a nested message and returns its end; the nesting depth is bounded against hostile files. */
  enter(end: number): number {
    const inner = this.delimited(end);
    if (this.depth >= MAX_DEPTH)
      throw new ProtoDecodeError(this.pos, `messages nested deeper than ${MAX_DEPTH} levels`);
    this.depth++;
    return inner;
  }

  /**
   * Passes one length-delimited StringStringEntryProto whose tag was just read, when it is laid out as exporters write
   * it (key and value fields only, lengths of one or two bytes, all in the window): what skipStringEntry would accept,
   * without its calls per field. Returns false, consuming nothing, for any other bytes (the caller then takes the
   * checked path, which throws where this declines for a reason).
   */
  passStringEntry(end: number): boolean {
    const buf = this.buf;
    const base = this.base;
    const stop = (end < this.limit ? end : this.limit) - base;
    let i = this.pos - base;
    if (i >= stop || this.depth >= MAX_DEPTH) return false;
    let length = buf[i++];
    if (length > 127) {
      if (i >= stop || buf[i] > 127) return false;
      length = (length & 127) | (buf[i++] << 7);
    }
    const entryEnd = i + length;
    if (entryEnd > stop) return false;
    while (i < entryEnd) {
      const tag = buf[i++];
      if ((tag !== 10 && tag !== 18) || i >= entryEnd) return false;
      let n = buf[i++];
      if (n > 127) {
        if (i >= entryEnd || buf[i] > 127) return false;
        n = (n & 127) | (buf[i++] << 7);
      }
      i += n;
      if (i > entryEnd) return false;
    }
    this.pos = entryEnd + base;
    return true;
  }

  /**
   * The dims of a TensorShapeProto just entered (up to `end`), written into `into` from 0 on as readShape would make them
   * (dim_value as a number, dim_param as a string, the field read last winning, null for neither), when the shape is
   * all in the window and laid out as exporters write it (one-byte tags and lengths, dim values below 2^28); returns
   * the count, or -1, consuming nothing, for any other bytes (the caller then takes the checked path).
   */
  dims(end: number, into: (number | string | null)[]): number {
    const buf = this.buf;
    const base = this.base;
    if (end > this.limit || this.depth >= MAX_DEPTH) return -1;
    const stop = end - base;
    let i = this.pos - base;
    let rank = 0;
    while (i < stop) {
      if (buf[i] !== 10 || i + 1 >= stop || buf[i + 1] > 127) return -1;
      const dimEnd = i + 2 + buf[i + 1];
      if (dimEnd > stop) return -1;
      i += 2;
      let dim: number | string | null = null;
      while (i < dimEnd) {
        const tag = buf[i++];
        if (tag === 8) {
          let value = 0;
          let shift = 0;
          let byte = 128;
          for (; i < dimEnd && shift < 28 && byte > 127; shift += 7) {
            byte = buf[i++];
            value |= (byte & 127) << shift;
          }
          if (byte > 127) return -1;
          dim = value;
        } else if (tag === 18 || tag === 26) {
          const n = i < dimEnd ? buf[i++] : 128;
          if (n > 127 || i + n > dimEnd) return -1;
          if (tag === 18)
            dim =
              n <= MAX_INTERNED_BYTES
                ? this.table.intern(buf, i, i + n)
                : n <= MAX_SLICED_BYTES
                  ? this.runs.cut(buf, base, this.limit, base + i, n)
                  : buf.toString('utf8', i, i + n);
          i += n;
        } else return -1;
      }
      into[rank++] = dim;
    }
    this.pos = end;
    return rank;
  }

  /** Steps out of the message entered last (the caller has read it up to its end). */
  leave(): void {
    this.depth--;
  }

  /** A string; `internUpTo` raises the interning limit for fields of few distinct values (metadata keys). */
  string(end: number, internUpTo = MAX_INTERNED_BYTES): string {
    const stringEnd = this.delimited(end);
    const length = stringEnd - this.pos;
    if (length > MAX_STRING_BYTES) {
      this.pos = stringEnd;
      return `<${length}-byte string not read>`;
    }
    this.ensure(length);
    const at = this.pos;
    const start = at - this.base;
    this.pos = stringEnd;
    if (length <= internUpTo) return this.table.intern(this.buf, start, start + length);
    return length <= MAX_SLICED_BYTES
      ? this.runs.cut(this.buf, this.base, this.limit, at, length)
      : this.buf.toString('utf8', start, start + length);
  }

  /**
   * A tensor name: interned while the table is small (a small model's names, found again in its next read), else not
   * (a larger model's names mostly appear two or three times: table entries would cost more than they save, and
   * would keep the table from being kept, with its op types and attribute names, for the next read).
   */
  name(end: number): string {
    return this.string(end, this.table.size < MAX_SPARE_STRINGS / 2 ? MAX_INTERNED_BYTES : 0);
  }

  /**
   * A length-delimited field of 1 to 15 ASCII digits without a leading zero (external data offsets and lengths) as
   * its number, consumed; undefined, with nothing consumed, for any other bytes.
   */
  decimal(end: number): number | undefined {
    const at = this.pos;
    const stringEnd = this.delimited(end);
    const length = stringEnd - this.pos;
    this.ensure(length);
    const buf = this.buf;
    const start = this.pos - this.base;
    let value = 0;
    if (length === 0 || length > 15 || (buf[start] === 48 && length > 1)) value = -1;
    for (let i = start; i < start + length && value >= 0; i++) {
      const digit = buf[i] - 48;
      value = digit >= 0 && digit <= 9 ? value * 10 + digit : -1;
    }
    if (value < 0) {
      this.pos = at;
      return undefined;
    }
    this.pos = stringEnd;
    return value;
  }

  /**
   * Reads one element of a repeated integer field, or a packed run of them, into `into` from index `n` on; returns
   * the count after it (the caller's scratch is written by index: resetting an array's length is a runtime call).
   */
  ints(wire: number, end: number, into: number[], n: number): number {
    if (wire !== WIRE_LENGTH_DELIMITED) {
      this.expectWire(wire, WIRE_VARINT);
      into[n] = this.varint(end);
      return n + 1;
    }
    const inner = this.enter(end);
    while (this.pos < inner) into[n++] = this.varint(inner);
    this.leave();
    return n;
  }

  /** As ints, for a repeated float field. */
  floats(wire: number, end: number, into: number[], n: number): number {
    if (wire !== WIRE_LENGTH_DELIMITED) {
      this.expectWire(wire, WIRE_FIXED32);
      into[n] = this.float(end);
      return n + 1;
    }
    const inner = this.enter(end);
    while (this.pos < inner) into[n++] = this.float(inner);
    this.leave();
    return n;
  }

  /**
   * The `width`-byte values of the bytes [offset, offset + length) just passed, each decoded by `read`, or undefined
   * when the window no longer holds them.
   */
  fixedValues(
    offset: number,
    length: number,
    width: number,
    read: (buf: Buffer, at: number) => number,
  ): number[] | undefined {
    if (offset < this.base || offset + length > this.limit || length % width !== 0) return undefined;
    const out = new Array<number>(length / width);
    for (let i = 0, at = offset - this.base; i < out.length; i++, at += width) out[i] = read(this.buf, at);
    return out;
  }

  /**
   * Where the source's bytes [from, to) lie in `window`, which the source then never writes again (the caller keeps
   * them without a copy), or -1 when they are not all in the window or the source does not hand out its buffers.
   */
  lend(from: number, to: number): number {
    return from >= this.base && to <= this.limit && this.source.pin() ? from - this.base : -1;
  }

  /** The buffer `lend` indexes. */
  get window(): Buffer {
    return this.buf;
  }

  /** Copies the source's bytes [from, to) into `target` at `at`, loading them into the window when they left it. */
  copyOut(from: number, to: number, target: Buffer, at: number): void {
    if (from < this.base || to > this.limit) this.load(from, to - from);
    const start = from - this.base;
    this.buf.copy(target, at, start, start + to - from);
  }

  expectWire(actual: number, expected: number): void {
    if (actual !== expected) throw new ProtoDecodeError(this.pos, `wire type ${actual} where ${expected} was expected`);
  }

  skip(wire: number, end: number): void {
    const at = this.pos;
    switch (wire) {
      case WIRE_VARINT:
        this.varint(end);
        return;
      case WIRE_FIXED64:
        this.advance(at, 8, end);
        return;
      case WIRE_FIXED32:
        this.advance(at, 4, end);
        return;
      case WIRE_LENGTH_DELIMITED:
        this.pos = this.delimited(end);
        return;
      default:
        throw new ProtoDecodeError(at, `invalid wire type ${wire}`);
    }
  }

  private advance(at: number, n: number, end: number): void {
    if (this.pos + n > end) throw new ProtoDecodeError(at, `truncated ${n * 8}-bit value`);
    this.pos += n;
  }
}
