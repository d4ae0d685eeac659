// TensorProto.DataType numbers with their names, element widths in bits and payload fields, from the generated
// table (scripts/gen-onnx-data-types.py -> server/knowledge/onnx-data-types.json).
import table from '../knowledge/onnx-data-types.json';

interface DataTypeInfo {
  num: number;
  name: string;
  /** Width of one element in bits; 0 for variable-size STRING and UNDEFINED. */
  bits: number;
  /** The TensorProto field holding the values when they are not in raw_data; null for UNDEFINED. */
  field: string | null;
}

const TYPES: DataTypeInfo[] = table.types;
// Indexed by number: the reader names every tensor's type through it.
const NAMES: string[] = [];
for (const info of TYPES) NAMES[info.num] = info.name;
const BY_NAME = new Map(TYPES.map((info) => [info.name, info]));

export function dataTypeName(num: number): string {
  return NAMES[num] ?? `UNKNOWN_TYPE_${num}`;
}

export function dataTypeNumber(name: string): number | undefined {
  return BY_NAME.get(name)?.num;
}

export function dataTypeBits(name: string): number {
  return BY_NAME.get(name)?.bits ?? 0;
}

/** The TensorProto field onnx stores values of this type in when not in raw_data (onnx checker's check_field). */
export function dataTypeField(name: string): string | undefined {
  return BY_NAME.get(name)?.field ?? undefined;
}

export function isKnownDataType(name: string): boolean {
  return BY_NAME.has(name) && name !== 'UNDEFINED';
}

/** Bytes needed for `count` elements, sub-byte types packed as ONNX packs them. */
export function bytesForElements(elemType: string, count: number): number {
  return Math.ceil((count * dataTypeBits(elemType)) / 8);
}
