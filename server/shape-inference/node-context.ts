// What an operator's inference function sees of one node: its inputs' infos, attributes, and subgraph inference.
// A class (methods shared on the prototype) so that inferring a node allocates one small object.
import { nodeLabel } from '../findings';
import type { Dim, OnnxAttribute, OnnxGraph, OnnxNode, OnnxType } from '../onnx/model';
import type { InferContext, TensorInfo } from './types';
import { InferError, tensorShape } from './types';

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
  readonly inputCount: number;

  constructor(
    private readonly host: ContextHost<S>,
    private readonly scope: S,
    readonly node: OnnxNode,
    readonly opset: number,
    private readonly index: number,
  ) {
    this.inputCount = node.inputs.length;
  }

  input(i: number): TensorInfo | undefined {
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

  numbers(i: number): number[] | undefined {
    const v = this.value(i);
    return v && v.every((d) => typeof d === 'number') ? (v as number[]) : undefined;
  }

  attr(name: string): OnnxAttribute | undefined {
    for (const a of this.node.attributes) if (a.name === name) return a;
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
    return t ? { type: { kind: 'tensor', elemType: t.elemType, shape: t.dims }, stored: t } : undefined;
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
}
