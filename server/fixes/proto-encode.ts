// A minimal protobuf encoder for the few messages the fixes re-encode (nodes, attributes, small
// tensors, opset imports). Output is a list of pieces: bytes built here, or byte ranges of the
// source file that are copied verbatim, so a re-encoded message can still embed original bytes
// (an unchanged attribute, a subgraph) without reading them into memory.
import type { Span } from '../onnx/model';

/** Bytes to write, or a range of the source file to copy unchanged. */
export type Piece = Buffer | Span;

export function isSpan(piece: Piece): piece is Span {
  return !Buffer.isBuffer(piece);
}

export function piecesLength(pieces: Piece[]): number {
  let n = 0;
  for (const p of pieces) n += isSpan(p) ? p.length : p.length;
  return n;
}

/** Base-128 varint; negative int64 values take their 64-bit two's complement, as protobuf does. */
export function varint(value: number | bigint): Buffer {
  let v = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    bytes.push(byte);
  } while (v !== 0n);
  return Buffer.from(bytes);
}

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

function tag(field: number, wire: number): Buffer {
  return varint((field << 3) | wire);
}

/** Builds one message from its fields, in the order they are added. */
export class MessageBuilder {
  readonly pieces: Piece[] = [];

  int(field: number, value: number | bigint): this {
    this.pieces.push(tag(field, WIRE_VARINT), varint(value));
    return this;
  }

  float(field: number, value: number): this {
    const b = Buffer.alloc(4);
    b.writeFloatLE(value);
    this.pieces.push(tag(field, WIRE_FIXED32), b);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, Buffer.from(value, 'utf8'));
  }

  bytes(field: number, value: Buffer): this {
    this.pieces.push(tag(field, WIRE_LENGTH_DELIMITED), varint(value.length), value);
    return this;
  }

  /** A nested message (or a range copied from the file) as a length-delimited field. */
  message(field: number, body: Piece[]): this {
    this.pieces.push(tag(field, WIRE_LENGTH_DELIMITED), varint(piecesLength(body)), ...body);
    return this;
  }

  packedInts(field: number, values: (number | bigint)[]): this {
    return this.bytes(field, Buffer.concat(values.map((v) => varint(v))));
  }

  packedFloats(field: number, values: number[]): this {
    const b = Buffer.alloc(values.length * 4);
    values.forEach((v, i) => b.writeFloatLE(v, i * 4));
    return this.bytes(field, b);
  }
}

/** A length-delimited field holding `body`: tag, length prefix, body. */
export function lengthDelimitedField(field: number, body: Piece[]): Piece[] {
  return new MessageBuilder().message(field, body).pieces;
}
