// Decodes an ONNX ModelProto (onnx.proto, IR versions 1 to 11) from a file without reading tensor
// payloads: raw_data and the typed *_data fields are recorded as byte ranges and skipped.
// Field numbers below are the ones onnx.proto assigns. One cursor walks the whole file and each function
// reads its message up to `end`; the hot paths (nodes, names) allocate only what the model keeps. Here: the model,
// graphs, nodes, attributes and functions; tensors are read-tensor.ts's, types read-type.ts's, the shared field
// readers read-fields.ts's.
import { BufferSource, FileSource, type ByteSource } from './byte-source';
import type { AttributeType, OnnxAttribute, OnnxFunction, OnnxGraph, OnnxModel, OnnxNode, OpsetImport } from './model';
import { ProtoCursor, ProtoDecodeError } from './proto-cursor';
import { attributeScratch, numberRun, scalar, spanOf, str, stringRun, sub } from './read-fields';
import { MetadataKeeper, NONE, ReadNode, readStringEntry, skipStringEntry } from './read-node';
import { readSparseTensor, readTensor } from './read-tensor';
import { readType, readValueInfo } from './read-type';

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

// Wire types, local to each reader module so that the hot loops read constants (not another module's bindings).
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
  // The usual value fields are own properties of every attribute read, set or not: one object layout for all of them,
  // so that inference's attribute lookups stay fast (a layout per value kind made them megamorphic across models).
  const attr: OnnxAttribute = {
    name: '',
    type: 'UNDEFINED',
    span: spanOf(c, end),
    f: undefined,
    i: undefined,
    s: undefined,
    t: undefined,
    g: undefined,
    floats: undefined,
    ints: undefined,
  };
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
