// TensorProto.DataType numbers (onnx.proto) with their names and element widths in bits.

interface DataTypeInfo {
  name: string;
  /** Width of one element in bits; 0 for variable-size STRING and UNDEFINED. */
  bits: number;
}

const DATA_TYPES: Record<number, DataTypeInfo> = {
  0: { name: 'UNDEFINED', bits: 0 },
  1: { name: 'FLOAT', bits: 32 },
  2: { name: 'UINT8', bits: 8 },
  3: { name: 'INT8', bits: 8 },
  4: { name: 'UINT16', bits: 16 },
  5: { name: 'INT16', bits: 16 },
  6: { name: 'INT32', bits: 32 },
  7: { name: 'INT64', bits: 64 },
  8: { name: 'STRING', bits: 0 },
  9: { name: 'BOOL', bits: 8 },
  10: { name: 'FLOAT16', bits: 16 },
  11: { name: 'DOUBLE', bits: 64 },
  12: { name: 'UINT32', bits: 32 },
  13: { name: 'UINT64', bits: 64 },
  14: { name: 'COMPLEX64', bits: 64 },
  15: { name: 'COMPLEX128', bits: 128 },
  16: { name: 'BFLOAT16', bits: 16 },
  17: { name: 'FLOAT8E4M3FN', bits: 8 },
  18: { name: 'FLOAT8E4M3FNUZ', bits: 8 },
  19: { name: 'FLOAT8E5M2', bits: 8 },
  20: { name: 'FLOAT8E5M2FNUZ', bits: 8 },
  21: { name: 'UINT4', bits: 4 },
  22: { name: 'INT4', bits: 4 },
  23: { name: 'FLOAT4E2M1', bits: 4 },
  24: { name: 'FLOAT8E8M0', bits: 8 },
  25: { name: 'UINT2', bits: 2 },
  26: { name: 'INT2', bits: 2 },
  // IR 14 (onnx 1.23.1, opset 28): packed like the other sub-byte types.
  27: { name: 'FLOAT6E2M3', bits: 6 },
  28: { name: 'FLOAT6E3M2', bits: 6 },
};

const BY_NAME = new Map(Object.entries(DATA_TYPES).map(([num, info]) => [info.name, { ...info, num: Number(num) }]));

export function dataTypeName(num: number): string {
  return DATA_TYPES[num]?.name ?? `UNKNOWN_TYPE_${num}`;
}

export function dataTypeNumber(name: string): number | undefined {
  return BY_NAME.get(name)?.num;
}

export function dataTypeBits(name: string): number {
  return BY_NAME.get(name)?.bits ?? 0;
}

export function isKnownDataType(name: string): boolean {
  return BY_NAME.has(name) && name !== 'UNDEFINED';
}

/** Bytes needed for `count` elements, sub-byte types packed as ONNX packs them. */
export function bytesForElements(elemType: string, count: number): number {
  return Math.ceil((count * dataTypeBits(elemType)) / 8);
}
