// The diff of two ONNX models: matched, added, removed and changed nodes (with how each match was made),
// changed initializers, graph inputs/outputs, opset/IR/producer changes. Names are as in each file.
import type { OnnxGraph, OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo } from '../onnx/model';
import { readTensorValues } from '../onnx/tensor-values';
import {
  attributeTexts,
  nodeSignatures,
  opAndAttributesKey,
  producersOf,
  sameWrittenAttributes,
  type AttributeTexts,
  type Producer,
} from './signatures';
import type { InitializerChange, ModelDiff, NodeChange } from '../contract/model-diff';
import { matchNodes, type NodeMatch } from './match-nodes';
import { graphIndex } from '../rules/support/graph-index';
import { ModelBytes, sameDims, sameTensor } from '../onnx/tensor-bytes';

export type { ModelDiff } from '../contract/model-diff';

const EMPTY_GRAPH: OnnxGraph = {
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

/** One model's initializers by name, read through its `ModelBytes`. */
class Weights {
  readonly byName: Map<string, OnnxTensor>;
  constructor(
    readonly bytes: ModelBytes,
    graph: OnnxGraph,
  ) {
    // A loop, not new Map(initializers.map(...)): no pair array per initializer (a large model has tens of thousands).
    this.byName = new Map();
    for (const t of graph.initializers) this.byName.set(t.name, t);
  }
  key = (name: string, strict: boolean): string | undefined => {
    const tensor = this.byName.get(name);
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
  for (const m of matches) {
    aToB[m.a] = m.b + 1;
    matchedB[m.b] = 1;
    matchedBy[m.method]++;
  }
  const initPairs = pairInitializers(ga, gb, wa, wb, aToB);
  const changed: NodeChange[] = [];
  const sides: Sides = {
    ga,
    gb,
    sourceA: producersOf(ga),
    sourceB: producersOf(gb),
    inputsA: new Map(ga.inputs.map((v, i) => [v.name, i])),
    inputsB: new Map(gb.inputs.map((v, i) => [v.name, i])),
  };
  for (const m of matches) {
    const changes = nodeChanges(sides, m, aToB, initPairs, attrA, attrB);
    if (changes.length)
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
    initializers: initializerChanges(wa, wb, initPairs),
    io: { changed: ioChanges(ga, gb, initPairs) },
    opsets: opsetChanges(a, b),
    model: { changed: modelChanges(a, b) },
  };
  return { diff, pairs: matches };
}

/** Initializer pairs: by name, then by the input slot they fill in matched nodes (in A's node order). */
function pairInitializers(
  ga: OnnxGraph,
  gb: OnnxGraph,
  wa: Weights,
  wb: Weights,
  aToB: Int32Array,
): Map<string, string> {
  const pairs = new Map<string, string>();
  const leftB = new Set<string>();
  for (const name of wa.byName.keys()) if (wb.byName.has(name)) pairs.set(name, name);
  // Most initializers pair by name; the slot pass looks only for the few left on both sides.
  if (pairs.size === wa.byName.size || pairs.size === wb.byName.size) return pairs;
  const leftA = new Set([...wa.byName.keys()].filter((name) => !pairs.has(name)));
  for (const name of wb.byName.keys()) if (!wa.byName.has(name)) leftB.add(name);
  // Only matched nodes that read an initializer left over can pair one: found through A's index (which the rules
  // share), not by looking up every input of every matched node.
  const tensors = graphIndex(ga).tensors;
  const readers = new Set<number>();
  for (const name of leftA) for (const a of tensors.get(name)?.consumers ?? []) if (aToB[a]) readers.add(a);
  // An initializer without a name would pair with empty optional inputs, which the index does not list: every node.
  if (leftA.has('')) for (let a = 0; a < aToB.length; a++) if (aToB[a]) readers.add(a);
  for (const a of [...readers].sort((x, y) => x - y)) {
    const inputsA = ga.nodes[a].inputs;
    const inputsB = gb.nodes[aToB[a] - 1].inputs;
    for (let i = 0; i < inputsA.length; i++) {
      const input = inputsA[i];
      const other = inputsB[i];
      if (leftA.has(input) && other !== undefined && leftB.has(other)) {
        pairs.set(input, other);
        leftA.delete(input);
        leftB.delete(other);
      }
    }
  }
  return pairs;
}

/** Both graphs with their tensor producers and graph input positions, computed once per diff. */
interface Sides {
  ga: OnnxGraph;
  gb: OnnxGraph;
  sourceA: Map<string, Producer>;
  sourceB: Map<string, Producer>;
  inputsA: Map<string, number>;
  inputsB: Map<string, number>;
}

function nodeChanges(
  { ga, gb, sourceA, sourceB, inputsA, inputsB }: Sides,
  m: NodeMatch,
  aToB: Int32Array,
  initPairs: Map<string, string>,
  attrA: Attributes,
  attrB: Attributes,
): string[] {
  const na = ga.nodes[m.a];
  const nb = gb.nodes[m.b];
  const changes: string[] = [];
  if (na.opType !== nb.opType || na.domain !== nb.domain)
    changes.push(
      `op ${na.domain ? na.domain + '::' : ''}${na.opType} -> ${nb.domain ? nb.domain + '::' : ''}${nb.opType}`,
    );
  if (!sameWrittenAttributes(na, nb, attrA.hash, attrB.hash)) {
    const attrsA = attrA.texts(na);
    const attrsB = attrB.texts(nb);
    for (const [name, value] of attrsA) {
      if (!attrsB.has(name)) changes.push(`attribute ${name} removed (was ${value})`);
      else if (attrsB.get(name) !== value) changes.push(`attribute ${name}: ${value} -> ${attrsB.get(name)}`);
    }
    for (const [name, value] of attrsB) if (!attrsA.has(name)) changes.push(`attribute ${name} added (${value})`);
  }
  for (let i = 0; i < Math.max(na.inputs.length, nb.inputs.length); i++) {
    const ia = na.inputs[i] ?? '';
    const ib = nb.inputs[i] ?? '';
    if (!ia && !ib) continue;
    if (!ia || !ib) {
      changes.push(`input ${i} ${ia ? `removed (was ${ia})` : `added (${ib})`}`);
      continue;
    }
    const pa = sourceA.get(ia);
    const pb = sourceB.get(ib);
    let same: boolean;
    if (pa && pb) same = aToB[pa.index] === pb.index + 1 && pa.output === pb.output;
    else if (initPairs.has(ia)) same = initPairs.get(ia) === ib;
    else same = !pa && !pb && inputsA.has(ia) && inputsA.get(ia) === inputsB.get(ib);
    if (!same) changes.push(`input ${i}: ${ia} -> ${ib} (different source)`);
  }
  return changes;
}

function initializerChanges(wa: Weights, wb: Weights, pairs: Map<string, string>): ModelDiff['initializers'] {
  const changed: InitializerChange[] = [];
  for (const [nameA, nameB] of pairs) {
    const ta = wa.byName.get(nameA)!;
    const tb = wb.byName.get(nameB)!;
    const changes: string[] = [];
    if (ta.elemType !== tb.elemType) changes.push(`dtype ${ta.elemType} -> ${tb.elemType}`);
    if (!sameDims(ta.dims, tb.dims)) changes.push(`shape [${ta.dims.join(',')}] -> [${tb.dims.join(',')}]`);
    if (!changes.length && sameTensor(wa.bytes, ta, wb.bytes, tb) === false) changes.push('bytes');
    if (!changes.length) continue;
    const entry: InitializerChange = { a: nameA, b: nameB, changes };
    if (changes[0] === 'bytes') entry.maxAbsDiff = maxAbsDiff(wa.bytes.modelFile, ta, wb.bytes.modelFile, tb);
    changed.push(entry);
  }
  const pairedB = new Set(pairs.values());
  return {
    changed,
    added: [...wb.byName.keys()].filter((n) => !pairedB.has(n)),
    removed: [...wa.byName.keys()].filter((n) => !pairs.has(n)),
  };
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

function ioChanges(ga: OnnxGraph, gb: OnnxGraph, initPairs: Map<string, string>): string[] {
  const initB = new Set(initPairs.values());
  return [
    ...valueChanges('input', ga.inputs, gb.inputs, initPairs, initB),
    ...valueChanges('output', ga.outputs, gb.outputs, initPairs, initB),
  ];
}

function valueChanges(
  kind: string,
  a: OnnxValueInfo[],
  b: OnnxValueInfo[],
  initPairs: Map<string, string>,
  initB: Set<string>,
): string[] {
  const listA = a.filter((v) => !initPairs.has(v.name));
  const listB = b.filter((v) => !initB.has(v.name));
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
