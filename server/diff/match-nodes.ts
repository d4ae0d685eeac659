// Pairs the nodes of two graphs, in passes from the most to the least certain: same name, same structure
// on the same weights, same structure on differently valued weights, then same op fed by already
// matched producers. Each pair records the pass that made it.
import type { MatchMethod } from '../contract/model-diff';
import type { OnnxGraph } from '../onnx/model';
import { graphIndex } from '../rules/support/graph-index';

export interface NodeMatch {
  a: number;
  b: number;
  method: MatchMethod;
}

/**
 * Signatures of the still unmatched nodes of one side (0 = a, 1 = b), strict (same weights) or loose; `anchor`
 * gives matched nodes one token shared by both sides.
 */
export type SignaturesOf = (
  side: 0 | 1,
  strict: boolean,
  anchor: (index: number) => string | undefined,
  wanted: number[],
) => Map<number, number>;

export function matchNodes(a: OnnxGraph, b: OnnxGraph, signaturesOf: SignaturesOf): NodeMatch[] {
  const matches: NodeMatch[] = [];
  // Node index -> counterpart + 1 (0: unmatched); typed arrays, as every pass walks all nodes.
  const aToB = new Int32Array(a.nodes.length);
  const bTaken = new Uint8Array(b.nodes.length);
  const pair = (ai: number, bi: number, method: MatchMethod) => {
    aToB[ai] = bi + 1;
    bTaken[bi] = 1;
    matches.push({ a: ai, b: bi, method });
  };
  const unmatched = (taken: ArrayLike<number>) => {
    const free: number[] = [];
    for (let i = 0; i < taken.length; i++) if (!taken[i]) free.push(i);
    return free;
  };

  // B's first node of each name, from the index the rules share (analyzing B then indexes nothing again).
  const bByName = graphIndex(b).nodeByName;
  for (let ai = 0; ai < a.nodes.length; ai++) {
    const name = a.nodes[ai].name;
    const bi = name ? bByName.get(name) : undefined;
    if (bi !== undefined && !bTaken[bi]) pair(ai, bi, 'name');
  }

  const bySignature = (method: MatchMethod, strict: boolean) => {
    const freeA = unmatched(aToB);
    const freeB = unmatched(bTaken);
    if (!freeA.length || !freeB.length) return;
    const anchorA = (ai: number) => (aToB[ai] ? `=${aToB[ai] - 1}` : undefined);
    const anchorB = (bi: number) => (bTaken[bi] ? `=${bi}` : undefined);
    const sa = signaturesOf(0, strict, anchorA, freeA);
    const sb = signaturesOf(1, strict, anchorB, freeB);
    const free = new Map<number, number[]>();
    for (const bi of freeB) {
      const s = sb.get(bi)!;
      const list = free.get(s);
      if (list) list.push(bi);
      else free.set(s, [bi]);
    }
    // Lists are consumed from the front; an index per list instead of shift() keeps a long list linear.
    const used = new Map<number, number>();
    for (const ai of freeA) {
      const s = sa.get(ai)!;
      const list = free.get(s);
      const at = used.get(s) ?? 0;
      if (!list || at >= list.length) continue;
      used.set(s, at + 1);
      pair(ai, list[at], method);
    }
  };
  bySignature('structure+weights', true);
  bySignature('structure', false);

  // Topology: an unmatched node whose inputs come from matched producers pairs with the unmatched node of the
  // same op that reads the matched counterparts; repeated until nothing new pairs, so chains of edits resolve.
  // Only the nodes still unmatched are looked at: after the first passes they are few.
  let freeA = unmatched(aToB);
  const freeB = unmatched(bTaken);
  if (!freeA.length || !freeB.length) return matches.sort((x, y) => x.a - y.a);
  // Each input's producer, through the index's node slots (no name lookup per input).
  const producerIndices = (graph: OnnxGraph, free: number[]) => {
    const { inputStart, slotEntries } = graphIndex(graph);
    return new Map(free.map((i) => [i, graph.nodes[i].inputs.map((_, k) => slotEntries[inputStart[i] + k]?.producer)]));
  };
  const producersA = producerIndices(a, freeA);
  const producersB = producerIndices(b, freeB);
  const producerKey = (op: string, producers: (number | undefined)[]) => `${op}|${producers.join(',')}`;
  const bByProducerKey = new Map<string, number[]>();
  for (const bi of freeB) {
    const producers = producersB.get(bi)!;
    if (producers.every((p) => p === undefined)) continue;
    const key = producerKey(b.nodes[bi].opType, producers);
    const list = bByProducerKey.get(key);
    if (list) list.push(bi);
    else bByProducerKey.set(key, [bi]);
  }
  for (let progress = true; progress;) {
    progress = false;
    for (const ai of freeA) {
      const producers = producersA.get(ai)!;
      const mapped = producers.map((p) => (p === undefined || !aToB[p] ? undefined : aToB[p] - 1));
      if (mapped.every((p) => p === undefined) || mapped.some((p, i) => p === undefined && producers[i] !== undefined))
        continue;
      const candidates = bByProducerKey.get(producerKey(a.nodes[ai].opType, mapped));
      const bi = candidates?.find((c) => !bTaken[c]);
      if (bi === undefined) continue;
      pair(ai, bi, 'topology');
      progress = true;
    }
    freeA = freeA.filter((i) => !aToB[i]);
  }
  return matches.sort((x, y) => x.a - y.a);
}
