// The graph view's nodes of one ONNX graph: ports typed by shape inference (shape + dtype; stored value_info where
// inference knows nothing), weights labelled by the op schema's input names, attributes summarized to short text,
// subgraph attributes listed for opening.
import { opVersions, type FormalParameter } from '../knowledge/onnx-schemas';
import type { Dim, OnnxAttribute, OnnxGraph, OnnxNode, OnnxTensor, OnnxType } from '../onnx/model';
import type { GraphAttribute, GraphNode, GraphPort } from '../contract/graph-view';
import type { GraphShapes } from '../shape-inference/engine';

export interface ViewNodes {
  nodes: GraphNode[];
  /** View node id -> the reader's node, for findings and opening subgraphs. */
  sourceNodes: Map<number, OnnxNode>;
}

/** One view node per graph input, op node and graph output, in that order (ids are indices). */
export function viewNodes(source: OnnxGraph, inferred?: GraphShapes): ViewNodes {
  const nodes: GraphNode[] = [];
  const sourceNodes = new Map<number, OnnxNode>();
  const types = tensorTypes(source, inferred);
  const initializers = new Set(source.initializers.map((t) => t.name));
  const port = (tensor: string): GraphPort => {
    const t = types.get(tensor);
    const p: GraphPort = { tensor };
    if (t?.dtype) p.dtype = t.dtype;
    if (t?.shape) p.shape = t.shape;
    if (initializers.has(tensor)) p.initializer = true;
    return p;
  };
  const base = { domain: '', group: 0, attributes: [], subgraphs: [], diagnostics: [] };
  for (const input of source.inputs) {
    if (initializers.has(input.name)) continue; // IR < 4 lists initializers as inputs too; they are weights, not inputs
    nodes.push({
      ...base,
      id: nodes.length,
      kind: 'input',
      name: input.name,
      op: 'Input',
      inputs: [],
      outputs: [port(input.name)],
      attributes: [],
      subgraphs: [],
      diagnostics: [],
    });
  }
  for (const node of source.nodes) {
    sourceNodes.set(nodes.length, node);
    nodes.push({
      id: nodes.length,
      kind: 'op',
      name: node.name,
      op: node.opType,
      domain: node.domain,
      group: 0,
      inputs: node.inputs.flatMap((name, i) => {
        if (name === '') return [];
        const p = port(name);
        // Weights are labelled by the op's input name, as Netron shows them (`W ⟨768×2304⟩`).
        const param = p.initializer ? inputParamName(node, i) : undefined;
        return [param ? { ...p, param } : p];
      }),
      outputs: node.outputs.filter((name) => name !== '').map(port),
      attributes: node.attributes.map(summarizeAttribute),
      subgraphs: subgraphAttributes(node.attributes),
      diagnostics: [],
    });
  }
  for (const output of source.outputs) {
    nodes.push({
      ...base,
      id: nodes.length,
      kind: 'output',
      name: output.name,
      op: 'Output',
      inputs: [port(output.name)],
      outputs: [],
      attributes: [],
      subgraphs: [],
      diagnostics: [],
    });
  }
  return { nodes, sourceNodes };
}

/** Input parameters per op ("domain op"): looked up once per op type, not per weight. */
const paramsOf = new Map<string, FormalParameter[] | undefined>();

/** The schema's name for input `index` of a standard op ("W", "B"), undefined for ops without a schema. */
function inputParamName(node: OnnxNode, index: number): string | undefined {
  const key = `${node.domain} ${node.opType}`;
  if (!paramsOf.has(key)) paramsOf.set(key, opVersions(node.domain, node.opType)?.at(-1)?.inputs);
  const inputs = paramsOf.get(key);
  if (!inputs || inputs.length === 0) return undefined;
  const last = inputs[inputs.length - 1];
  return (inputs[index] ?? (last.option === 'variadic' ? last : undefined))?.name;
}

export interface PortType {
  dtype?: string;
  shape?: string;
}

