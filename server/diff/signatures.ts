// Name-free descriptions of nodes: what an attribute holds, and a node's structure (op, attributes and,
// recursively, what feeds each input), so that nodes can be matched across exports that renamed them.
import type { OnnxAttribute, OnnxGraph, OnnxModel, OnnxNode, OnnxTensor } from '../onnx/model';
import { schemaAt } from '../knowledge/onnx-schemas';
import { hashStringToNumber } from '../onnx/fast-hash';
import type { TensorEntry } from '../onnx/model-index';
import { graphIndex } from '../rules/support/graph-index';

/** A comparable text for an attribute's value (tensors by content hash, subgraphs by their node ops). */
export function attributeValue(attr: OnnxAttribute, hashOf: (tensor: OnnxTensor) => string | undefined): string {
  if (attr.refAttrName) return `@${attr.refAttrName}`;
  switch (attr.type) {
    case 'FLOAT':
      return String(attr.f ?? 0);
    case 'INT':
      return String(attr.i ?? 0);
    case 'STRING':
      return JSON.stringify(attr.s ?? '');
    case 'FLOATS':
      return `[${(attr.floats ?? []).join(',')}]`;
    case 'INTS':
      return `[${(attr.ints ?? []).join(',')}]`;
    case 'STRINGS':
      return JSON.stringify(attr.strings ?? []);
    case 'TENSOR':
      return attr.t ? `tensor ${attr.t.elemType}[${attr.t.dims.join(',')}] ${hashOf(attr.t) ?? '?'}` : 'tensor';
    case 'GRAPH':
      return `graph(${(attr.g?.nodes ?? []).map((n) => n.opType).join(',')})`;
    default:
      return attr.type;
  }
}

function defaultText(type: string, value: unknown): string | undefined {
  if (type === 'FLOAT' || type === 'INT') return String(value);
  if (type === 'STRING') return JSON.stringify(value);
  if (type === 'FLOATS' || type === 'INTS') return Array.isArray(value) ? `[${value.join(',')}]` : undefined;
  return undefined;
}

export type AttributeTexts = (node: OnnxNode) => Map<string, string>;

/** Whether two nodes write the same attributes in the same order: the common case, decided without schemas. */
export function sameWrittenAttributes(
  a: OnnxNode,
  b: OnnxNode,
  hashA: (tensor: OnnxTensor) => string | undefined,
  hashB: (tensor: OnnxTensor) => string | undefined,
): boolean {
  if (a.attributes.length !== b.attributes.length) return false;
  for (let i = 0; i < a.attributes.length; i++)
    if (!sameAttribute(a.attributes[i], b.attributes[i], hashA, hashB)) return false;
  return true;
}

/** `attributeValue` equality; plain values are compared as they are (every matched node asks, texts cost). */
function sameAttribute(
  x: OnnxAttribute,
  y: OnnxAttribute,
  hashA: (tensor: OnnxTensor) => string | undefined,
  hashB: (tensor: OnnxTensor) => string | undefined,
): boolean {
  if (x.name !== y.name || x.type !== y.type || x.refAttrName !== y.refAttrName) return false;
  if (x.refAttrName) return true;
  switch (x.type) {
    case 'FLOAT':
      return sameNumber(x.f ?? 0, y.f ?? 0);
    case 'INT':
      return (x.i ?? 0) === (y.i ?? 0);
    case 'STRING':
      return (x.s ?? '') === (y.s ?? '');
    case 'FLOATS':
      return sameList(x.floats, y.floats);
    case 'INTS':
      return sameList(x.ints, y.ints);
    case 'STRINGS':
      return sameList(x.strings, y.strings);
    default:
      return attributeValue(x, hashA) === attributeValue(y, hashB);
  }
}

function sameList(xs: readonly unknown[] = [], ys: readonly unknown[] = []): boolean {
  return xs.length === ys.length && xs.every((v, i) => sameNumber(v, ys[i]));
}

/** Equal as `String()` writes them: NaN equals NaN, -0 equals 0. */
function sameNumber(x: unknown, y: unknown): boolean {
  return x === y || (Number.isNaN(x) && Number.isNaN(y));
}

/** Per op, the schema's default attribute texts at the model's opset (attributes with a default only). */
function opDefaults(model: OnnxModel): (node: OnnxNode) => Map<string, string> {
  const opsetOf = new Map(model.opsetImports.map((o) => [o.domain || 'ai.onnx', o.version]));
  const defaultsByOp = new Map<string, Map<string, string>>();
  return (node) => {
    const key = `${node.domain}::${node.opType}`;
    let defaults = defaultsByOp.get(key);
    if (!defaults) {
      defaults = new Map();
      const opset = opsetOf.get(node.domain || 'ai.onnx');
      const schema = opset === undefined ? undefined : schemaAt(node.domain, node.opType, opset);
      for (const attr of schema?.attributes ?? []) {
        const text = attr.default === undefined ? undefined : defaultText(attr.type, attr.default);
        if (text !== undefined) defaults.set(attr.name, text);
      }
      defaultsByOp.set(key, defaults);
    }
    return defaults;
  };
}

/**
 * A node's attributes as texts, with the schema's defaults filled in for those left out, so that an exporter
 * writing `transA=0` and one leaving it to the default compare equal.
 */
