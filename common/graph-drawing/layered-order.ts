// Middle step of the layered layout: edges longer than one layer get a chain of dummy boxes (one per layer they
// cross), then the order of the boxes in each layer is chosen to reduce edge crossings: a depth-first first
// order, then barycenter sweeps down and up, keeping the order with the fewest crossings (counted exactly with an
// accumulator tree, Barth–Jünger–Mutzel). Every edge then joins adjacent layers.

export interface ProperGraph {
  /** Boxes: the real ones first (0..real-1), then the dummies. */
  count: number;
  rank: number[];
  /** Neighbours one layer up and one layer down. */
  up: number[][];
  down: number[][];
  /** Per laid-out edge: the boxes it passes through, source first and target last. */
  chains: number[][];
}

export function addDummies(real: number, rank: number[], from: number[], to: number[]): ProperGraph {
  const ranks = rank.slice();
  const up: number[][] = Array.from({ length: real }, () => []);
  const down: number[][] = Array.from({ length: real }, () => []);
  const chains = from.map((u, i) => {
    const v = to[i];
    const chain = [u];
    let previous = u;
    for (let r = rank[u] + 1; r < rank[v]; r++) {
      const dummy = ranks.length;
      ranks.push(r);
      up.push([previous]);
      down.push([]);
      down[previous].push(dummy);
      chain.push(dummy);
      previous = dummy;
    }
    down[previous].push(v);
    up[v].push(previous);
    chain.push(v);
    return chain;
  });
  return { count: ranks.length, rank: ranks, up, down, chains };
}

/** Depth-first from the top layer's boxes: connected boxes start out close together. */
function initialOrder(graph: ProperGraph, layerCount: number): number[][] {
  const layers: number[][] = Array.from({ length: layerCount }, () => []);
  const seen = new Uint8Array(graph.count);
  const starts = [...Array(graph.count).keys()].sort((a, b) => graph.rank[a] - graph.rank[b]);
  for (const start of starts) {
    if (seen[start]) continue;
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const v = stack.pop()!;
      layers[graph.rank[v]].push(v);
      const next = graph.down[v];
      for (let i = next.length - 1; i >= 0; i--) {
        if (!seen[next[i]]) {
          seen[next[i]] = 1;
          stack.push(next[i]);
        }
      }
    }
  }
  return layers;
}

/** Crossings between two adjacent layers (accumulator tree over the lower layer's positions). */
function crossingsBetween(upper: number[], position: Int32Array, down: number[][], lowerSize: number): number {
  const targets: number[] = [];
  for (const v of upper) {
    const start = targets.length;
    for (const w of down[v]) targets.push(position[w]);
    // Edges of one upper box in the order of their lower ends.
    const slice = targets.slice(start).sort((a, b) => a - b);
    for (let i = 0; i < slice.length; i++) targets[start + i] = slice[i];
  }
  // Binary tree over the lower layer's positions, root 0, leaves from firstLeaf; an edge crosses every edge seen
  // before it whose lower end is further right.
  let leaves = 1;
  while (leaves < lowerSize) leaves *= 2;
  const firstLeaf = leaves - 1;
  const tree = new Int32Array(2 * leaves - 1);
  let crossings = 0;
  for (const t of targets) {
    let index = t + firstLeaf;
    tree[index]++;
    while (index > 0) {
      if (index % 2 === 1) crossings += tree[index + 1];
      index = (index - 1) >> 1;
      tree[index]++;
    }
  }
  return crossings;
}

function countCrossings(layers: number[][], position: Int32Array, down: number[][]): number {
  let total = 0;
  for (let r = 0; r + 1 < layers.length; r++)
    total += crossingsBetween(layers[r], position, down, layers[r + 1].length);
  return total;
}

function reposition(layers: number[][], position: Int32Array): void {
  for (const layer of layers) layer.forEach((v, i) => (position[v] = i));
}

/**
 * Sorts one layer by the mean position of each box's neighbours in the layer before; boxes without any keep their
 * place (as dagre does), the others fill the remaining places in that order.
 */
function sortLayer(layer: number[], neighbours: number[][], position: Int32Array): void {
  const sortable: { v: number; key: number }[] = [];
  const fixed: (number | undefined)[] = layer.map(() => undefined);
  layer.forEach((v, i) => {
    const near = neighbours[v];
    if (near.length === 0) fixed[i] = v;
    else {
      let sum = 0;
      for (const w of near) sum += position[w];
      sortable.push({ v, key: sum / near.length });
    }
  });
  sortable.sort((a, b) => a.key - b.key || position[a.v] - position[b.v]);
  let next = 0;
  layer.forEach((_, i) => {
    layer[i] = fixed[i] ?? sortable[next++].v;
    position[layer[i]] = i;
  });
}

/** Boxes per layer, left to right. */
export function orderLayers(graph: ProperGraph, layerCount: number): number[][] {
  let layers = initialOrder(graph, layerCount);
  const position = new Int32Array(graph.count);
  reposition(layers, position);
  let best = layers.map((l) => l.slice());
  let bestCrossings = countCrossings(layers, position, graph.down);
  // Sweeps alternate down and up; stop after four without a better order (dagre's rule) or 24 in all.
  for (let sweep = 0, stale = 0; sweep < 24 && stale < 4 && bestCrossings > 0; sweep++) {
    if (sweep % 2 === 0) for (let r = 1; r < layers.length; r++) sortLayer(layers[r], graph.up, position);
    else for (let r = layers.length - 2; r >= 0; r--) sortLayer(layers[r], graph.down, position);
    const crossings = countCrossings(layers, position, graph.down);
    if (crossings < bestCrossings) {
      bestCrossings = crossings;
      best = layers.map((l) => l.slice());
      stale = 0;
    } else stale++;
  }
  layers = best;
  return layers;
}
