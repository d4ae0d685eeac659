// Decodes an ONNX ModelProto (onnx.proto, IR versions 1 to 11) from a file without reading tensor
// payloads: raw_data and the typed *_data fields are recorded as byte ranges and skipped.
// Field numbers below are the ones onnx.proto assigns. One cursor walks the whole file and each function
// reads its message up to `end`; the hot paths (nodes, names) allocate only what the model keeps.
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
  TensorPayload,
  Dim,
  ExternalDataRef,
} from './model';
import { ProtoCursor, ProtoDecodeError } from './proto-cursor';
import { MAX_INTERNED_KEY_BYTES, MetadataKeeper, NONE, ReadNode, readStringEntry, skipStringEntry } from './read-node';
import { NUMBER_READERS } from './tensor-values';

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

/**
 * Keeps the metadata bytes of the models read (made on the first node with metadata). One keeper serves every read:
 * its chunks are only appended to, so the next model's bytes go after this one's in the same chunk (a small dynamo
 * model's few KB do not cost a chunk of their own), and a chunk lives while any model holding bytes in it does.
 */
let metadataKeeper: MetadataKeeper | undefined;

function decodeModel(source: ByteSource, file: string): OnnxModel {
  if (source.size === 0) throw new OnnxReadError(file, 0, 'empty file (0 bytes), not an ONNX model');
  let model: OnnxModel;
  const cursor = new ProtoCursor(source);
  try {
    model = readModelProto(cursor, file, source.size);
  } catch (error) {
    if (error instanceof ProtoDecodeError) {
      const prefix = error.offset === 0 ? 'not an ONNX model: ' : 'corrupt or truncated ONNX model: ';
      throw new OnnxReadError(file, error.offset, prefix + error.reason);
    }
    throw error;
  } finally {
    cursor.release();
  }
  if (model.irVersion === undefined && model.graph === undefined && model.opsetImports.length === 0) {
    throw new OnnxReadError(file, 0, 'not an ONNX model: no ir_version, graph or opset_import field found');
  }
  return model;
}

// Wire types, local so that the hot loops read constants (not another module's bindings).
const VARINT = 0;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

function readModelProto(c: ProtoCursor, path: string, fileSize: number): OnnxModel {
  const model: OnnxModel = { path, fileSize, opsetImports: [], metadataProps: [], functions: [], trainingInfoCount: 0 };
  const end = fileSize;
  while (c.pos < end) {
    const tag = c.tag(end);
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        model.irVersion = scalar(c, wire, end);
        break;
      case 2:
        model.producerName = str(c, wire, end);
        break;
      case 3:
        model.producerVersion = str(c, wire, end);
        break;
      case 4:
        model.domain = str(c, wire, end);
        break;
      case 5:
        model.modelVersion = scalar(c, wire, end);
        break;
      case 6:
        model.docString = str(c, wire, end);
        break;
      case 7:
        model.graph = readGraph(c, sub(c, wire, end));
        break;
      case 8:
        model.opsetImports.push(readOpsetImport(c, sub(c, wire, end)));
        break;
      case 14:
        model.metadataProps.push(readStringEntry(c, sub(c, wire, end)));
        break;
      case 20:
        c.skip(wire, end);
        model.trainingInfoCount++;
        break;
      case 25:
        model.functions.push(readFunction(c, sub(c, wire, end)));
        break;
      default:
        c.skip(wire, end);
    }
  }
  return model;
}

/** Steps into a nested message field and returns its end; the reader of the message calls c.leave() at its end. */
function sub(c: ProtoCursor, wire: number, end: number): number {
  c.expectWire(wire, LENGTH_DELIMITED);
  return c.enter(end);
}

function str(c: ProtoCursor, wire: number, end: number): string {
  c.expectWire(wire, LENGTH_DELIMITED);
  return c.string(end);
}

/** A tensor name (see ProtoCursor.name). */
function name(c: ProtoCursor, wire: number, end: number): string {
  c.expectWire(wire, LENGTH_DELIMITED);
  return c.name(end);
}

