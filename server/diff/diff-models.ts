// The diff of two ONNX models: matched, added, removed and changed nodes (with how each match was made),
// changed initializers, graph inputs/outputs, opset/IR/producer changes. Names are as in each file.
import type { OnnxGraph, OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo } from '../onnx/model';
import { readTensorValues } from '../onnx/tensor-values';
import {
  attributeTexts,
  nodeSignatures,
  opAndAttributesKey,
  sameWrittenAttributes,
  type AttributeTexts,
} from './signatures';
import type { InitializerChange, ModelDiff, NodeChange } from '../contract/model-diff';
import { matchNodes, type NodeMatch } from './match-nodes';
import { graphIndex } from '../rules/support/graph-index';
import type { GraphIndex, TensorEntry } from '../onnx/model-index';
import { ModelBytes, sameDims, sameTensor } from '../onnx/tensor-bytes';

export type { ModelDiff } from '../contract/model-diff';

/** The graph of a model that holds none: nothing to match. */
export const EMPTY_GRAPH: OnnxGraph = {
  name: '',
  nodes: [],
  initializers: [],
  sparseInitializers: [],
  inputs: [],
  outputs: [],
  valueInfo: [],
  span: { offset: 0, length: 0 },
};

interface Attributes {
  texts: AttributeTexts;
  key: (node: OnnxNode) => string;
  hash: (tensor: OnnxTensor) => string | undefined;
}

function attributes(model: OnnxModel, hash: (tensor: OnnxTensor) => string | undefined): Attributes {
  return {
    texts: attributeTexts(model, hash),
    key: opAndAttributesKey(model, hash),
    hash,
  };
}

/** One model's initializers by name (from the graph index the rules share), read through its `ModelBytes`. */
class Weights {
  readonly index: GraphIndex;
  private readonly tensors: Map<string, TensorEntry>;
  constructor(
    readonly bytes: ModelBytes,
    readonly graph: OnnxGraph,
  ) {
    this.index = graphIndex(graph);
    this.tensors = this.index.tensors;
  }
  /** The initializer of that name (of several, the last, as the index keeps it). */
  get(name: string): OnnxTensor | undefined {
    return this.tensors.get(name)?.initializer;
  }
  key = (name: string, strict: boolean): string | undefined => {
    const tensor = this.get(name);
    if (!tensor) return undefined;
    return strict ? (this.bytes.hash(tensor) ?? `unread ${name}`) : `${tensor.elemType}[${tensor.dims.join(',')}]`;
  };
}

export function diffModels(a: OnnxModel, b: OnnxModel): ModelDiff {
  return diffWithPairs(a, b).diff;
}

/** The diff and the node pairs by index (names may repeat or be empty): what the graph view's overlay needs. */
export function diffWithPairs(a: OnnxModel, b: OnnxModel): { diff: ModelDiff; pairs: NodeMatch[] } {
  const bytesA = new ModelBytes(a.path);
  const bytesB = new ModelBytes(b.path);
  try {
    return diffWith(a, b, new Weights(bytesA, a.graph ?? EMPTY_GRAPH), new Weights(bytesB, b.graph ?? EMPTY_GRAPH));
  } finally {
    bytesA.close();
    bytesB.close();
  }
}