export function attributeTexts(model: OnnxModel, hashOf: (tensor: OnnxTensor) => string | undefined): AttributeTexts {
  const defaultsOf = opDefaults(model);
  return (node) => {
    const texts = new Map(defaultsOf(node));
    for (const attr of node.attributes) texts.set(attr.name, attributeValue(attr, hashOf));
    return texts;
  };
}

/**
 * A node's op and attributes (defaults filled in, as attributeTexts gives them) as one text, memoized: both
 * signature passes describe the same nodes. Built without copying the defaults per node: thousands of nodes ask.
 */
export function opAndAttributesKey(
  model: OnnxModel,
  hashOf: (tensor: OnnxTensor) => string | undefined,
): (node: OnnxNode) => string {
  const defaultsOf = opDefaults(model);
  const keys = new Map<OnnxNode, string>();
  // A node writing no attribute has its op's key (defaults only): one per domain and op, not one per node.
  const bareKeys = new Map<string, Map<string, string>>();
  const describe = (node: OnnxNode) => {
    const attributes = node.attributes;
    const parts: string[] = [];
    for (const [name, text] of defaultsOf(node))
      if (!attributes.some((a) => a.name === name)) parts.push(`${name}=${text}`);
    // A name written twice keeps its last value, as in attributeTexts.
    for (let i = 0; i < attributes.length; i++) {
      const attr = attributes[i];
      if (!attributes.some((a, j) => j > i && a.name === attr.name))
        parts.push(`${attr.name}=${attributeValue(attr, hashOf)}`);
    }
    return `${node.domain}::${node.opType}${parts.length ? '|' + parts.sort().join('|') : ''}`;
  };
  return (node) => {
    if (node.attributes.length === 0) {
      let inDomain = bareKeys.get(node.domain);
      if (!inDomain) bareKeys.set(node.domain, (inDomain = new Map()));
      let key = inDomain.get(node.opType);
      if (key === undefined) inDomain.set(node.opType, (key = describe(node)));
      return key;
    }
    let key = keys.get(node);
    if (key === undefined) keys.set(node, (key = describe(node)));
    return key;
  };
}

export type InitializerKey = (name: string, strict: boolean) => string | undefined;

export interface Producer {
  index: number;
  output: number;
}

/**
 * The node (index) and output slot that produce a tensor, from the graph index the rules share: its producer is the
 * first node writing the tensor (a valid graph has one).
 */
export function producerOf(graph: OnnxGraph, tensor: string): Producer | undefined {
  const index = graphIndex(graph).tensors.get(tensor)?.producer;
  return index === undefined ? undefined : { index, output: graph.nodes[index].outputs.indexOf(tensor) };
}

/**
 * Signatures of the wanted nodes: op, attributes and, per input, the producer's signature (with the output
 * index), the initializer's key (content hash when strict, dtype and shape when not) or the graph input's
 * position. A producer already matched stands for itself (`anchor`, the same token on both sides), so only the
 * unmatched part of the graph is described and a rename far downstream of an edit still matches. Iterative, so a
 * 30k-node chain of renamed nodes does not overflow the stack.
 */
export function nodeSignatures(
  graph: OnnxGraph,
  opKey: (node: OnnxNode) => string,
  initKey: InitializerKey,
  strict: boolean,
  anchor: (index: number) => string | undefined,
  wanted: Iterable<number>,
): Map<number, number> {
  // Inputs are followed through the index's node slots: no name lookup per input.
  const { inputStart, slotEntries } = graphIndex(graph);
  const nodes = graph.nodes;
  const inputIndex = new Map(graph.inputs.map((v, i) => [v.name, i]));
  const signatures = new Map<number, number>();
  const onStack = new Set<number>();
  const inputPart = (entry: TensorEntry | undefined): string => {
    if (!entry) return '-';
    const from = entry.producer;
    if (from !== undefined) {
      const token = anchor(from) ?? signatures.get(from) ?? 'cycle';
      return `${token}#${nodes[from].outputs.indexOf(entry.name)}`;
    }
    const key = initKey(entry.name, strict);
    if (key !== undefined) return `init ${key}`;
    return `input ${inputIndex.get(entry.name) ?? '?'}`;
  };
  const pendingProducer = (index: number): number | undefined => {
    for (let k = inputStart[index], end = k + nodes[index].inputs.length; k < end; k++) {
      const from = slotEntries[k]?.producer;
      if (from !== undefined && !signatures.has(from) && !onStack.has(from) && anchor(from) === undefined) return from;
    }
    return undefined;
  };
  for (const start of wanted) {
    if (signatures.has(start)) continue;
    const stack = [start];
    onStack.add(start);
    while (stack.length) {
      const index = stack[stack.length - 1];
      const next = pendingProducer(index);
      if (next !== undefined) {
        stack.push(next);
        onStack.add(next);
        continue;
      }
      stack.pop();
      onStack.delete(index);
      const node = nodes[index];
      let text = opKey(node);
      for (let k = inputStart[index], end = k + node.inputs.length; k < end; k++)
        text += '|' + inputPart(slotEntries[k]);
      // A number keys the matching's maps without a hex string per node: signatures are only compared.
      signatures.set(index, hashStringToNumber(text));
    }
  }
  return signatures;
}