function scalar(c: ProtoCursor, wire: number, end: number): number {
  c.expectWire(wire, VARINT);
  return c.varint(end);
}

function spanOf(c: ProtoCursor, end: number): { offset: number; length: number } {
  return { offset: c.pos, length: end - c.pos };
}

// Scratch for runs of repeated scalars and names (never re-entered while in use): results are copied out
// at their exact size, so a node's one input costs one slot, not a grown array's spare capacity.
const names: string[] = [];
const numbers: number[] = [];
const attributeScratch: OnnxAttribute[][] = [];

/**
 * Reads a repeated string field whose tag (one byte, fields 1 to 15) was just read, together with the elements
 * that follow it directly, and appends them to `into` (usually empty: every name of a node's inputs comes in one run).
 */
function stringRun(c: ProtoCursor, tag: number, end: number, into: string[]): string[] {
  c.expectWire(tag & 7, LENGTH_DELIMITED);
  let run: string[];
  // Runs of one or two (most node outputs and inputs) as literals, which cost less than a copy of the scratch.
  const first = c.name(end);
  if (!c.nextTagIs(tag, end)) run = [first];
  else {
    const second = c.name(end);
    if (!c.nextTagIs(tag, end)) run = [first, second];
    else {
      names[0] = first;
      names[1] = second;
      let n = 2;
      do names[n++] = c.name(end);
      while (c.nextTagIs(tag, end));
      run = names.slice(0, n);
    }
  }
  return into.length === 0 ? run : into.concat(run);
}

/**
 * A repeated number field whose tag was just read, with the elements that follow it directly (proto2 leaves
 * ONNX's repeated numbers unpacked: one tag per element), at its exact size, appended to `into`.
 */
function numberRun(c: ProtoCursor, tag: number, end: number, into: number[] | undefined, floats = false): number[] {
  let n = 0;
  do n = floats ? c.floats(tag & 7, end, numbers, n) : c.ints(tag & 7, end, numbers, n);
  while (c.nextTagIs(tag, end));
  // Most runs (dims, kernel shapes, strides, pads) hold up to four: literals cost less than a slice of the scratch.
  const run =
    n === 1
      ? [numbers[0]]
      : n === 2
        ? [numbers[0], numbers[1]]
        : n === 4
          ? [numbers[0], numbers[1], numbers[2], numbers[3]]
          : numbers.slice(0, n);
  return into === undefined || into.length === 0 ? run : into.concat(run);
}

function readOpsetImport(c: ProtoCursor, end: number): OpsetImport {
  const opset: OpsetImport = { domain: '', version: 0 };
  while (c.pos < end) {
    const tag = c.tag(end);
    const field = tag >>> 3;
    if (field === 1) opset.domain = str(c, tag & 7, end);
    else if (field === 2) opset.version = scalar(c, tag & 7, end);
    else c.skip(tag & 7, end);
  }
  c.leave();
  return opset;
}

function readGraph(c: ProtoCursor, end: number): OnnxGraph {
  const graph: OnnxGraph = {
    name: '',
    nodes: [],
    initializers: [],
    sparseInitializers: [],
    inputs: [],
    outputs: [],
    valueInfo: [],
    span: spanOf(c, end),
  };
  while (c.pos < end) {
    const tag = c.tag(end);
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        graph.nodes.push(readNode(c, sub(c, wire, end)));
        break;
      case 2:
        graph.name = str(c, wire, end);
        break;
      case 5:
        graph.initializers.push(readTensor(c, sub(c, wire, end)));
        break;
      case 10:
        graph.docString = str(c, wire, end);
        break;
      case 11:
        graph.inputs.push(readValueInfo(c, sub(c, wire, end)));
        break;
      case 12:
        graph.outputs.push(readValueInfo(c, sub(c, wire, end)));
        break;
      case 13:
        graph.valueInfo.push(readValueInfo(c, sub(c, wire, end)));
        break;
      case 15:
        graph.sparseInitializers.push(readSparseTensor(c, sub(c, wire, end)));
        break;
      default:
        c.skip(wire, end);
    }
  }
  c.leave();
  return graph;
}

