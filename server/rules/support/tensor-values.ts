// Reads the values of small constant tensors (axes, zero points, K of TopK, trip counts) from the
// model file. The reader keeps payloads on disk; rules that need a value read only these few bytes.
import fs from 'node:fs';
import type { OnnxTensor } from '../../onnx/model';

/** Tensors bigger than this are never decoded here: a rule only needs small parameters. */
const MAX_ELEMENTS = 4096;

export function tensorNumbers(modelPath: string, tensor: OnnxTensor): number[] | undefined {
  const count = tensor.dims.reduce((a, b) => a * b, 1);
  if (count === 0) return [];
  // External or split payloads (several chunks) are rare for small parameters: not decoded.
  if (tensor.external || tensor.payloads.length !== 1 || tensor.payloads[0].chunks !== 1 || count > MAX_ELEMENTS) return undefined;
  const bytes = readPayloadBytes(modelPath, tensor);
  if (!bytes) return undefined;
  const field = tensor.payloads[0].field;
  if (field === 'raw_data') return decodeRaw(bytes, tensor.elemType);
  if (field === 'int64_data' || field === 'int32_data' || field === 'uint64_data') return decodeVarints(bytes);
  if (field === 'float_data') return decodeRaw(bytes, 'FLOAT');
  if (field === 'double_data') return decodeRaw(bytes, 'DOUBLE');
  return undefined;
}

/** All payload bytes of a tensor stored inside the model file, concatenated. */
export function readPayloadBytes(modelPath: string, tensor: OnnxTensor): Buffer | undefined {
  if (tensor.external) return undefined;
  const total = tensor.payloads.reduce((a, p) => a + p.length, 0);
  const out = Buffer.alloc(total);
  const fd = fs.openSync(modelPath, 'r');
  try {
    let at = 0;
    for (const p of tensor.payloads) {
      fs.readSync(fd, out, at, p.length, p.offset);
      at += p.length;
    }
  } finally {
    fs.closeSync(fd);
  }
  return out;
}

function decodeRaw(bytes: Buffer, elemType: string): number[] | undefined {
  const out: number[] = [];
  const width = { INT64: 8, UINT64: 8, INT32: 4, UINT32: 4, FLOAT: 4, DOUBLE: 8, INT8: 1, UINT8: 1, BOOL: 1, INT16: 2, UINT16: 2 }[elemType];
  if (!width || bytes.length % width !== 0) return undefined;
  for (let at = 0; at < bytes.length; at += width) {
    switch (elemType) {
      case 'INT64': out.push(Number(bytes.readBigInt64LE(at))); break;
      case 'UINT64': out.push(Number(bytes.readBigUInt64LE(at))); break;
      case 'INT32': out.push(bytes.readInt32LE(at)); break;
      case 'UINT32': out.push(bytes.readUInt32LE(at)); break;
      case 'FLOAT': out.push(bytes.readFloatLE(at)); break;
      case 'DOUBLE': out.push(bytes.readDoubleLE(at)); break;
      case 'INT8': out.push(bytes.readInt8(at)); break;
      case 'INT16': out.push(bytes.readInt16LE(at)); break;
      case 'UINT16': out.push(bytes.readUInt16LE(at)); break;
      default: out.push(bytes[at]);
    }
  }
  return out;
}

/** Packed varints (int32_data/int64_data); negative numbers are 10-byte two's complement. */
function decodeVarints(bytes: Buffer): number[] {
  const out: number[] = [];
  let value = 0n;
  let shift = 0n;
  for (const b of bytes) {
    value |= BigInt(b & 0x7f) << shift;
    shift += 7n;
    if ((b & 0x80) === 0) {
      out.push(Number(BigInt.asIntN(64, value)));
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
