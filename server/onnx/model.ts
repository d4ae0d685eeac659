// The in-memory description of an ONNX model as the reader produces it. Tensor payloads are never
// held here: a tensor records where its bytes are (file offset and length) so that callers read
// them only when they really need them (and the writer can splice them byte for byte).
import type { Dim } from '../contract/analysis';

export type { Dim };

/** A byte range in the model file. */
export interface Span {
  offset: number;
  length: number;
}

export type OnnxType =
  | { kind: 'tensor' | 'sparse_tensor'; elemType: string; shape?: Dim[] }
  | { kind: 'sequence' | 'optional'; elem?: OnnxType }
  | { kind: 'map'; keyType: string; value?: OnnxType }
  | { kind: 'opaque'; domain: string; name: string }
  | { kind: 'unknown' };

export interface OnnxValueInfo {
  name: string;
  type?: OnnxType;
  docString?: string;
}

export interface ExternalDataRef {
  location: string;
  offset: number;
  /** Declared length; undefined when the model leaves it to the tensor's shape. */
  length?: number;
  checksum?: string;
}

/** Which TensorProto field holds the payload. */
export type PayloadField =
  'raw_data' | 'float_data' | 'int32_data' | 'string_data' | 'int64_data' | 'double_data' | 'uint64_data';

export interface TensorPayload {
  field: PayloadField;
  /** File offset of the first payload byte (after the length prefix when packed). */
  offset: number;
  /** Payload bytes in the file (for string_data: all strings, prefixes excluded). */
  length: number;
  /** Number of length-delimited chunks (string_data elements, or packed runs). */
  chunks: number;
}

export interface OnnxTensor {
  name: string;
  elemType: string;
  dims: number[];
  /** Bytes the tensor's values occupy once decoded (from dims and type; 0 for STRING). */
  byteSize: number;
  payloads: TensorPayload[];
  /**
   * The values of a small raw_data payload (at most 64 bytes: shape constants, axes, scalars) of a numeric type,
   * decoded as the reader passed them, so that shape inference need not open the file again for them; INT64 values
   * are exact below 2^53. Other payloads stay in the file.
   */
  values?: number[];
  external?: ExternalDataRef;
  docString?: string;
  span: Span;
}

export interface OnnxSparseTensor {
  name: string;
  dims: number[];
  values?: OnnxTensor;
  indices?: OnnxTensor;
  span: Span;
}

export type AttributeType =
  | 'UNDEFINED'
  | 'FLOAT'
  | 'INT'
  | 'STRING'
  | 'TENSOR'
  | 'GRAPH'
  | 'SPARSE_TENSOR'
  | 'TYPE_PROTO'
  | 'FLOATS'
  | 'INTS'
  | 'STRINGS'
  | 'TENSORS'
  | 'GRAPHS'
  | 'SPARSE_TENSORS'
  | 'TYPE_PROTOS';

export interface OnnxAttribute {
  name: string;
  /** The declared type, or the one inferred from the field set when the file leaves it undefined (IR < 3?). */
  type: AttributeType;
  f?: number;
  i?: number;
  s?: string;
  t?: OnnxTensor;
  g?: OnnxGraph;
  sparseTensor?: OnnxSparseTensor;
  tp?: OnnxType;
  floats?: number[];
  ints?: number[];
  strings?: string[];
  tensors?: OnnxTensor[];
  graphs?: OnnxGraph[];
  sparseTensors?: OnnxSparseTensor[];
  typeProtos?: OnnxType[];
  /** Set inside function bodies: the attribute takes the value of the caller's attribute of this name. */
  refAttrName?: string;
  docString?: string;
  span: Span;
}

export interface StringEntry {
  key: string;
  value: string;
}

export interface OnnxNode {
  name: string;
  opType: string;
  domain: string;
  overload?: string;
  inputs: string[];
  outputs: string[];
  attributes: OnnxAttribute[];
  /** Read nodes decode these on first use (read-node.ts). */
  readonly metadataProps: StringEntry[];
  docString?: string;
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  sparseInitializers: OnnxSparseTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  valueInfo: OnnxValueInfo[];
  docString?: string;
  span: Span;
}

export interface OpsetImport {
  domain: string;
  version: number;
}

export interface OnnxFunction {
  name: string;
  domain: string;
  overload?: string;
  inputs: string[];
  outputs: string[];
  attributeNames: string[];
  attributeDefaults: OnnxAttribute[];
  nodes: OnnxNode[];
  opsetImports: OpsetImport[];
  valueInfo: OnnxValueInfo[];
  docString?: string;
  span: Span;
}

export interface OnnxModel {
  /** The path the model was read from. */
  path: string;
  fileSize: number;
  irVersion?: number;
  producerName?: string;
  producerVersion?: string;
  domain?: string;
  modelVersion?: number;
  docString?: string;
  opsetImports: OpsetImport[];
  metadataProps: StringEntry[];
  /** Undefined only for files that decode as protobuf but hold no graph (reported by the checks). */
  graph?: OnnxGraph;
  functions: OnnxFunction[];
  trainingInfoCount: number;
}