function readNode(c: ProtoCursor, end: number): OnnxNode {
  const node = new ReadNode();
  // Attributes gather in the scratch of this nesting depth (a subgraph's nodes use a deeper one).
  const attributes = (attributeScratch[c.depth] ??= []);
  let attributeCount = 0;
  // The file range of the node's metadata fields (kept as bytes, see read-node.ts), and any further ranges.
  let metadataStart = -1;
  let metadataEnd = -1;
  let moreMetadata: number[] | undefined;
  while (c.pos < end) {
    const at = c.pos;
    const tag = c.tag(end);
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        node.inputs = stringRun(c, tag, end, node.inputs);
        break;
      case 2:
        node.outputs = stringRun(c, tag, end, node.outputs);
        break;
      case 3:
        // Node names are unique: interning would only fill the table.
        c.expectWire(wire, LENGTH_DELIMITED);
        node.name = c.string(end, 0);
        break;
      case 4:
        node.opType = str(c, wire, end);
        break;
      case 5:
        attributes[attributeCount++] = readAttribute(c, sub(c, wire, end));
        break;
      case 6:
        node.docString = str(c, wire, end);
        break;
      case 7:
        node.domain = str(c, wire, end);
        break;
      case 8:
        node.overload = str(c, wire, end);
        break;
      case 9:
        if (wire !== LENGTH_DELIMITED || !c.passStringEntry(end)) skipStringEntry(c, sub(c, wire, end));
        if (at === metadataEnd) metadataEnd = c.pos;
        else if (metadataStart >= 0) (moreMetadata ??= []).push(at, c.pos);
        else {
          metadataStart = at;
          metadataEnd = c.pos;
        }
        break;
      default:
        c.skip(wire, end);
    }
  }
  c.leave();
  // Nodes outlive the read: keep their lists at their exact size.
  if (attributeCount === 1) node.attributes = [attributes[0]];
  else if (attributeCount > 1) node.attributes = attributes.slice(0, attributeCount);
  if (metadataStart >= 0)
    (metadataKeeper ??= new MetadataKeeper()).keep(c, node, metadataStart, metadataEnd, moreMetadata);
  if (node.inputs === NONE) node.inputs = [];
  if (node.outputs === NONE) node.outputs = [];
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

