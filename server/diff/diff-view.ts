// The diff as the graph view draws it over model B: each added, removed and changed node as a list entry, the
// removed nodes of A as ghosts wired to the B tensors that correspond to their inputs, and the nodes of B that read
// each changed initializer.
import {
  GHOST_TENSOR_SUFFIX,
  type DiffEntry,
  type FindingChanges,
  type GhostNode,
  type ModelDiffView,
} from '../contract/model-diff';
import type { Finding } from '../findings';
import type { OnnxModel } from '../onnx/model';
import { diffWithPairs, EMPTY_GRAPH } from './diff-models';
import { findingChanges } from './finding-changes';
import { attributeValue, producerOf } from './signatures';

export function modelDiffView(a: OnnxModel, b: OnnxModel, findingsA: Finding[], findingsB: Finding[]): ModelDiffView {
  const { diff, pairs } = diffWithPairs(a, b);
  const ga = a.graph ?? EMPTY_GRAPH;
  const gb = b.graph ?? EMPTY_GRAPH;
  const aToB = new Map(pairs.map((p) => [p.a, p.b]));
  const bToA = new Map(pairs.map((p) => [p.b, p.a]));
  const findings: FindingChanges = findingChanges(findingsA, findingsB, diff.matches);

  const ghosts: GhostNode[] = [];
  const entries: DiffEntry[] = [];
  const inputsB = new Set(gb.inputs.map((v) => v.name));
  const inputsA = new Set(ga.inputs.map((v) => v.name));
  // A tensor of A as B's graph names it: the matched producer's output, the same graph input, else kept apart.
  const inB = (tensor: string): string => {
    if (!tensor) return tensor;
    const producer = producerOf(ga, tensor);
    const pb = producer && aToB.get(producer.index);
    if (producer && pb !== undefined) return gb.nodes[pb].outputs[producer.output] || tensor + GHOST_TENSOR_SUFFIX;
    if (!producer && inputsA.has(tensor) && inputsB.has(tensor)) return tensor;
    return tensor + GHOST_TENSOR_SUFFIX;
  };
  ga.nodes.forEach((node, i) => {
    if (aToB.has(i)) return;
    entries.push({
      status: 'removed',
      index: ghosts.length,
      name: node.name,
      op: node.opType,
      changes: node.attributes.map((attr) => `attribute ${attr.name} = ${attributeValue(attr, () => undefined)}`),
    });
    ghosts.push({
      name: node.name,
      op: node.opType,
      domain: node.domain,
      inputs: node.inputs.map(inB),
      outputs: node.outputs.map((t) => (t ? t + GHOST_TENSOR_SUFFIX : t)),
    });
  });

  const changedAt = new Map<number, (typeof diff.changed)[number]>();
  let next = 0;
  // diff.changed follows the pair order; pairs with changes are the ones whose names come up in that order.
  for (const p of pairs) {
    const c = diff.changed[next];
    if (c && c.a === ga.nodes[p.a].name && c.b === gb.nodes[p.b].name) {
      changedAt.set(p.b, c);
      next++;
    }
  }
  gb.nodes.forEach((node, i) => {
    const c = changedAt.get(i);
    if (c) {
      const was = ga.nodes[bToA.get(i)!].name;
      entries.push({
        status: 'changed',
        index: i,
        name: node.name,
        op: node.opType,
        ...(was !== node.name ? { was } : {}),
        matchedBy: c.matchedBy,
        changes: c.changes,
      });
    } else if (!bToA.has(i)) entries.push({ status: 'added', index: i, name: node.name, op: node.opType, changes: [] });
  });
  // In B's file order; a removed node right after the B node that feeds it (else at the end).
  const ghostAt = ghosts.map((g) => {
    const fed = g.inputs.map((t) => producerOf(gb, t)?.index ?? -1).filter((i) => i >= 0);
    return fed.length ? Math.max(...fed) + 0.5 : gb.nodes.length + 1;
  });
  const order = (e: DiffEntry) => (e.status === 'removed' ? ghostAt[e.index] : e.index);
  entries.sort((x, y) => order(x) - order(y));

  const readersOf = (tensor: string) => gb.nodes.flatMap((node, i) => (node.inputs.includes(tensor) ? [i] : []));
  const weights = diff.initializers.changed.map((change) => ({ change, readers: readersOf(change.b) }));
  return { diff, findings, ghosts, entries, weights, pairs: pairs.map((p): [number, number] => [p.a, p.b]) };
}
