// What inference knows about a tensor and what an operator's inference function sees.
import type { Dim, OnnxAttribute, OnnxGraph, OnnxNode, OnnxTensor, OnnxType } from '../onnx/model';

/** A tensor's type, plus its values when they are small and known (shape arithmetic, axes, scales). */
export interface TensorInfo {
  type: OnnxType;
  /** Flattened values (row-major); integer values may be symbolic dims (data propagation of shapes). */
  value?: Dim[];
  /** A stored tensor whose values are read only when an operator asks for them (initializers, Constant). */
  stored?: OnnxTensor;
}

export type TensorSource = 'inferred' | 'stored' | 'initializer' | 'input';

/** Raised by an inference function when the node is invalid (rank mismatch, bad broadcast, ...). */
export class InferError extends Error {}

/** What one operator's inference function receives. */
export interface InferContext {
  node: OnnxNode;
  /** The opset imported for the node's domain. */
  opset: number;
  inputCount: number;
  input(i: number): TensorInfo | undefined;
  elemType(i: number): string | undefined;
  /** Shape of a tensor input; undefined when its rank is unknown. */
  shape(i: number): Dim[] | undefined;
  /** Known values of an input (possibly symbolic), undefined when not known. */
  value(i: number): Dim[] | undefined;
  /** False when input i's values are surely unknown (none computed, none stored): a cheap check before value(). */
  mayHaveValue(i: number): boolean;
  /** Known values that are all numbers. */
  numbers(i: number): number[] | undefined;
  attr(name: string): OnnxAttribute | undefined;
  int(name: string, fallback: number): number;
  int(name: string): number | undefined;
  ints(name: string): number[] | undefined;
  float(name: string): number | undefined;
  floats(name: string): number[] | undefined;
  string(name: string): string | undefined;
  /** A TENSOR attribute as a TensorInfo (values read on demand, see valuesOf). */
  tensorAttr(name: string): TensorInfo | undefined;
  /** The values of an info, reading a stored tensor's payload when it is small. */
  valuesOf(info: TensorInfo | undefined): Dim[] | undefined;
  /** Infers a subgraph (If/Loop/Scan body) seeing this graph's tensors; returns its output types. */
  subgraph(graph: OnnxGraph, attrName: string, inputs: (OnnxType | undefined)[]): (OnnxType | undefined)[];
  /** Invalid node: a finding naming the node, inference goes on with unknown outputs. */
  fail(message: string): never;
  /**
   * The outputs of a node with one: a list the context reuses node after node (most nodes have one output), read by
   * the engine before the context's next node.
   */
  one(info: TensorInfo | undefined): (TensorInfo | undefined)[];
}

/** Output infos, one per node output (undefined: nothing known). */
export type InferFn = (ctx: InferContext) => (TensorInfo | undefined)[];

/** A TensorInfo; every one is made here, with its three fields in one order (one object layout keeps reads fast). */
export function makeInfo(type: OnnxType, value?: Dim[], stored?: OnnxTensor): TensorInfo {
  return { type, value, stored };
}

export function tensor(elemType: string | undefined, shape?: Dim[], value?: Dim[]): TensorInfo | undefined {
  if (!elemType) return shape ? makeInfo({ kind: 'tensor', elemType: 'UNDEFINED', shape }) : undefined;
  return makeInfo({ kind: 'tensor', elemType, shape }, value);
}

/**
 * tensor(elemType, shape, value), but sharing `like`'s type object when it is that very tensor type (same element
 * type, same shape array): one object less kept per output of shape-preserving operators.
 */
export function tensorLike(
  like: TensorInfo | undefined,
  elemType: string | undefined,
  shape: Dim[] | undefined,
  value?: Dim[],
): TensorInfo | undefined {
  const type = like?.type;
  if (type && type.kind === 'tensor' && shape && type.shape === shape && elemType && type.elemType === elemType)
    return makeInfo(type, value);
  return tensor(elemType, shape, value);
}

export function tensorShape(info: TensorInfo | undefined): Dim[] | undefined {
  const type = info?.type;
  return type && (type.kind === 'tensor' || type.kind === 'sparse_tensor') ? type.shape : undefined;
}

export function tensorElemType(info: TensorInfo | undefined): string | undefined {
  const type = info?.type;
  return type && (type.kind === 'tensor' || type.kind === 'sparse_tensor') && type.elemType !== 'UNDEFINED'
    ? type.elemType
    : undefined;
}

export const INTEGER_TYPES = new Set(['INT64', 'INT32', 'INT16', 'INT8', 'UINT8', 'UINT16', 'UINT32', 'UINT64']);