function readAttribute(c: ProtoCursor, end: number): OnnxAttribute {
  const attr: OnnxAttribute = { name: '', type: 'UNDEFINED', span: spanOf(c, end) };
  while (c.pos < end) {
    const tag = c.tag(end);
    const field = tag >>> 3;
    const wire = tag & 7;
    switch (field) {
      case 1:
        attr.name = str(c, wire, end);
        break;
      case 2:
        c.expectWire(wire, FIXED32);
        attr.f = c.float(end);
        break;
      case 3:
        attr.i = scalar(c, wire, end);
        break;
      case 4:
        attr.s = str(c, wire, end);
        break;
      case 5:
        attr.t = readTensor(c, sub(c, wire, end));
        break;
      case 6:
        attr.g = readGraph(c, sub(c, wire, end));
        break;
      case 7:
        attr.floats = numberRun(c, tag, end, attr.floats, true);
        break;
      case 8:
        attr.ints = numberRun(c, tag, end, attr.ints);
        break;
      case 9:
        (attr.strings ??= []).push(str(c, wire, end));
        break;
      case 10:
        (attr.tensors ??= []).push(readTensor(c, sub(c, wire, end)));
        break;
      case 11:
        (attr.graphs ??= []).push(readGraph(c, sub(c, wire, end)));
        break;
      case 13:
        attr.docString = str(c, wire, end);
        break;
      case 14:
        attr.tp = readType(c, sub(c, wire, end));
        break;
      case 15:
        (attr.typeProtos ??= []).push(readType(c, sub(c, wire, end)));
        break;
      case 20:
        attr.type = ATTRIBUTE_TYPES[scalar(c, wire, end)] ?? 'UNDEFINED';
        break;
      case 21:
        attr.refAttrName = str(c, wire, end);
        break;
      case 22:
        attr.sparseTensor = readSparseTensor(c, sub(c, wire, end));
        break;
      case 23:
        (attr.sparseTensors ??= []).push(readSparseTensor(c, sub(c, wire, end)));
        break;
      default:
        c.skip(wire, end);
    }
  }
  c.leave();
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

/** Raw payloads up to this size (shape constants, axes, indices, scalars) are decoded while the reader passes them. */
const SMALL_VALUE_BYTES = 64;
type ValueReader = [width: number, read: (buf: Buffer, at: number) => number];
/** Per element type, as tensor-values.ts decodes raw data (INT64 as hi * 2^32 + lo: exact below 2^53). */
const SMALL_VALUE_READERS: Record<string, ValueReader> = {
  ...NUMBER_READERS,
  INT64: [8, (b, at) => b.readInt32LE(at + 4) * 2 ** 32 + b.readUInt32LE(at)],
};

function readTensor(c: ProtoCursor, end: number): OnnxTensor {
  const tensor: OnnxTensor = {
    name: '',
    elemType: 'UNDEFINED',
    dims: [],
    byteSize: 0,
    payloads: [],
    span: spanOf(c, end),
  };
  let external: ExternalDataRef | undefined;
  let dataLocation = 0;
  let values: number[] | undefined;
  let valuesType = '';
  while (c.pos < end) {
    const tag = c.tag(end);
    const field = tag >>> 3;
    const wire = tag & 7;
    const payloadField = PAYLOAD_FIELDS[field];
    if (payloadField) {
      tensor.payloads = recordPayload(c, tag, end, payloadField, tensor.payloads);
      const reader = field === 9 ? SMALL_VALUE_READERS[tensor.elemType] : undefined;
      const payload = tensor.payloads[0];
      if (reader && tensor.payloads.length === 1 && payload.chunks === 1 && payload.length <= SMALL_VALUE_BYTES) {
        values = c.fixedValues(payload.offset, payload.length, reader[0], reader[1]);
        valuesType = tensor.elemType;
      } else values = undefined;
      continue;
    }
    switch (field) {
      case 1:
        tensor.dims = numberRun(c, tag, end, tensor.dims);
        break;
      case 2:
        tensor.elemType = dataTypeName(scalar(c, wire, end));
        break;
      case 8:
        tensor.name = name(c, wire, end);
        break;
      case 12:
        tensor.docString = str(c, wire, end);
        break;
      case 13:
        readExternalEntry(c, sub(c, wire, end), (external ??= { location: '', offset: 0 }));
        break;
      case 14:
        dataLocation = scalar(c, wire, end);
        break;
      default:
        c.skip(wire, end);
    }
  }
  c.leave();
  let elements = 1;
  for (let i = 0; i < tensor.dims.length; i++) elements *= tensor.dims[i];
  tensor.byteSize = bytesForElements(tensor.elemType, elements);
  if (dataLocation === 1) tensor.external = external ?? { location: '', offset: 0 };
  if (values && tensor.elemType === valuesType && tensor.payloads.length === 1) tensor.values = values;
  return tensor;
}

/**
 * Payloads are skipped, never decoded: only their position and size are kept, appended to `into`; returns the list
 * (a tensor's first payload makes a list of exactly one, not a pushed-to list with room for sixteen).
 */
function recordPayload(
  c: ProtoCursor,
  tag: number,
  end: number,
  field: PayloadField,
  into: TensorPayload[],
): TensorPayload[] {
  const start = c.pos;
  let offset = start;
  let chunks = 1;
  if ((tag & 7) === LENGTH_DELIMITED) {
    const payloadEnd = c.delimited(end);
    offset = c.pos;
    c.pos = payloadEnd;
  } else {
    // Unpacked scalars (legal protobuf, rare in ONNX files): their run counts as one range, tags included.
    c.skip(tag & 7, end);
    while (c.nextTagIs(tag, end)) {
      c.skip(tag & 7, end);
      chunks++;
    }
  }
  const length = c.pos - offset;
  if (into.length === 0) return [{ field, offset, length, chunks }];
  const last = into[into.length - 1];
  if (last.field === field) {
    last.length += length;
    last.chunks += chunks;
  } else into.push({ field, offset, length, chunks });
  return into;
}

/**
 * One external_data entry applied to `ref`, as a StringEntry of it would be (`Number(value)` for offset and length),
 * without keeping the entry: offsets and lengths in plain decimal are read as numbers without a string.
 */
function readExternalEntry(c: ProtoCursor, end: number, ref: ExternalDataRef): void {
  let key = '';
  let value: string | number = '';
  while (c.pos < end) {
    const tag = c.tag(end);
    const field = tag >>> 3;
    if (field === 1) {
      c.expectWire(tag & 7, LENGTH_DELIMITED);
      key = c.string(end, MAX_INTERNED_KEY_BYTES);
    } else if (field === 2) {
      c.expectWire(tag & 7, LENGTH_DELIMITED);
      value =
        (key === 'offset' || key === 'length' ? c.decimal(end) : undefined) ?? c.string(end, MAX_INTERNED_KEY_BYTES);
    } else c.skip(tag & 7, end);
  }
  c.leave();
  // A number stands for its own decimal text (decimal() takes no leading zeros), so String() gives the text back.
  if (key === 'location') ref.location = String(value);
  else if (key === 'offset') ref.offset = Number(value);
  else if (key === 'length') ref.length = Number(value);
  else if (key === 'checksum') ref.checksum = String(value);
}

function readSparseTensor(c: ProtoCursor, end: number): OnnxSparseTensor {
  const sparse: OnnxSparseTensor = { name: '', dims: [], span: spanOf(c, end) };
  while (c.pos < end) {
    const tag = c.tag(end);
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1) sparse.values = readTensor(c, sub(c, wire, end));
    else if (field === 2) sparse.indices = readTensor(c, sub(c, wire, end));
    else if (field === 3) sparse.dims = numberRun(c, tag, end, sparse.dims);
    else c.skip(wire, end);
  }
  c.leave();
  sparse.name = sparse.values?.name ?? '';
  return sparse;
}

