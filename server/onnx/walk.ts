// Visits every graph (subgraphs in attributes included, recursively) and every tensor of a model; a function body as a graph.
import type { OnnxAttribute, OnnxFunction, OnnxGraph, OnnxModel, OnnxNode, OnnxTensor } from './model';

export interface GraphVisit {
  graph: OnnxGraph;
  /** The node whose attribute holds this graph, for subgraphs; undefined for the main graph. */
  owner?: OnnxNode;
  depth: number;
}

export function* walkGraphs(graph: OnnxGraph, owner?: OnnxNode, depth = 0): Generator<GraphVisit> {
  yield { graph, owner, depth };
  for (const node of graph.nodes) {
    for (const attr of node.attributes) {
      // Most attributes hold no graph: skip them before building a list (rules walk every node of large models).
      if (holdsGraphs(attr)) for (const sub of attributeGraphs(attr)) yield* walkGraphs(sub, node, depth + 1);
    }
  }
}

/** Whether an attribute holds subgraphs: asked before attributeGraphs, which builds arrays, on every attribute. */
export function holdsGraphs(attr: OnnxAttribute): boolean {
  return !!attr.g || !!attr.graphs?.length;
}

export function attributeGraphs(attr: OnnxAttribute): OnnxGraph[] {
  return [...(attr.g ? [attr.g] : []), ...(attr.graphs ?? [])];
}

function attributeTensors(attr: OnnxAttribute): OnnxTensor[] {
  const sparse = [...(attr.sparseTensor ? [attr.sparseTensor] : []), ...(attr.sparseTensors ?? [])];
  return [
    ...(attr.t ? [attr.t] : []),
    ...(attr.tensors ?? []),
    ...sparse.flatMap((s) => [s.values, s.indices].filter((t): t is OnnxTensor => t !== undefined)),
  ];
}

function* nodeTensors(nodes: OnnxNode[]): Generator<OnnxTensor> {
  for (const node of nodes)
    for (const attr of node.attributes)
      if (attr.t || attr.tensors || attr.sparseTensor || attr.sparseTensors) yield* attributeTensors(attr);
}

/** Every tensor stored in the model: initializers, sparse initializers and tensors in attributes. */
export function* walkTensors(model: OnnxModel): Generator<OnnxTensor> {
  if (model.graph) {
    for (const { graph } of walkGraphs(model.graph)) {
      yield* graph.initializers;
      for (const s of graph.sparseInitializers) {
        if (s.values) yield s.values;
        if (s.indices) yield s.indices;
      }
      yield* nodeTensors(graph.nodes);
    }
  }
  for (const fn of model.functions) yield* nodeTensors(fn.nodes);
}

/** A model-local function's body as a graph (`nodes`: the body's nodes, bound to a call's attributes or as written). */
export function functionBodyGraph(fn: OnnxFunction, nodes: OnnxNode[] = fn.nodes): OnnxGraph {
  return {
    name: fn.name,
    nodes,
    initializers: [],
    sparseInitializers: [],
    inputs: fn.inputs.map((name) => ({ name })),
    outputs: fn.outputs.map((name) => ({ name })),
    valueInfo: fn.valueInfo,
    span: fn.span,
  };
}