function diffWith(a: OnnxModel, b: OnnxModel, wa: Weights, wb: Weights): { diff: ModelDiff; pairs: NodeMatch[] } {
  const ga = a.graph ?? EMPTY_GRAPH;
  const gb = b.graph ?? EMPTY_GRAPH;
  const hashA = (t: OnnxTensor) => wa.bytes.hash(t);
  const hashB = (t: OnnxTensor) => wb.bytes.hash(t);
  const attrA = attributes(a, hashA);
  const attrB = attributes(b, hashB);
  const matches = matchNodes(ga, gb, (side, strict, anchor, wanted) =>
    side === 0
      ? nodeSignatures(ga, attrA.key, wa.key, strict, anchor, wanted)
      : nodeSignatures(gb, attrB.key, wb.key, strict, anchor, wanted),
  );
  // Node index -> counterpart + 1 (0: unmatched).
  const aToB = new Int32Array(ga.nodes.length);
  const matchedB = new Uint8Array(gb.nodes.length);
  const matchedBy = { name: 0, 'structure+weights': 0, structure: 0, topology: 0 };
  // Indexed loops over the matches (tens of thousands, cold code: for-of makes an iterator result per element).
  for (let i = 0; i < matches.length; i++) {
    const m = matches[i];
    aToB[m.a] = m.b + 1;
    matchedB[m.b] = 1;
    matchedBy[m.method]++;
  }
  const initializers = pairInitializers(wa, wb, aToB);
  const changed: NodeChange[] = [];
  const sides: Sides = {
    wa,
    wb,
    inputsA: new Map(ga.inputs.map((v, i) => [v.name, i])),
    inputsB: new Map(gb.inputs.map((v, i) => [v.name, i])),
  };
  for (let i = 0; i < matches.length; i++) {
    const m = matches[i];
    const changes = nodeChanges(sides, m, aToB, initializers, attrA, attrB);
    if (changes)
      changed.push({
        a: ga.nodes[m.a].name,
        b: gb.nodes[m.b].name,
        op: gb.nodes[m.b].opType,
        matchedBy: m.method,
        changes,
      });
  }
  const diff: ModelDiff = {
    a: a.path,
    b: b.path,
    added: gb.nodes.filter((_, i) => !matchedB[i]).map((n) => ({ node: n.name, op: n.opType })),
    removed: ga.nodes.filter((_, i) => !aToB[i]).map((n) => ({ node: n.name, op: n.opType })),
    changed,
    matched: matches.length,
    matchedBy,
    matches: matches.map((m) => ({ a: ga.nodes[m.a].name, b: gb.nodes[m.b].name, by: m.method })),
    initializers: initializerChanges(wa, wb, initializers),
    io: { changed: ioChanges(wa, wb, initializers) },
    opsets: opsetChanges(a, b),
    model: { changed: modelChanges(a, b) },
  };
  return { diff, pairs: matches };
}

/** Initializer pairs, and the names of each side left unpaired, in file order. */
interface InitializerPairs {
  /** The pairs in order (by name in A's order, then by slot): A's tensor at i pairs with B's at i. */
  a: OnnxTensor[];
  b: OnnxTensor[];
  /** By A's index entry id: the name of the B initializer paired with it. */
  toB: (string | undefined)[];
  leftA: Set<string>;
  leftB: Set<string>;
}

/** Initializer pairs: by name, then by the input slot they fill in matched nodes (in A's node order). */
function pairInitializers(wa: Weights, wb: Weights, aToB: Int32Array): InitializerPairs {
  const ga = wa.graph;
  const gb = wb.graph;
  const tensorsA = wa.index.tensors;
  const pairs: InitializerPairs = { a: [], b: [], toB: [], leftA: new Set(), leftB: new Set() };
  const { toB, leftA, leftB } = pairs;
  // The tensors paired are the ones the indexes keep for their names (of several of one name, the last).
  const pair = (entryA: TensorEntry, tensorB: OnnxTensor) => {
    pairs.a.push(entryA.initializer!);
    pairs.b.push(tensorB);
    toB[entryA.id] = tensorB.name;
  };
  for (let i = 0; i < ga.initializers.length; i++) {
    const name = ga.initializers[i].name;
    const tensorB = wb.get(name);
    const entryA = tensorsA.get(name)!;
    if (!tensorB) leftA.add(name);
    else if (toB[entryA.id] === undefined) pair(entryA, tensorB);
  }
  for (let i = 0; i < gb.initializers.length; i++)
    if (!wa.get(gb.initializers[i].name)) leftB.add(gb.initializers[i].name);
  // Most initializers pair by name; the slot pass looks only for the few left on both sides.
  if (!leftA.size || !leftB.size) return pairs;
  // Only matched nodes that read an initializer left over can pair one: found through A's index (which the rules
  // share), not by looking up every input of every matched node.
  const readers = new Set<number>();
  for (const name of leftA) for (const a of tensorsA.get(name)?.consumers ?? []) if (aToB[a]) readers.add(a);
  // An initializer without a name would pair with empty optional inputs, which the index does not list: every node.
  if (leftA.has('')) for (let a = 0; a < aToB.length; a++) if (aToB[a]) readers.add(a);
  for (const a of [...readers].sort((x, y) => x - y)) {
    const inputsA = ga.nodes[a].inputs;
    const inputsB = gb.nodes[aToB[a] - 1].inputs;
    for (let i = 0; i < inputsA.length; i++) {
      const input = inputsA[i];
      const other = inputsB[i];
      if (leftA.has(input) && other !== undefined && leftB.has(other)) {
        pair(tensorsA.get(input)!, wb.get(other)!);
        leftA.delete(input);
        leftB.delete(other);
      }
    }
  }
  return pairs;
}

