// First steps of the layered layout: break cycles (a depth-first search reverses its back edges) and give every
// box a rank (layer). Ranks are longest paths from the sources, then boxes that feed more edges than they take are
// pulled down next to their first consumer (a weight or a constant sits just above the node that reads it).
// Boxes and edges are numbered: edge i goes from `from[i]` to `to[i]`.

export interface RankedGraph {
  /** Layer of each box, 0 at the top. */
  rank: number[];
  /** Edges as laid out (back edges reversed), without self loops or duplicates. */
  from: number[];
  to: number[];
  /** Per input edge: its index in from/to (-1: a self loop), and whether it was reversed. */
  edgeOf: number[];
  reversed: boolean[];
}

/** Indices of the back edges of a depth-first search started from each box in order (iterative: deep chains). */
function backEdges(n: number, out: number[][], outEdge: number[][]): Set<number> {
  const state = new Uint8Array(n); // 0 new, 1 on the stack, 2 done
  const back = new Set<number>();
  const stack: number[] = [];
  const next: number[] = new Array<number>(n).fill(0);
  for (let start = 0; start < n; start++) {
    if (state[start] !== 0) continue;
    state[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const v = stack[stack.length - 1];
      if (next[v] < out[v].length) {
        const k = next[v]++;
        const w = out[v][k];
        if (state[w] === 1) back.add(outEdge[v][k]);
        else if (state[w] === 0) {
          state[w] = 1;
          stack.push(w);
        }
      } else {
        state[v] = 2;
        stack.pop();
      }
    }
  }
  return back;
}

export function rankGraph(n: number, edgeFrom: number[], edgeTo: number[]): RankedGraph {
  const out: number[][] = Array.from({ length: n }, () => []);
  const outEdge: number[][] = Array.from({ length: n }, () => []);
  edgeFrom.forEach((u, i) => {
    if (u === edgeTo[i]) return;
    out[u].push(edgeTo[i]);
    outEdge[u].push(i);
  });
  const back = backEdges(n, out, outEdge);
  const from: number[] = [];
  const to: number[] = [];
  const pairs = new Map<number, number>();
  const edgeOf: number[] = [];
  const reversed: boolean[] = [];
  edgeFrom.forEach((f, i) => {
    const t = edgeTo[i];
    const flip = back.has(i);
    reversed.push(flip);
    if (f === t) {
      edgeOf.push(-1);
      return;
    }
    const [u, v] = flip ? [t, f] : [f, t];
    const key = u * n + v;
    let index = pairs.get(key);
    if (index === undefined) {
      index = from.length;
      pairs.set(key, index);
      from.push(u);
      to.push(v);
    }
    edgeOf.push(index);
  });

  const succ: number[][] = Array.from({ length: n }, () => []);
  const pred: number[][] = Array.from({ length: n }, () => []);
  from.forEach((u, i) => {
    succ[u].push(to[i]);
    pred[to[i]].push(u);
  });
  // Kahn's order (the graph is acyclic now), longest path from the sources.
  const indegree = pred.map((p) => p.length);
  const order: number[] = [];
  for (let v = 0; v < n; v++) if (indegree[v] === 0) order.push(v);
  for (let i = 0; i < order.length; i++) {
    for (const w of succ[order[i]]) if (--indegree[w] === 0) order.push(w);
  }
  const rank = new Array<number>(n).fill(0);
  for (const v of order) for (const w of succ[v]) rank[w] = Math.max(rank[w], rank[v] + 1);
  // Moving a box down one layer shortens its outgoing edges and lengthens its incoming ones: worth it while it
  // has more outgoing edges, and possible until it sits right above its first consumer.
  for (let i = order.length - 1; i >= 0; i--) {
    const v = order[i];
    if (succ[v].length === 0 || succ[v].length <= pred[v].length) continue;
    let lowest = Infinity;
    for (const w of succ[v]) lowest = Math.min(lowest, rank[w] - 1);
    if (lowest > rank[v]) rank[v] = lowest;
  }
  return { rank, from, to, edgeOf, reversed };
}