function readValueInfo(c: ProtoCursor, end: number): OnnxValueInfo {
  const info: OnnxValueInfo = { name: '' };
  while (c.pos < end) {
    const tag = c.tag(end);
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1) info.name = name(c, wire, end);
    else if (field === 2) info.type = readType(c, sub(c, wire, end));
    else if (field === 3) info.docString = str(c, wire, end);
    else c.skip(wire, end);
  }
  c.leave();
  return info;
}

function readType(c: ProtoCursor, end: number): OnnxType {
  let type: OnnxType = { kind: 'unknown' };
  while (c.pos < end) {
    const tag = c.tag(end);
    const field = tag >>> 3;
    const wire = tag & 7;
    switch (field) {
      case 1:
        type = readTensorType(c, sub(c, wire, end), 'tensor');
        break;
      case 8:
        type = readTensorType(c, sub(c, wire, end), 'sparse_tensor');
        break;
      case 4:
        type = { kind: 'sequence', elem: readElemType(c, sub(c, wire, end)) };
        break;
      case 9:
        type = { kind: 'optional', elem: readElemType(c, sub(c, wire, end)) };
        break;
      case 5:
        type = readMapType(c, sub(c, wire, end));
        break;
      case 7:
        type = readOpaqueType(c, sub(c, wire, end));
        break;
      default:
        c.skip(wire, end);
    }
  }
  c.leave();
  return type;
}

