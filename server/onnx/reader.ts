// Decodes an ONNX ModelProto (onnx.proto, IR versions 1 to 11) from a file without reading tensor
// payloads: raw_data and the typed *_data fields are recorded as byte ranges and skipped.
// Field numbers below are the ones onnx.proto assigns.
import { BufferSource, FileSource, type ByteSource } from './byte-source';
import { dataTypeName, bytesForElements } from './data-types';
import type {
  AttributeType,
  OnnxAttribute,
  OnnxFunction,
  OnnxGraph,
  OnnxModel,
  OnnxNode,
  OnnxSparseTensor,
  OnnxTensor,
  OnnxType,
  OnnxValueInfo,
  OpsetImport,
  PayloadField,
  StringEntry,
  TensorPayload,
  Dim,
  ExternalDataRef,
} from './model';
import { ProtoCursor, ProtoDecodeError, WIRE_FIXED32, WIRE_LENGTH_DELIMITED, WIRE_VARINT } from './proto-cursor';

/** A model that could not be read: names the file, the byte offset and what is wrong. */
export class OnnxReadError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number | undefined,
    readonly reason: string,
  ) {
    super(offset === undefined ? `${file}: ${reason}` : `${file}: ${reason} (at byte ${offset})`);
    this.name = 'OnnxReadError';
  }
}

