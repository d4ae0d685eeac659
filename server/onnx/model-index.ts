// The lookup structure the rest of the product works from: for one graph, which node produces and
// which nodes consume each tensor, what is an initializer or a graph input, op counts, and each
// node's name scope (the module path exporters encode in node names or metadata).
import type { OnnxGraph, OnnxNode, OnnxTensor, OnnxValueInfo } from './model';

export interface TensorEntry {
  name: string;
  /** Index in graph.nodes of the node producing the tensor. */
  producer?: number;
  /** Indexes in graph.nodes of the nodes reading it, once per node. */
  consumers: number[];
  initializer?: OnnxTensor;
  graphInput?: OnnxValueInfo;
  graphOutput?: OnnxValueInfo;
  valueInfo?: OnnxValueInfo;
}

export interface GraphIndex {
  graph: OnnxGraph;
  tensors: Map<string, TensorEntry>;
  nodeByName: Map<string, number>;
  opCounts: Record<string, number>;
  /** Graph inputs that are not initializers (IR < 4 models list initializers as inputs too). */
  runtimeInputs: OnnxValueInfo[];
  /** Per node, its name scope from the outermost module inwards, e.g. ['encoder', 'layer.3', 'attention']. */
  scopes: string[][];
}

export function indexGraph(graph: OnnxGraph): GraphIndex {
  const tensors = new Map<string, TensorEntry>();
  const entry = (name: string): TensorEntry => {
    let e = tensors.get(name);
    if (!e) {
      e = { name, consumers: [] };
      tensors.set(name, e);
    }
    return e;
  };
  for (const init of graph.initializers) entry(init.name).initializer = init;
  for (const input of graph.inputs) entry(input.name).graphInput = input;
  for (const output of graph.outputs) entry(output.name).graphOutput = output;
  for (const info of graph.valueInfo) entry(info.name).valueInfo = info;

  const nodeByName = new Map<string, number>();
  const opCounts: Record<string, number> = {};
  graph.nodes.forEach((node, i) => {
    if (node.name && !nodeByName.has(node.name)) nodeByName.set(node.name, i);
    const op = node.domain && node.domain !== 'ai.onnx' ? `${node.domain}.${node.opType}` : node.opType;
    opCounts[op] = (opCounts[op] ?? 0) + 1;
    const inputs = node.inputs;
    // Once per node: a tensor read twice by one node (x * x) is skipped at its second slot.
    for (let k = 0; k < inputs.length; k++)
      if (inputs[k] !== '' && inputs.indexOf(inputs[k]) === k) entry(inputs[k]).consumers.push(i);
    for (const output of node.outputs) if (output !== '') entry(output).producer ??= i;
  });

  const runtimeInputs = graph.inputs.filter((input) => !tensors.get(input.name)?.initializer);
  let scopes: string[][] | undefined;
  return {
    graph,
    tensors,
    nodeByName,
    opCounts,
    runtimeInputs,
    // Parsed on first use: most callers (the rules, the diff) never ask.
    get scopes() {
      return (scopes ??= graph.nodes.map(nodeScope));
    },
  };
}

/**
 * PyTorch's TorchScript exporter names nodes `/encoder/layer.3/attention/MatMul`; its dynamo
 * exporter leaves names flat and records `pkg.torch.onnx.name_scopes` metadata instead.
 */
export function nodeScope(node: OnnxNode): string[] {
  const recorded = node.metadataProps.find((p) => p.key === 'pkg.torch.onnx.name_scopes');
  if (recorded) {
    const names = [...recorded.value.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]);
    return names.slice(0, -1).filter((n) => n !== '');
  }
  if (!node.name.startsWith('/')) return [];
  return node.name
    .split('/')
    .slice(1, -1)
    .filter((n) => n !== '');
}