function readTensorType(c: ProtoCursor, end: number, kind: 'tensor' | 'sparse_tensor'): OnnxType {
  const type: { kind: 'tensor' | 'sparse_tensor'; elemType: string; shape?: Dim[] } = { kind, elemType: 'UNDEFINED' };
  while (c.pos < end) {
    const tag = c.tag(end);
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1) type.elemType = dataTypeName(scalar(c, wire, end));
    else if (field === 2) type.shape = readShape(c, sub(c, wire, end));
    else c.skip(wire, end);
  }
  c.leave();
  return type;
}

/** Dims gather here by index (a shape is never read inside another); no length resets, each a runtime call. */
const dimScratch: Dim[] = [];

function readShape(c: ProtoCursor, end: number): Dim[] {
  let rank = c.dims(end, dimScratch);
  if (rank >= 0) {
    c.leave();
    return dimScratch.slice(0, rank);
  }
  rank = 0;
  while (c.pos < end) {
    const tag = c.tag(end);
    if (tag >>> 3 !== 1) {
      c.skip(tag & 7, end);
      continue;
    }
    const dimEnd = sub(c, tag & 7, end);
    let dim: Dim = null;
    while (c.pos < dimEnd) {
      const dimTag = c.tag(dimEnd);
      const dimField = dimTag >>> 3;
      if (dimField === 1) dim = scalar(c, dimTag & 7, dimEnd);
      else if (dimField === 2) dim = str(c, dimTag & 7, dimEnd);
      else c.skip(dimTag & 7, dimEnd);
    }
    c.leave();
    dimScratch[rank++] = dim;
  }
  c.leave();
  return dimScratch.slice(0, rank);
}

function readElemType(c: ProtoCursor, end: number): OnnxType | undefined {
  let elem: OnnxType | undefined;
  while (c.pos < end) {
    const tag = c.tag(end);
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1) elem = readType(c, sub(c, wire, end));
    else c.skip(wire, end);
  }
  c.leave();
  return elem;
}

function readMapType(c: ProtoCursor, end: number): OnnxType {
  let keyType = 'UNDEFINED';
  let value: OnnxType | undefined;
  while (c.pos < end) {
    const tag = c.tag(end);
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1) keyType = dataTypeName(scalar(c, wire, end));
    else if (field === 2) value = readType(c, sub(c, wire, end));
    else c.skip(wire, end);
  }
  c.leave();
  return { kind: 'map', keyType, value };
}

function readOpaqueType(c: ProtoCursor, end: number): OnnxType {
  const type = { kind: 'opaque' as const, domain: '', name: '' };
  while (c.pos < end) {
    const tag = c.tag(end);
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1) type.domain = str(c, wire, end);
    else if (field === 2) type.name = str(c, wire, end);
    else c.skip(wire, end);
  }
  c.leave();
  return type;
}

function readFunction(c: ProtoCursor, end: number): OnnxFunction {
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
    span: spanOf(c, end),
  };
  while (c.pos < end) {
    const tag = c.tag(end);
    const field = tag >>> 3;
    const wire = tag & 7;
    switch (field) {
      case 1:
        fn.name = str(c, wire, end);
        break;
      case 4:
        fn.inputs.push(str(c, wire, end));
        break;
      case 5:
        fn.outputs.push(str(c, wire, end));
        break;
      case 6:
        fn.attributeNames.push(str(c, wire, end));
        break;
      case 7:
        fn.nodes.push(readNode(c, sub(c, wire, end)));
        break;
      case 8:
        fn.docString = str(c, wire, end);
        break;
      case 9:
        fn.opsetImports.push(readOpsetImport(c, sub(c, wire, end)));
        break;
      case 10:
        fn.domain = str(c, wire, end);
        break;
      case 11:
        fn.attributeDefaults.push(readAttribute(c, sub(c, wire, end)));
        break;
      case 12:
        fn.valueInfo.push(readValueInfo(c, sub(c, wire, end)));
        break;
      case 13:
        fn.overload = str(c, wire, end);
        break;
      default:
        c.skip(wire, end);
    }
  }
  c.leave();
  return fn;
}