export function readOnnxModel(file: string): OnnxModel {
  let source: FileSource;
  try {
    source = new FileSource(file);
  } catch (error) {
    throw new OnnxReadError(file, undefined, `cannot open: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return decodeModel(source, file);
  } finally {
    source.close();
  }
}

/** Decodes a model held in memory (tests, fuzzing, in-editor buffers). */
export function readOnnxModelFromBuffer(data: Buffer, file = '<buffer>'): OnnxModel {
  return decodeModel(new BufferSource(data), file);
}

function decodeModel(source: ByteSource, file: string): OnnxModel {
  if (source.size === 0) throw new OnnxReadError(file, 0, 'empty file (0 bytes), not an ONNX model');
  let model: OnnxModel;
  try {
    model = readModelProto(new ProtoCursor(source, 0, source.size), file, source.size);
  } catch (error) {
    if (error instanceof ProtoDecodeError) {
      const prefix = error.offset === 0 ? 'not an ONNX model: ' : 'corrupt or truncated ONNX model: ';
      throw new OnnxReadError(file, error.offset, prefix + error.reason);
    }
    throw error;
  }
  if (model.irVersion === undefined && model.graph === undefined && model.opsetImports.length === 0) {
    throw new OnnxReadError(file, 0, 'not an ONNX model: no ir_version, graph or opset_import field found');
  }
  return model;
}

function readModelProto(c: ProtoCursor, path: string, fileSize: number): OnnxModel {
  const model: OnnxModel = { path, fileSize, opsetImports: [], metadataProps: [], functions: [], trainingInfoCount: 0 };
  while (!c.done) {
    const [field, wire] = c.tag();
    switch (field) {
      case 1:
        model.irVersion = scalar(c, wire);
        break;
      case 2:
        model.producerName = str(c, wire);
        break;
      case 3:
        model.producerVersion = str(c, wire);
        break;
      case 4:
        model.domain = str(c, wire);
        break;
      case 5:
        model.modelVersion = scalar(c, wire);
        break;
      case 6:
        model.docString = str(c, wire);
        break;
      case 7:
        model.graph = readGraph(sub(c, wire));
        break;
      case 8:
        model.opsetImports.push(readOpsetImport(sub(c, wire)));
        break;
      case 14:
        model.metadataProps.push(readStringEntry(sub(c, wire)));
        break;
      case 20:
        c.skip(wire);
        model.trainingInfoCount++;
        break;
      case 25:
        model.functions.push(readFunction(sub(c, wire)));
        break;
      default:
        c.skip(wire);
    }
  }
  return model;
}

function sub(c: ProtoCursor, wire: number): ProtoCursor {
  c.expectWire(wire, WIRE_LENGTH_DELIMITED);
  return c.message();
}

function str(c: ProtoCursor, wire: number): string {
  c.expectWire(wire, WIRE_LENGTH_DELIMITED);
  return c.string();
}

function scalar(c: ProtoCursor, wire: number): number {
  c.expectWire(wire, WIRE_VARINT);
  return c.varint();
}

function spanOf(c: ProtoCursor): { offset: number; length: number } {
  return { offset: c.pos, length: c.end - c.pos };
}

function readOpsetImport(c: ProtoCursor): OpsetImport {
  const opset: OpsetImport = { domain: '', version: 0 };
  while (!c.done) {
    const [field, wire] = c.tag();
    if (field === 1) opset.domain = str(c, wire);
    else if (field === 2) opset.version = scalar(c, wire);
    else c.skip(wire);
  }
  return opset;
}

function readStringEntry(c: ProtoCursor): StringEntry {
  const entry: StringEntry = { key: '', value: '' };
  while (!c.done) {
    const [field, wire] = c.tag();
    if (field === 1) entry.key = str(c, wire);
    else if (field === 2) entry.value = str(c, wire);
    else c.skip(wire);
  }
  return entry;
}

function readGraph(c: ProtoCursor): OnnxGraph {
  const graph: OnnxGraph = {
    name: '',
    nodes: [],
    initializers: [],
    sparseInitializers: [],
    inputs: [],
    outputs: [],
    valueInfo: [],
    span: spanOf(c),
  };
  while (!c.done) {
    const [field, wire] = c.tag();
    switch (field) {
      case 1:
        graph.nodes.push(readNode(sub(c, wire)));
        break;
      case 2:
        graph.name = str(c, wire);
        break;
      case 5:
        graph.initializers.push(readTensor(sub(c, wire)));
        break;
      case 10:
        graph.docString = str(c, wire);
        break;
      case 11:
        graph.inputs.push(readValueInfo(sub(c, wire)));
        break;
      case 12:
        graph.outputs.push(readValueInfo(sub(c, wire)));
        break;
      case 13:
        graph.valueInfo.push(readValueInfo(sub(c, wire)));
        break;
      case 15:
        graph.sparseInitializers.push(readSparseTensor(sub(c, wire)));
        break;
      default:
        c.skip(wire);
    }
  }
  return graph;
}

function readNode(c: ProtoCursor): OnnxNode {
  const node: OnnxNode = {
    name: '',
    opType: '',
    domain: '',
    inputs: [],
    outputs: [],
    attributes: [],
    metadataProps: [],
    span: spanOf(c),
  };
  while (!c.done) {
    const [field, wire] = c.tag();
    switch (field) {
      case 1:
        node.inputs.push(str(c, wire));
        break;
      case 2:
        node.outputs.push(str(c, wire));
        break;
      case 3:
        node.name = str(c, wire);
        break;
      case 4:
        node.opType = str(c, wire);
        break;
      case 5:
        node.attributes.push(readAttribute(sub(c, wire)));
        break;
      case 6:
        node.docString = str(c, wire);
        break;
      case 7:
        node.domain = str(c, wire);
        break;
      case 8:
        node.overload = str(c, wire);
        break;
      case 9:
        node.metadataProps.push(readStringEntry(sub(c, wire)));
        break;
      default:
        c.skip(wire);
    }
  }
  return node;
}

const ATTRIBUTE_TYPES: Record<number, AttributeType> = {
  0: 'UNDEFINED',
  1: 'FLOAT',
  2: 'INT',
  3: 'STRING',
  4: 'TENSOR',
  5: 'GRAPH',
  11: 'SPARSE_TENSOR',
  13: 'TYPE_PROTO',
  6: 'FLOATS',
  7: 'INTS',
  8: 'STRINGS',
  9: 'TENSORS',
  10: 'GRAPHS',
  12: 'SPARSE_TENSORS',
  14: 'TYPE_PROTOS',
};

function readAttribute(c: ProtoCursor): OnnxAttribute {
  const attr: OnnxAttribute = { name: '', type: 'UNDEFINED', span: spanOf(c) };
  while (!c.done) {
    const [field, wire] = c.tag();
    switch (field) {
      case 1:
        attr.name = str(c, wire);
        break;
      case 2:
        c.expectWire(wire, WIRE_FIXED32);
        attr.f = c.float();
        break;
      case 3:
        attr.i = scalar(c, wire);
        break;
      case 4:
        attr.s = str(c, wire);
        break;
      case 5:
        attr.t = readTensor(sub(c, wire));
        break;
      case 6:
        attr.g = readGraph(sub(c, wire));
        break;
      case 7:
        c.repeatedFloats(wire, (attr.floats ??= []));
        break;
      case 8:
        c.repeatedInts(wire, (attr.ints ??= []));
        break;
      case 9:
        (attr.strings ??= []).push(str(c, wire));
        break;
      case 10:
        (attr.tensors ??= []).push(readTensor(sub(c, wire)));
        break;
      case 11:
        (attr.graphs ??= []).push(readGraph(sub(c, wire)));
        break;
      case 13:
        attr.docString = str(c, wire);
        break;
      case 14:
        attr.tp = readType(sub(c, wire));
        break;
      case 15:
        (attr.typeProtos ??= []).push(readType(sub(c, wire)));
        break;
      case 20:
        attr.type = ATTRIBUTE_TYPES[scalar(c, wire)] ?? 'UNDEFINED';
        break;
      case 21:
        attr.refAttrName = str(c, wire);
        break;
      case 22:
        attr.sparseTensor = readSparseTensor(sub(c, wire));
        break;
      case 23:
        (attr.sparseTensors ??= []).push(readSparseTensor(sub(c, wire)));
        break;
      default:
        c.skip(wire);
    }
  }
  if (attr.type === 'UNDEFINED') attr.type = inferAttributeType(attr);
  return attr;
}

/** Files from before IR version 3 leave the attribute type unset; the field that holds a value tells it. */
function inferAttributeType(attr: OnnxAttribute): AttributeType {
  if (attr.f !== undefined) return 'FLOAT';
  if (attr.i !== undefined) return 'INT';
  if (attr.s !== undefined) return 'STRING';
  if (attr.t) return 'TENSOR';
  if (attr.g) return 'GRAPH';
  if (attr.sparseTensor) return 'SPARSE_TENSOR';
  if (attr.tp) return 'TYPE_PROTO';
  if (attr.floats) return 'FLOATS';
  if (attr.ints) return 'INTS';
  if (attr.strings) return 'STRINGS';
  if (attr.tensors) return 'TENSORS';
  if (attr.graphs) return 'GRAPHS';
  if (attr.sparseTensors) return 'SPARSE_TENSORS';
  if (attr.typeProtos) return 'TYPE_PROTOS';
  return 'UNDEFINED';
}

const PAYLOAD_FIELDS: Record<number, PayloadField> = {
  4: 'float_data',
  5: 'int32_data',
  6: 'string_data',
  7: 'int64_data',
  9: 'raw_data',
  10: 'double_data',
  11: 'uint64_data',
};

function readTensor(c: ProtoCursor): OnnxTensor {
  const tensor: OnnxTensor = { name: '', elemType: 'UNDEFINED', dims: [], byteSize: 0, payloads: [], span: spanOf(c) };
  let externalEntries: StringEntry[] | undefined;
  let dataLocation = 0;
  while (!c.done) {
    const [field, wire] = c.tag();
    const payloadField = PAYLOAD_FIELDS[field];
    if (payloadField) {
      recordPayload(c, wire, payloadField, tensor.payloads);
      continue;
    }
    switch (field) {
      case 1:
        c.repeatedInts(wire, tensor.dims);
        break;
      case 2:
        tensor.elemType = dataTypeName(scalar(c, wire));
        break;
      case 8:
        tensor.name = str(c, wire);
        break;
      case 12:
        tensor.docString = str(c, wire);
        break;
      case 13:
        (externalEntries ??= []).push(readStringEntry(sub(c, wire)));
        break;
      case 14:
        dataLocation = scalar(c, wire);
        break;
      default:
        c.skip(wire);
    }
  }
  const elements = tensor.dims.reduce((n, d) => n * d, 1);
  tensor.byteSize = bytesForElements(tensor.elemType, elements);
  if (dataLocation === 1) tensor.external = externalRef(externalEntries ?? []);
  return tensor;
}

/** Payloads are skipped, never decoded: only their position and size are kept. */
function recordPayload(c: ProtoCursor, wire: number, field: PayloadField, into: TensorPayload[]): void {
  const start = c.pos;
  if (wire === WIRE_LENGTH_DELIMITED) {
    const { offset, length } = c.lengthDelimited();
    const last = into[into.length - 1];
    if (last && last.field === field) {
      last.length += length;
      last.chunks++;
    } else {
      into.push({ field, offset, length, chunks: 1 });
    }
    return;
  }
  // Unpacked scalars (legal protobuf, rare in ONNX files): count their bytes as one run.
  c.skip(wire);
  const last = into[into.length - 1];
  if (last && last.field === field) {
    last.length += c.pos - start;
    last.chunks++;
  } else {
    into.push({ field, offset: start, length: c.pos - start, chunks: 1 });
  }
}

function externalRef(entries: StringEntry[]): ExternalDataRef {
  const ref: ExternalDataRef = { location: '', offset: 0 };
  for (const { key, value } of entries) {
    if (key === 'location') ref.location = value;
    else if (key === 'offset') ref.offset = Number(value);
    else if (key === 'length') ref.length = Number(value);
    else if (key === 'checksum') ref.checksum = value;
  }
  return ref;
}

function readSparseTensor(c: ProtoCursor): OnnxSparseTensor {
  const sparse: OnnxSparseTensor = { name: '', dims: [], span: spanOf(c) };
  while (!c.done) {
    const [field, wire] = c.tag();
    if (field === 1) sparse.values = readTensor(sub(c, wire));
    else if (field === 2) sparse.indices = readTensor(sub(c, wire));
    else if (field === 3) c.repeatedInts(wire, sparse.dims);
    else c.skip(wire);
  }
  sparse.name = sparse.values?.name ?? '';
  return sparse;
}

function readValueInfo(c: ProtoCursor): OnnxValueInfo {
  const info: OnnxValueInfo = { name: '' };
  while (!c.done) {
    const [field, wire] = c.tag();
    if (field === 1) info.name = str(c, wire);
    else if (field === 2) info.type = readType(sub(c, wire));
    else if (field === 3) info.docString = str(c, wire);
    else c.skip(wire);
  }
  return info;
}

function readType(c: ProtoCursor): OnnxType {
  let type: OnnxType = { kind: 'unknown' };
  while (!c.done) {
    const [field, wire] = c.tag();
    switch (field) {
      case 1:
        type = readTensorType(sub(c, wire), 'tensor');
        break;
      case 8:
        type = readTensorType(sub(c, wire), 'sparse_tensor');
        break;
      case 4:
        type = { kind: 'sequence', elem: readElemType(sub(c, wire)) };
        break;
      case 9:
        type = { kind: 'optional', elem: readElemType(sub(c, wire)) };
        break;
      case 5:
        type = readMapType(sub(c, wire));
        break;
      case 7:
        type = readOpaqueType(sub(c, wire));
        break;
      default:
        c.skip(wire);
    }
  }
  return type;
}

function readTensorType(c: ProtoCursor, kind: 'tensor' | 'sparse_tensor'): OnnxType {
  const type: { kind: 'tensor' | 'sparse_tensor'; elemType: string; shape?: Dim[] } = { kind, elemType: 'UNDEFINED' };
  while (!c.done) {
    const [field, wire] = c.tag();
    if (field === 1) type.elemType = dataTypeName(scalar(c, wire));
    else if (field === 2) type.shape = readShape(sub(c, wire));
    else c.skip(wire);
  }
  return type;
}

function readShape(c: ProtoCursor): Dim[] {
  const dims: Dim[] = [];
  while (!c.done) {
    const [field, wire] = c.tag();
    if (field !== 1) {
      c.skip(wire);
      continue;
    }
    const d = sub(c, wire);
    let dim: Dim = null;
    while (!d.done) {
      const [dimField, dimWire] = d.tag();
      if (dimField === 1) dim = scalar(d, dimWire);
      else if (dimField === 2) dim = str(d, dimWire);
      else d.skip(dimWire);
    }
    dims.push(dim);
  }
  return dims;
}

function readElemType(c: ProtoCursor): OnnxType | undefined {
  let elem: OnnxType | undefined;
  while (!c.done) {
    const [field, wire] = c.tag();
    if (field === 1) elem = readType(sub(c, wire));
    else c.skip(wire);
  }
  return elem;
}

function readMapType(c: ProtoCursor): OnnxType {
  let keyType = 'UNDEFINED';
  let value: OnnxType | undefined;
  while (!c.done) {
    const [field, wire] = c.tag();
    if (field === 1) keyType = dataTypeName(scalar(c, wire));
    else if (field === 2) value = readType(sub(c, wire));
    else c.skip(wire);
  }
  return { kind: 'map', keyType, value };
}

function readOpaqueType(c: ProtoCursor): OnnxType {
  const type = { kind: 'opaque' as const, domain: '', name: '' };
  while (!c.done) {
    const [field, wire] = c.tag();
    if (field === 1) type.domain = str(c, wire);
    else if (field === 2) type.name = str(c, wire);
    else c.skip(wire);
  }
  return type;
}

function readFunction(c: ProtoCursor): OnnxFunction {
  const fn: OnnxFunction = {
    name: '',
    domain: '',
    inputs: [],
    outputs: [],
    attributeNames: [],
    attributeDefaults: [],
    nodes: [],
    opsetImports: [],
    valueInfo: [],
    span: spanOf(c),
  };
  while (!c.done) {
    const [field, wire] = c.tag();
    switch (field) {
      case 1:
        fn.name = str(c, wire);
        break;
      case 4:
        fn.inputs.push(str(c, wire));
        break;
      case 5:
        fn.outputs.push(str(c, wire));
        break;
      case 6:
        fn.attributeNames.push(str(c, wire));
        break;
      case 7:
        fn.nodes.push(readNode(sub(c, wire)));
        break;
      case 8:
        fn.docString = str(c, wire);
        break;
      case 9:
        fn.opsetImports.push(readOpsetImport(sub(c, wire)));
        break;
      case 10:
        fn.domain = str(c, wire);
        break;
      case 11:
        fn.attributeDefaults.push(readAttribute(sub(c, wire)));
        break;
      case 12:
        fn.valueInfo.push(readValueInfo(sub(c, wire)));
        break;
      case 13:
        fn.overload = str(c, wire);
        break;
      default:
        c.skip(wire);
    }
  }
  return fn;
}