/** Both graphs (through their weights and indexes) and their graph input positions, once per diff. */
interface Sides {
  wa: Weights;
  wb: Weights;
  inputsA: Map<string, number>;
  inputsB: Map<string, number>;
}

/** What changed between two matched nodes; undefined when nothing did (most pairs: no list made for them). */
function nodeChanges(
  { wa, wb, inputsA, inputsB }: Sides,
  m: NodeMatch,
  aToB: Int32Array,
  { toB }: InitializerPairs,
  attrA: Attributes,
  attrB: Attributes,
): string[] | undefined {
  const nodesA = wa.graph.nodes;
  const nodesB = wb.graph.nodes;
  const na = nodesA[m.a];
  const nb = nodesB[m.b];
  let changes: string[] | undefined;
  if (na.opType !== nb.opType || na.domain !== nb.domain)
    (changes ??= []).push(
      `op ${na.domain ? na.domain + '::' : ''}${na.opType} -> ${nb.domain ? nb.domain + '::' : ''}${nb.opType}`,
    );
  if (!sameWrittenAttributes(na, nb, attrA.hash, attrB.hash)) {
    const attrsA = attrA.texts(na);
    const attrsB = attrB.texts(nb);
    for (const [name, value] of attrsA) {
      if (!attrsB.has(name)) (changes ??= []).push(`attribute ${name} removed (was ${value})`);
      else if (attrsB.get(name) !== value) (changes ??= []).push(`attribute ${name}: ${value} -> ${attrsB.get(name)}`);
    }
    for (const [name, value] of attrsB)
      if (!attrsA.has(name)) (changes ??= []).push(`attribute ${name} added (${value})`);
  }
  // Each input's source through the indexes' node slots: its producer (matched, same output slot), the paired
  // initializer, or the same graph input.
  const startA = wa.index.inputStart[m.a];
  const startB = wb.index.inputStart[m.b];
  const slotsA = wa.index.slotEntries;
  const slotsB = wb.index.slotEntries;
  for (let i = 0; i < Math.max(na.inputs.length, nb.inputs.length); i++) {
    const ia = na.inputs[i] ?? '';
    const ib = nb.inputs[i] ?? '';
    if (!ia && !ib) continue;
    if (!ia || !ib) {
      (changes ??= []).push(`input ${i} ${ia ? `removed (was ${ia})` : `added (${ib})`}`);
      continue;
    }
    const entryA = slotsA[startA + i]!;
    const pa = entryA.producer;
    const pb = slotsB[startB + i]!.producer;
    let same: boolean;
    if (pa !== undefined && pb !== undefined)
      same = aToB[pa] === pb + 1 && nodesA[pa].outputs.indexOf(ia) === nodesB[pb].outputs.indexOf(ib);
    else {
      const paired = toB[entryA.id];
      if (paired !== undefined) same = paired === ib;
      else same = pa === undefined && pb === undefined && inputsA.has(ia) && inputsA.get(ia) === inputsB.get(ib);
    }
    if (!same) (changes ??= []).push(`input ${i}: ${ia} -> ${ib} (different source)`);
  }
  return changes;
}

