// Name-free descriptions of nodes: what an attribute holds, and a node's structure (op, attributes and,
// recursively, what feeds each input), so that nodes can be matched across exports that renamed them.
import crypto from 'node:crypto';
import type { OnnxAttribute, OnnxGraph, OnnxModel, OnnxNode } from '../onnx/model';
import { schemaAt } from '../knowledge/onnx-schemas';

/** A comparable text for an attribute's value (tensors by content hash, subgraphs by their node ops). */
export function attributeValue(attr: OnnxAttribute, hashOf: (name: string) => string | undefined): string {
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
      return attr.t ? `tensor ${attr.t.elemType}[${attr.t.dims.join(',')}] ${hashOf(attr.t.name) ?? '?'}` : 'tensor';
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

/**
 * A node's attributes as texts, with the schema's defaults filled in for those left out, so that an exporter
 * writing `transA=0` and one leaving it to the default compare equal.
 */
export function attributeTexts(model: OnnxModel, hashOf: (name: string) => string | undefined): AttributeTexts {
  const opsetOf = new Map(model.opsetImports.map((o) => [o.domain || 'ai.onnx', o.version]));
  return (node) => {
    const texts = new Map<string, string>();
    const opset = opsetOf.get(node.domain || 'ai.onnx');
    const schema = opset === undefined ? undefined : schemaAt(node.domain, node.opType, opset);
    for (const attr of schema?.attributes ?? []) {
      const text = attr.default === undefined ? undefined : defaultText(attr.type, attr.default);
      if (text !== undefined) texts.set(attr.name, text);
    }
    for (const attr of node.attributes) texts.set(attr.name, attributeValue(attr, hashOf));
    return texts;
  };
}

export type InitializerKey = (name: string, strict: boolean) => string | undefined;

const digest = (text: string) => crypto.createHash('sha1').update(text).digest('hex').slice(0, 20);

/**
 * One signature per node, in graph order: op, attributes, and per input the producer's signature (with the
 * output index), the initializer's key (content hash when strict, dtype and shape when not) or the graph
 * input's position. Strict signatures equal means same computation on the same weights.
 */
export function nodeSignatures(
  graph: OnnxGraph,
  attrTexts: AttributeTexts,
  initKey: InitializerKey,
  strict: boolean,
): string[] {
  const producer = new Map<string, { index: number; output: number }>();
  graph.nodes.forEach((node, index) => node.outputs.forEach((o, output) => o && producer.set(o, { index, output })));
  const inputIndex = new Map(graph.inputs.map((v, i) => [v.name, i]));
  const signatures: string[] = new Array(graph.nodes.length);
  const visiting = new Set<number>();
  const signatureOf = (index: number): string => {
    if (signatures[index] !== undefined) return signatures[index];
    if (visiting.has(index)) return 'cycle';
    visiting.add(index);
    const node = graph.nodes[index];
    const parts = [`${node.domain}::${node.opType}`, ...[...attrTexts(node)].map(([k, v]) => `${k}=${v}`).sort()];
    for (const input of node.inputs) parts.push(inputPart(input));
    visiting.delete(index);
    return (signatures[index] = digest(parts.join('|')));
  };
  const inputPart = (input: string): string => {
    if (!input) return '-';
    const from = producer.get(input);
    if (from) return `${signatureOf(from.index)}#${from.output}`;
    const key = initKey(input, strict);
    if (key !== undefined) return `init ${key}`;
    return `input ${inputIndex.get(input) ?? '?'}`;
  };
  graph.nodes.forEach((_, index) => signatureOf(index));
  return signatures;
}
