// Reads the values of small tensors (axes, shapes, split sizes, zero points, K of TopK, trip counts,
// folded constants) from the model file. The reader keeps payloads on disk; rules and fixes that need
// a value read only these few bytes, and weights are never loaded (MAX_VALUE_BYTES).
import fs from 'node:fs';
import type { OnnxTensor } from './model';

export interface TensorValues {
  elemType: string;
  dims: number[];
  /** INT64/UINT64 values are bigints, everything else numbers. */
  values: (number | bigint)[];
}

/** A tensor built in memory (by a fix) rather than read from the file. */
export interface InMemoryTensor {
  elemType: string;
  dims: number[];
  raw: Buffer;
}

export const MAX_VALUE_BYTES = 1 << 16;

/** Little-endian readers of the element types that fit a JS number, with their width in bytes. */
export const NUMBER_READERS: Record<string, [width: number, read: (b: Buffer, at: number) => number]> = {
  FLOAT: [4, (b, at) => b.readFloatLE(at)],
  DOUBLE: [8, (b, at) => b.readDoubleLE(at)],
  INT32: [4, (b, at) => b.readInt32LE(at)],
  UINT32: [4, (b, at) => b.readUInt32LE(at)],
  INT16: [2, (b, at) => b.readInt16LE(at)],
  UINT16: [2, (b, at) => b.readUInt16LE(at)],
  INT8: [1, (b, at) => b.readInt8(at)],
  UINT8: [1, (b, at) => b.readUInt8(at)],
  BOOL: [1, (b, at) => b.readUInt8(at)],
};

const RAW_READERS: Record<string, [number, (b: Buffer, at: number) => number | bigint]> = {
  ...NUMBER_READERS,
  INT64: [8, (b, at) => b.readBigInt64LE(at)],
  UINT64: [8, (b, at) => b.readBigUInt64LE(at)],
};

function decodeRaw(elemType: string, raw: Buffer): (number | bigint)[] | undefined {
  const reader = RAW_READERS[elemType];
  if (!reader || raw.length % reader[0] !== 0) return undefined;
  const out: (number | bigint)[] = [];
  for (let at = 0; at < raw.length; at += reader[0]) out.push(reader[1](raw, at));
  return out;
}

/** Packed varints (int32_data/int64_data/uint64_data); negative numbers are 10-byte two's complement. */
function decodeVarints(b: Buffer, signed64: boolean): bigint[] {
  const out: bigint[] = [];
  let value = 0n;
  let shift = 0n;
  for (const byte of b) {
    value |= BigInt(byte & 0x7f) << shift;
    shift += 7n;
    if ((byte & 0x80) === 0) {
      out.push(signed64 ? BigInt.asIntN(64, value) : value);
      value = 0n;
      shift = 0n;
    }
  }
  return out;
}

/** Number of elements held in packed varint payloads: bytes with the continuation bit clear. */
export function countVarints(bytes: Buffer): number {
  let n = 0;
  for (const b of bytes) if ((b & 0x80) === 0) n++;
  return n;
}

function readRange(file: string, offset: number, length: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const b = Buffer.alloc(length);
    fs.readSync(fd, b, 0, length, offset);
    return b;
  } finally {
    fs.closeSync(fd);
  }
}

/** The payload bytes of a tensor stored inside the model file, concatenated, up to `limit` bytes (undefined for external data). */
export function readPayloadBytes(file: string, tensor: OnnxTensor, limit = Infinity): Buffer | undefined {
  if (tensor.external) return undefined;
  const total = Math.min(
    limit,
    tensor.payloads.reduce((a, p) => a + p.length, 0),
  );
  const out = Buffer.alloc(total);
  const fd = fs.openSync(file, 'r');
  try {
    let at = 0;
    for (const p of tensor.payloads) {
      if (at >= total) break;
      const length = Math.min(p.length, total - at);
      fs.readSync(fd, out, at, length, p.offset);
      at += length;
    }
  } finally {
    fs.closeSync(fd);
  }
  return out;
}

/** The values of a small tensor, or undefined when it is large, external, or of a type not read here. */
export function readTensorValues(file: string, tensor: OnnxTensor | InMemoryTensor): TensorValues | undefined {
  if ('raw' in tensor) {
    const values = decodeRaw(tensor.elemType, tensor.raw);
    return values && { elemType: tensor.elemType, dims: tensor.dims, values };
  }
  if (
    tensor.external ||
    tensor.byteSize > MAX_VALUE_BYTES ||
    tensor.payloads.length > 1 ||
    (tensor.payloads[0]?.chunks ?? 1) > 1
  )
    return undefined;
  const count = tensor.dims.reduce((n, d) => n * d, 1);
  const payload = tensor.payloads[0];
  if (!payload) return count === 0 ? { elemType: tensor.elemType, dims: tensor.dims, values: [] } : undefined;
  // Varints take up to 10 bytes per value; anything longer is not a small parameter.
  if (payload.length > MAX_VALUE_BYTES * 2) return undefined;
  const bytes = readRange(file, payload.offset, payload.length);
  let values: (number | bigint)[] | undefined;
  switch (payload.field) {
    case 'raw_data':
      values = decodeRaw(tensor.elemType, bytes);
      break;
    case 'float_data':
      values = decodeRaw('FLOAT', bytes);
      break;
    case 'double_data':
      values = decodeRaw('DOUBLE', bytes);
      break;
    case 'int64_data':
      values = decodeVarints(bytes, true);
      break;
    case 'uint64_data':
      values = decodeVarints(bytes, false);
      break;
    case 'int32_data':
      values = decodeVarints(bytes, true).map((v) => Number(BigInt.asIntN(32, v)));
      break;
    default:
      values = undefined;
  }
  if (!values || values.length !== count) return undefined;
  if (tensor.elemType === 'INT64' || tensor.elemType === 'UINT64') values = values.map((v) => BigInt(v));
  return { elemType: tensor.elemType, dims: tensor.dims, values };
}

/** A small tensor's values as plain numbers (INT64 beyond 2^53 loses precision; rules compare small parameters). */
export function tensorNumbers(file: string, tensor: OnnxTensor): number[] | undefined {
  return readTensorValues(file, tensor)?.values.map(Number);
}

/**
 * An INTS attribute's values read exactly from the file (the reader's numbers lose precision past
 * 2^53, e.g. Slice's INT64_MAX "to the end").
 */
export function readIntsAttributeExact(file: string, span: { offset: number; length: number }): bigint[] {
  const body = readRange(file, span.offset, span.length);
  const out: bigint[] = [];
  let at = 0;
  const varint = (): bigint => {
    let value = 0n;
    let shift = 0n;
    for (;;) {
      const byte = body[at++];
      value |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if ((byte & 0x80) === 0) return value;
    }
  };
  while (at < body.length) {
    const tag = Number(varint());
    const field = tag >>> 3;
    const wire = tag & 7;
    if (wire === 0) {
      const v = varint();
      if (field === 8) out.push(BigInt.asIntN(64, v));
    } else if (wire === 2) {
      const length = Number(varint());
      if (field === 8) out.push(...decodeVarints(body.subarray(at, at + length), true));
      at += length;
    } else {
      at += wire === 1 ? 8 : 4;
    }
  }
  return out;
}