export function formatDims(dims: readonly Dim[]): string {
  if (dims.length === 0) return 'scalar';
  return dims.map((d) => (d === null ? '?' : String(d))).join('×');
}

/** Each tensor's type as ports show it: stored value_info, inferred types where inference knows them, initializers. */
export function tensorTypes(graph: OnnxGraph, inferred?: GraphShapes): Map<string, PortType> {
  const types = new Map<string, PortType>();
  const fromType = (t: OnnxType | undefined): PortType => {
    if (!t) return {};
    if (t.kind === 'tensor' || t.kind === 'sparse_tensor')
      return { dtype: t.elemType, shape: t.shape ? formatDims(t.shape) : undefined };
    return { dtype: t.kind };
  };
  for (const v of [...graph.valueInfo, ...graph.inputs, ...graph.outputs]) types.set(v.name, fromType(v.type));
  // Inference already merged the stored types in; it wins where it knows the tensor.
  for (const [name, info] of inferred?.tensors ?? []) {
    const t = fromType(info.type);
    if (t.dtype && t.dtype !== 'UNDEFINED') types.set(name, t);
  }
  for (const t of graph.initializers) types.set(t.name, { dtype: t.elemType, shape: formatDims(t.dims) });
  return types;
}

const MAX_LIST = 16;
const MAX_TEXT = 200;

function shorten(text: string): string {
  return text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) + '…' : text;
}

function list(values: readonly (number | string)[]): string {
  const shown = values.slice(0, MAX_LIST).map((v) => (typeof v === 'string' ? JSON.stringify(shorten(v)) : String(v)));
  return `[${shown.join(', ')}${values.length > MAX_LIST ? `, … (${values.length})` : ''}]`;
}

function tensorSummary(t: OnnxTensor): string {
  return `tensor ${t.elemType} [${t.dims.join(', ')}]`;
}

function summarizeAttribute(a: OnnxAttribute): GraphAttribute {
  let value: string;
  switch (a.type) {
    case 'FLOAT':
      value = String(a.f ?? 0);
      break;
    case 'INT':
      value = String(a.i ?? 0);
      break;
    case 'STRING':
      value = JSON.stringify(shorten(a.s ?? ''));
      break;
    case 'FLOATS':
      value = list(a.floats ?? []);
      break;
    case 'INTS':
      value = list(a.ints ?? []);
      break;
    case 'STRINGS':
      value = list(a.strings ?? []);
      break;
    case 'TENSOR':
      value = a.t ? tensorSummary(a.t) : 'tensor';
      break;
    case 'TENSORS':
      value = `${a.tensors?.length ?? 0} tensors`;
      break;
    case 'GRAPH':
      value = `graph "${shorten(a.g?.name ?? '')}" (${a.g?.nodes.length ?? 0} nodes)`;
      break;
    case 'GRAPHS':
      value = `${a.graphs?.length ?? 0} graphs`;
      break;
    default:
      value = a.refAttrName ? `@${a.refAttrName}` : a.type.toLowerCase();
  }
  return { name: a.name, type: a.type, value };
}

/** Attribute keys naming subgraphs: "body", or "branches[1]" for a GRAPHS attribute. */
function subgraphAttributes(attributes: OnnxAttribute[]): string[] {
  const keys: string[] = [];
  for (const a of attributes) {
    if (a.g) keys.push(a.name);
    a.graphs?.forEach((_, i) => keys.push(`${a.name}[${i}]`));
  }
  return keys;
}

/** The OnnxGraph behind a subgraph key of a node (see subgraphAttributes). */
export function subgraphOf(attributes: OnnxAttribute[], key: string): OnnxGraph | undefined {
  const m = /^(.*)\[(\d+)\]$/.exec(key);
  if (m) return attributes.find((a) => a.name === m[1])?.graphs?.[Number(m[2])];
  return attributes.find((a) => a.name === key)?.g;
}
