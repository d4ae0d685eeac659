// Pairs the nodes of two graphs, in passes from the most to the least certain: same name, same structure
// on the same weights, same structure on differently valued weights, then same op fed by already
// matched producers. Each pair records the pass that made it.
import type { OnnxGraph } from '../onnx/model';

export type MatchMethod = 'name' | 'structure+weights' | 'structure' | 'topology';

export interface NodeMatch {
  a: number;
  b: number;
  method: MatchMethod;
}

export interface SignatureSets {
  strict: [string[], string[]];
  loose: [string[], string[]];
}

export function matchNodes(a: OnnxGraph, b: OnnxGraph, signatures: SignatureSets): NodeMatch[] {
  const matches: NodeMatch[] = [];
  const aToB = new Map<number, number>();
  const bTaken = new Set<number>();
  const pair = (ai: number, bi: number, method: MatchMethod) => {
    aToB.set(ai, bi);
    bTaken.add(bi);
    matches.push({ a: ai, b: bi, method });
  };

  const bByName = new Map<string, number>();
  b.nodes.forEach((n, i) => n.name && !bByName.has(n.name) && bByName.set(n.name, i));
  a.nodes.forEach((n, ai) => {
    const bi = n.name ? bByName.get(n.name) : undefined;
    if (bi !== undefined && !bTaken.has(bi)) pair(ai, bi, 'name');
  });

  const bySignature = (method: MatchMethod, [sa, sb]: [string[], string[]]) => {
    const free = new Map<string, number[]>();
    sb.forEach((s, bi) => {
      if (bTaken.has(bi)) return;
      const list = free.get(s);
      if (list) list.push(bi);
      else free.set(s, [bi]);
    });
    sa.forEach((s, ai) => {
      if (aToB.has(ai)) return;
      const bi = free.get(s)?.shift();
      if (bi !== undefined) pair(ai, bi, method);
    });
  };
  bySignature('structure+weights', signatures.strict);
  bySignature('structure', signatures.loose);

  // Topology: an unmatched node whose inputs come from matched producers pairs with the unmatched node of the
  // same op that reads the matched counterparts; repeated until nothing new pairs, so chains of edits resolve.
  const consumers = (graph: OnnxGraph) => {
    const byOutput = new Map<string, number>();
    graph.nodes.forEach((n, i) => n.outputs.forEach((o) => o && byOutput.set(o, i)));
    return graph.nodes.map((n) => n.inputs.map((input) => byOutput.get(input)));
  };
  const producersA = consumers(a);
  const producersB = consumers(b);
  const bByProducerKey = new Map<string, number[]>();
  const producerKey = (op: string, producers: (number | undefined)[]) => `${op}|${producers.join(',')}`;
  for (let progress = true; progress;) {
    progress = false;
    bByProducerKey.clear();
    b.nodes.forEach((n, bi) => {
      if (bTaken.has(bi) || producersB[bi].every((p) => p === undefined)) return;
      const key = producerKey(n.opType, producersB[bi]);
      bByProducerKey.set(key, [...(bByProducerKey.get(key) ?? []), bi]);
    });
    a.nodes.forEach((n, ai) => {
      if (aToB.has(ai)) return;
      const mapped = producersA[ai].map((p) => (p === undefined ? undefined : aToB.get(p)));
      if (
        mapped.every((p) => p === undefined) ||
        mapped.some((p, i) => p === undefined && producersA[ai][i] !== undefined)
      )
        return;
      const bi = bByProducerKey.get(producerKey(n.opType, mapped))?.shift();
      if (bi === undefined || bTaken.has(bi)) return;
      pair(ai, bi, 'topology');
      progress = true;
    });
  }
  return matches.sort((x, y) => x.a - y.a);
}
