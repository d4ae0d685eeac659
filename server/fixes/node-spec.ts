// Nodes, attributes and small tensors as the fixes build them, and their protobuf encoding (field
// numbers of onnx.proto). An attribute read from the file keeps its span and is copied byte for
// byte; only attributes a fix creates are encoded from values.
import type { OnnxAttribute, OnnxNode, OnnxTensor, OpsetImport, StringEntry } from '../onnx/model';
import { MessageBuilder, type Piece } from './proto-encode';

export type SmallElemType = 'FLOAT' | 'INT64' | 'INT32' | 'DOUBLE' | 'BOOL' | 'UINT8' | 'INT8';

const ELEM_TYPE_NUMBERS: Record<SmallElemType, number> = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  DOUBLE: 11,
};

/** A tensor built by a fix (axes, pads, folded constants): small, held in memory, stored as raw_data. */
export interface NewTensor {
  name: string;
  elemType: SmallElemType;
  dims: number[];
  raw: Buffer;
}

export type NewAttribute =
  | { name: string; type: 'INT'; i: number | bigint }
  | { name: string; type: 'FLOAT'; f: number }
  | { name: string; type: 'STRING'; s: string }
  | { name: string; type: 'INTS'; ints: (number | bigint)[] }
  | { name: string; type: 'FLOATS'; floats: number[] }
  | { name: string; type: 'TENSOR'; t: NewTensor };

/** An attribute copied from the source file, or one a fix created. */
export type AttributeSpec = OnnxAttribute | NewAttribute;

export interface NodeSpec {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: AttributeSpec[];
  docString?: string;
  overload?: string;
  metadataProps?: StringEntry[];
}

export function isFileAttribute(attr: AttributeSpec): attr is OnnxAttribute {
  return 'span' in attr;
}

/** A node of the source file as an editable spec (its attributes still copied from the file). */
export function nodeSpecOf(node: OnnxNode): NodeSpec {
  return {
    name: node.name,
    opType: node.opType,
    domain: node.domain,
    inputs: [...node.inputs],
    outputs: [...node.outputs],
    attributes: [...node.attributes],
    docString: node.docString,
    overload: node.overload,
    metadataProps: node.metadataProps,
  };
}

export function int64Tensor(name: string, values: (number | bigint)[], dims: number[] = [values.length]): NewTensor {
  const raw = Buffer.alloc(values.length * 8);
  values.forEach((v, i) => raw.writeBigInt64LE(BigInt(v), i * 8));
  return { name, elemType: 'INT64', dims, raw };
}

export function floatTensor(name: string, values: number[], dims: number[] = [values.length]): NewTensor {
  const raw = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => raw.writeFloatLE(v, i * 4));
  return { name, elemType: 'FLOAT', dims, raw };
}

export function encodeTensor(t: NewTensor): Piece[] {
  const m = new MessageBuilder();
  if (t.dims.length > 0) m.packedInts(1, t.dims);
  m.int(2, ELEM_TYPE_NUMBERS[t.elemType]);
  if (t.name) m.string(8, t.name);
  m.bytes(9, t.raw);
  return m.pieces;
}

/** A ValueInfoProto declaring a tensor's name, type and static shape (graph inputs for IR < 4 initializers). */
export function encodeValueInfo(t: NewTensor): Piece[] {
  const shape = new MessageBuilder();
  for (const d of t.dims) shape.message(1, new MessageBuilder().int(1, d).pieces);
  const tensorType = new MessageBuilder().int(1, ELEM_TYPE_NUMBERS[t.elemType]).message(2, shape.pieces);
  return new MessageBuilder().string(1, t.name).message(2, new MessageBuilder().message(1, tensorType.pieces).pieces)
    .pieces;
}

const ATTRIBUTE_TYPE_NUMBERS = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

function encodeNewAttribute(a: NewAttribute): Piece[] {
  const m = new MessageBuilder().string(1, a.name);
  switch (a.type) {
    case 'FLOAT':
      m.float(2, a.f);
      break;
    case 'INT':
      m.int(3, a.i);
      break;
    case 'STRING':
      m.string(4, a.s);
      break;
    case 'TENSOR':
      m.message(5, encodeTensor(a.t));
      break;
    case 'FLOATS':
      for (const f of a.floats) m.float(7, f);
      break;
    case 'INTS':
      for (const i of a.ints) m.int(8, i);
      break;
  }
  m.int(20, ATTRIBUTE_TYPE_NUMBERS[a.type]);
  return m.pieces;
}

export function encodeNode(node: NodeSpec): Piece[] {
  const m = new MessageBuilder();
  for (const input of node.inputs) m.string(1, input);
  for (const output of node.outputs) m.string(2, output);
  if (node.name) m.string(3, node.name);
  m.string(4, node.opType);
  for (const attr of node.attributes) m.message(5, isFileAttribute(attr) ? [attr.span] : encodeNewAttribute(attr));
  if (node.docString) m.string(6, node.docString);
  if (node.domain) m.string(7, node.domain);
  if (node.overload) m.string(8, node.overload);
  for (const entry of node.metadataProps ?? [])
    m.message(9, new MessageBuilder().string(1, entry.key).string(2, entry.value).pieces);
  return m.pieces;
}

export function encodeOpsetImport(opset: OpsetImport): Piece[] {
  const m = new MessageBuilder();
  if (opset.domain) m.string(1, opset.domain);
  return m.int(2, opset.version).pieces;
}

/** The tensor a fix reads an attribute's value from, for Constant nodes (`value`). */
export function constantValueTensor(node: NodeSpec): OnnxTensor | NewTensor | undefined {
  const value = node.attributes.find((a) => a.name === 'value');
  if (!value) return undefined;
  return isFileAttribute(value) ? value.t : value.type === 'TENSOR' ? value.t : undefined;
}
