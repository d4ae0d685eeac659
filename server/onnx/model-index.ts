// The lookup structure the rest of the product works from: for one graph, which node produces and
// which nodes consume each tensor, what is an initializer or a graph input, op counts, and each
// node's name scope (the module path exporters encode in node names or metadata).
import type { OnnxGraph, OnnxNode, OnnxTensor, OnnxValueInfo } from './model';

export interface TensorEntry {
  name: string;
  /** This graph's number for the tensor, 0 .. tensorCount - 1: marks per tensor go in typed arrays. */
  id: number;
  /** Index in graph.nodes of the node producing the tensor. */
  producer?: number;
  /** Indexes in graph.nodes of the nodes reading it, once per node. */
  consumers: readonly number[];
  initializer?: OnnxTensor;
  graphInput?: OnnxValueInfo;
  graphOutput?: OnnxValueInfo;
  valueInfo?: OnnxValueInfo;
}

/** No readers yet: one shared empty list (most tensors get one reader, then a list of exactly one). */
const NO_CONSUMERS: readonly number[] = [];

/**
 * Every entry has every field from the start: one object shape, so the rules' reads of `producer`, `initializer`, ...
 * stay monomorphic (fields added as found made a shape per combination).
 */
class Entry implements TensorEntry {
  producer: number | undefined = undefined;
  consumers: readonly number[] = NO_CONSUMERS;
  initializer: OnnxTensor | undefined = undefined;
  graphInput: OnnxValueInfo | undefined = undefined;
  graphOutput: OnnxValueInfo | undefined = undefined;
  valueInfo: OnnxValueInfo | undefined = undefined;
  constructor(
    readonly name: string,
    readonly id: number,
  ) {}
}

export interface GraphIndex {
  graph: OnnxGraph;
  tensors: Map<string, TensorEntry>;
  /** Number of distinct tensor names (entries' ids are below it). */
  tensorCount: number;
  /**
   * Node i's input slots k (0-based) have their entries at slotEntries[inputStart[i] + k] (undefined for an empty
   * name), its output slots at slotEntries[outputStart[i] + k]: walks over the graph follow tensors without a name
   * lookup per slot.
   */
  inputStart: Int32Array;
  outputStart: Int32Array;
  slotEntries: (TensorEntry | undefined)[];
  /** graph.initializers[i]'s entry at i. */
  initializerEntries: TensorEntry[];
  nodeByName: Map<string, number>;
  opCounts: Record<string, number>;
  /** Graph inputs that are not initializers (IR < 4 models list initializers as inputs too). */
  runtimeInputs: OnnxValueInfo[];
  /** Per node, its name scope from the outermost module inwards, e.g. ['encoder', 'layer.3', 'attention']. */
  scopes: string[][];
}

export function indexGraph(graph: OnnxGraph): GraphIndex {
  const tensors = new Map<string, Entry>();
  const entry = (name: string): Entry => {
    let e = tensors.get(name);
    if (e === undefined) {
      e = new Entry(name, tensors.size);
      tensors.set(name, e);
    }
    return e;
  };
  // Indexed loops: this runs once per graph, cold, where for-of makes an iterator result per element.
  const initializers = graph.initializers;
  const initializerEntries: Entry[] = [];
  for (let i = 0; i < initializers.length; i++) {
    const e = entry(initializers[i].name);
    e.initializer = initializers[i];
    initializerEntries.push(e);
  }
  for (const input of graph.inputs) entry(input.name).graphInput = input;
  for (const output of graph.outputs) entry(output.name).graphOutput = output;
  const valueInfo = graph.valueInfo;
  for (let i = 0; i < valueInfo.length; i++) entry(valueInfo[i].name).valueInfo = valueInfo[i];

  const opCounts: Record<string, number> = {};
  const nodes = graph.nodes;
  const inputStart = new Int32Array(nodes.length);
  const outputStart = new Int32Array(nodes.length);
  const slotEntries: (Entry | undefined)[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const op = node.domain && node.domain !== 'ai.onnx' ? `${node.domain}.${node.opType}` : node.opType;
    opCounts[op] = (opCounts[op] ?? 0) + 1;
    const inputs = node.inputs;
    inputStart[i] = slotEntries.length;
    for (let k = 0; k < inputs.length; k++) {
      const input = inputs[k];
      if (input === '') {
        slotEntries.push(undefined);
        continue;
      }
      const e = entry(input);
      slotEntries.push(e);
      // Once per node: a tensor read twice by one node (x * x) is skipped at its second slot.
      if (k > 0 && inputs.indexOf(input) !== k) continue;
      if (e.consumers === NO_CONSUMERS) e.consumers = [i];
      else (e.consumers as number[]).push(i);
    }
    const outputs = node.outputs;
    outputStart[i] = slotEntries.length;
    for (let k = 0; k < outputs.length; k++) {
      if (outputs[k] === '') {
        slotEntries.push(undefined);
        continue;
      }
      const e = entry(outputs[k]);
      slotEntries.push(e);
      if (e.producer === undefined) e.producer = i;
    }
  }

  const runtimeInputs = graph.inputs.filter((input) => !tensors.get(input.name)?.initializer);
  let scopes: string[][] | undefined;
  let nodeByName: Map<string, number> | undefined;
  return {
    graph,
    tensors,
    tensorCount: tensors.size,
    inputStart,
    outputStart,
    slotEntries,
    initializerEntries,
    // Built on first use: only the diff asks (of one side).
    get nodeByName() {
      if (!nodeByName) {
        nodeByName = new Map();
        for (let i = 0; i < nodes.length; i++) {
          const name = nodes[i].name;
          if (name && !nodeByName.has(name)) nodeByName.set(name, i);
        }
      }
      return nodeByName;
    },
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
