// Visits every graph (subgraphs in attributes included, recursively) and every tensor of a model; a function body as a graph.
import type { OnnxAttribute, OnnxFunction, OnnxGraph, OnnxModel, OnnxNode, OnnxTensor } from './model';

export interface GraphVisit {
  graph: OnnxGraph;
  /** The node whose attribute holds this graph, for subgraphs; undefined for the main graph. */
  owner?: OnnxNode;
  depth: number;
}

/**
 * Every graph, outermost first (a node's subgraphs right after the graph holding it, as a depth-first walk meets
 * them). A list, not a generator: rules walk every node of large models, and cold generator code costs more than
 * the walk.
 */
export function walkGraphs(graph: OnnxGraph, owner?: OnnxNode, depth = 0): GraphVisit[] {
  const visits: GraphVisit[] = [];
  visitGraphs(graph, owner, depth, visits);
  return visits;
}

function visitGraphs(graph: OnnxGraph, owner: OnnxNode | undefined, depth: number, visits: GraphVisit[]): void {
  visits.push({ graph, owner, depth });
  const nodes = graph.nodes;
  for (let i = 0; i < nodes.length; i++) {
    const attributes = nodes[i].attributes;
    for (let k = 0; k < attributes.length; k++) {
      const attr = attributes[k];
      // Most attributes hold no graph: skip them before building a list.
      if (holdsGraphs(attr)) for (const sub of attributeGraphs(attr)) visitGraphs(sub, nodes[i], depth + 1, visits);
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

function addNodeTensors(nodes: OnnxNode[], out: OnnxTensor[]): void {
  for (let i = 0; i < nodes.length; i++) {
    const attributes = nodes[i].attributes;
    for (let k = 0; k < attributes.length; k++) {
      const attr = attributes[k];
      if (attr.t || attr.tensors || attr.sparseTensor || attr.sparseTensors) out.push(...attributeTensors(attr));
    }
  }
}

/** Every tensor stored in the model: initializers, sparse initializers and tensors in attributes (a list, see walkGraphs). */
export function walkTensors(model: OnnxModel): OnnxTensor[] {
  const out: OnnxTensor[] = [];
  if (model.graph) {
    for (const { graph } of walkGraphs(model.graph)) {
      const initializers = graph.initializers;
      for (let i = 0; i < initializers.length; i++) out.push(initializers[i]);
      for (const s of graph.sparseInitializers) {
        if (s.values) out.push(s.values);
        if (s.indices) out.push(s.indices);
      }
      addNodeTensors(graph.nodes, out);
    }
  }
  for (const fn of model.functions) addNodeTensors(fn.nodes, out);
  return out;
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
