// What an operator's inference function sees of one node: its inputs' infos, attributes, and subgraph inference.
// A class (methods shared on the prototype), one object per nesting level reused for every node.
import { nodeLabel } from '../findings';
import type { Dim, OnnxAttribute, OnnxGraph, OnnxNode, OnnxType } from '../onnx/model';
import type { InferContext, TensorInfo } from './types';
import { InferError, makeInfo, tensorShape } from './types';

/** The engine's side: name lookup through scopes, lazy values, subgraph inference. */
export interface ContextHost<S> {
  lookup(scope: S, name: string): TensorInfo | undefined;
  /** The node's label for messages and subgraph paths (built only when needed). */
  label(scope: S, node: OnnxNode, index: number): string;
  valuesOf(info: TensorInfo | undefined): Dim[] | undefined;
  inferSubgraph(
    scope: S,
    graph: OnnxGraph,
    path: string,
    key: string,
    inputs: (OnnxType | undefined)[],
  ): (OnnxType | undefined)[];
}

export class NodeContext<S> implements InferContext {
  // Set by `reset` for each node: the engine keeps one context per nesting level and reuses it node after node.
  private scope!: S;
  node!: OnnxNode;
  opset = 0;
  inputCount = 0;
  private index = 0;
  // The first inputs' infos, looked up once: operator functions ask for an input's shape, type and value in turn.
  private in0: TensorInfo | undefined | null = null;
  private in1: TensorInfo | undefined | null = null;
  /** What one() hands back. */
  private readonly single: (TensorInfo | undefined)[] = [undefined];

  constructor(private readonly host: ContextHost<S>) {}

  /** Points the context at another node (the previous node's inference is over). */
  reset(scope: S, node: OnnxNode, opset: number, index: number): this {
    this.scope = scope;
    this.node = node;
    this.opset = opset;
    this.index = index;
    this.inputCount = node.inputs.length;
    this.in0 = null;
    this.in1 = null;
    return this;
  }

  input(i: number): TensorInfo | undefined {
    if (i === 0) return this.in0 === null ? (this.in0 = this.find(0)) : this.in0;
    if (i === 1) return this.in1 === null ? (this.in1 = this.find(1)) : this.in1;
    return this.find(i);
  }

  private find(i: number): TensorInfo | undefined {
    const name = this.node.inputs[i];
    return name ? this.host.lookup(this.scope, name) : undefined;
  }

  elemType(i: number): string | undefined {
    const t = this.input(i)?.type;
    return t && t.kind === 'tensor' && t.elemType !== 'UNDEFINED' ? t.elemType : undefined;
  }

  shape(i: number): Dim[] | undefined {
    return tensorShape(this.input(i));
  }

  value(i: number): Dim[] | undefined {
    return this.host.valuesOf(this.input(i));
  }

  mayHaveValue(i: number): boolean {
    const info = this.input(i);
    return !!info && (info.value !== undefined || info.stored !== undefined);
  }

  numbers(i: number): number[] | undefined {
    const v = this.value(i);
    if (!v) return undefined;
    for (let k = 0; k < v.length; k++) if (typeof v[k] !== 'number') return undefined;
    return v as number[];
  }

  attr(name: string): OnnxAttribute | undefined {
    const attributes = this.node.attributes;
    for (let k = 0; k < attributes.length; k++) if (attributes[k].name === name) return attributes[k];
    return undefined;
  }

  int(name: string): number | undefined;
  int(name: string, fallback: number): number;
  int(name: string, fallback?: number): number | undefined {
    return this.attr(name)?.i ?? fallback;
  }

  ints(name: string): number[] | undefined {
    return this.attr(name)?.ints;
  }

  float(name: string): number | undefined {
    return this.attr(name)?.f;
  }

  floats(name: string): number[] | undefined {
    return this.attr(name)?.floats;
  }

  string(name: string): string | undefined {
    return this.attr(name)?.s;
  }

  tensorAttr(name: string): TensorInfo | undefined {
    const t = this.attr(name)?.t;
    return t ? makeInfo({ kind: 'tensor', elemType: t.elemType, shape: t.dims }, undefined, t) : undefined;
  }

  valuesOf(info: TensorInfo | undefined): Dim[] | undefined {
    return this.host.valuesOf(info);
  }

  subgraph(graph: OnnxGraph, attrName: string, inputs: (OnnxType | undefined)[]): (OnnxType | undefined)[] {
    const key = `${nodeLabel(this.node, this.index)}/${attrName}`;
    const label = this.host.label(this.scope, this.node, this.index);
    return this.host.inferSubgraph(this.scope, graph, `${label}/${attrName}`, key, inputs);
  }

  fail(message: string): never {
    throw new InferError(message);
  }

  one(info: TensorInfo | undefined): (TensorInfo | undefined)[] {
    this.single[0] = info;
    return this.single;
  }
}