function initializerChanges(wa: Weights, wb: Weights, pairs: InitializerPairs): ModelDiff['initializers'] {
  const changed: InitializerChange[] = [];
  for (let i = 0; i < pairs.a.length; i++) {
    const ta = pairs.a[i];
    const tb = pairs.b[i];
    let changes: string[] | undefined;
    if (ta.elemType !== tb.elemType) (changes ??= []).push(`dtype ${ta.elemType} -> ${tb.elemType}`);
    if (!sameDims(ta.dims, tb.dims)) (changes ??= []).push(`shape [${ta.dims.join(',')}] -> [${tb.dims.join(',')}]`);
    if (!changes && sameTensor(wa.bytes, ta, wb.bytes, tb) === false) changes = ['bytes'];
    if (!changes) continue;
    const entry: InitializerChange = { a: ta.name, b: tb.name, changes };
    if (changes[0] === 'bytes') entry.maxAbsDiff = maxAbsDiff(wa.bytes.modelFile, ta, wb.bytes.modelFile, tb);
    changed.push(entry);
  }
  return { changed, added: [...pairs.leftB], removed: [...pairs.leftA] };
}

function maxAbsDiff(fileA: string, ta: OnnxTensor, fileB: string, tb: OnnxTensor): number | undefined {
  const va = readTensorValues(fileA, ta)?.values;
  const vb = readTensorValues(fileB, tb)?.values;
  if (!va || !vb || va.length !== vb.length) return undefined;
  let max = 0;
  for (let i = 0; i < va.length; i++) max = Math.max(max, Math.abs(Number(va[i]) - Number(vb[i])));
  return max;
}

function typeText(v: OnnxValueInfo): string {
  return JSON.stringify(v.type ?? null);
}

function ioChanges(wa: Weights, wb: Weights, { toB, leftB }: InitializerPairs): string[] {
  // Paired initializers: A's with a counterpart, B's not left unpaired.
  const pairedA = (name: string) => {
    const entry = wa.index.tensors.get(name);
    return entry !== undefined && toB[entry.id] !== undefined;
  };
  const pairedB = (name: string) => !!wb.get(name) && !leftB.has(name);
  return [
    ...valueChanges('input', wa.graph.inputs, wb.graph.inputs, pairedA, pairedB),
    ...valueChanges('output', wa.graph.outputs, wb.graph.outputs, pairedA, pairedB),
  ];
}

function valueChanges(
  kind: string,
  a: OnnxValueInfo[],
  b: OnnxValueInfo[],
  pairedA: (name: string) => boolean,
  pairedB: (name: string) => boolean,
): string[] {
  const listA = a.filter((v) => !pairedA(v.name));
  const listB = b.filter((v) => !pairedB(v.name));
  const out: string[] = [];
  const byNameB = new Map(listB.map((v) => [v.name, v]));
  const namesA = new Set(listA.map((v) => v.name));
  for (const v of listA) {
    const other = byNameB.get(v.name);
    if (!other) out.push(`${kind} ${v.name} removed`);
    else if (typeText(v) !== typeText(other)) out.push(`${kind} ${v.name} type changed`);
  }
  for (const v of listB) if (!namesA.has(v.name)) out.push(`${kind} ${v.name} added`);
  return out;
}

function opsetChanges(a: OnnxModel, b: OnnxModel): ModelDiff['opsets'] {
  const oa = Object.fromEntries(a.opsetImports.map((o) => [o.domain || 'ai.onnx', o.version]));
  const ob = Object.fromEntries(b.opsetImports.map((o) => [o.domain || 'ai.onnx', o.version]));
  const changed = [...new Set([...Object.keys(oa), ...Object.keys(ob)])]
    .filter((d) => oa[d] !== ob[d])
    .map((d) => `${d}: ${oa[d] ?? 'none'} -> ${ob[d] ?? 'none'}`);
  return { a: oa, b: ob, changed };
}

function modelChanges(a: OnnxModel, b: OnnxModel): string[] {
  const fields: [string, unknown, unknown][] = [
    ['ir_version', a.irVersion, b.irVersion],
    [
      'producer',
      `${a.producerName ?? ''} ${a.producerVersion ?? ''}`.trim(),
      `${b.producerName ?? ''} ${b.producerVersion ?? ''}`.trim(),
    ],
  ];
  return fields.filter(([, x, y]) => x !== y).map(([name, x, y]) => `${name}: ${String(x)} -> ${String(y)}`);
}
