// Last step of the layered layout: x positions. Each box wants to sit at the mean x of its neighbours in the
// layer before (down sweeps) or after (up sweeps), or both (final sweeps); a layer keeps its order and its
// minimum gaps and gets the positions closest to those wishes in the least-squares sense, solved exactly by pool
// adjacent violators. Dummy boxes (edge bends) weigh more, so long edges run straight.

export interface Spacing {
  nodesep: number;
  edgesep: number;
}

const DUMMY_WEIGHT = 4;
const SWEEPS = 6;

/**
 * Least-squares positions for one ordered layer: minimises Σ weight·(x − wish)² subject to
 * x[i+1] − x[i] ≥ gap[i]. Shifting each box by the gaps before it turns this into isotonic regression.
 */
function placeLayer(wish: Float64Array, weight: Float64Array, gap: Float64Array, x: Float64Array): void {
  const n = wish.length;
  const offset = new Float64Array(n);
  for (let i = 1; i < n; i++) offset[i] = offset[i - 1] + gap[i - 1];
  // Blocks of boxes that sit at their minimum gaps: value, weight, first box.
  const value = new Float64Array(n);
  const total = new Float64Array(n);
  const start = new Int32Array(n);
  let blocks = 0;
  for (let i = 0; i < n; i++) {
    value[blocks] = wish[i] - offset[i];
    total[blocks] = weight[i];
    start[blocks] = i;
    blocks++;
    while (blocks > 1 && value[blocks - 2] >= value[blocks - 1]) {
      const w = total[blocks - 2] + total[blocks - 1];
      value[blocks - 2] = (value[blocks - 2] * total[blocks - 2] + value[blocks - 1] * total[blocks - 1]) / w;
      total[blocks - 2] = w;
      blocks--;
    }
  }
  for (let b = 0; b < blocks; b++) {
    const end = b + 1 < blocks ? start[b + 1] : n;
    for (let i = start[b]; i < end; i++) x[i] = value[b] + offset[i];
  }
}

/** Centre x of every box. `width[v]` is 0 for dummies (`v >= real`). */
export function assignX(
  layers: number[][],
  up: number[][],
  down: number[][],
  width: number[],
  real: number,
  spacing: Spacing,
): Float64Array {
  const x = new Float64Array(width.length);
  const gapBetween = (a: number, b: number): number => {
    const sep =
      a < real && b < real
        ? spacing.nodesep
        : a >= real && b >= real
          ? spacing.edgesep
          : (spacing.nodesep + spacing.edgesep) / 2;
    return (width[a] + width[b]) / 2 + sep;
  };
  const gaps = layers.map((layer) => {
    const gap = new Float64Array(Math.max(0, layer.length - 1));
    for (let i = 0; i + 1 < layer.length; i++) gap[i] = gapBetween(layer[i], layer[i + 1]);
    return gap;
  });
  // Start packed to the left.
  layers.forEach((layer, r) => layer.forEach((v, i) => (x[v] = i === 0 ? 0 : x[layer[i - 1]] + gaps[r][i - 1])));
  const sweep = (r: number, neighbours: number[][][]): void => {
    const layer = layers[r];
    const wish = new Float64Array(layer.length);
    const weight = new Float64Array(layer.length);
    const placed = new Float64Array(layer.length);
    layer.forEach((v, i) => {
      let sum = 0;
      let count = 0;
      for (const list of neighbours) {
        for (const w of list[v]) sum += x[w];
        count += list[v].length;
      }
      wish[i] = count > 0 ? sum / count : x[v];
      weight[i] = (v >= real ? DUMMY_WEIGHT : 1) * (count > 0 ? 1 : 0.01);
    });
    placeLayer(wish, weight, gaps[r], placed);
    layer.forEach((v, i) => (x[v] = placed[i]));
  };
  for (let s = 0; s < SWEEPS; s++) {
    if (s % 2 === 0) for (let r = 1; r < layers.length; r++) sweep(r, [up]);
    else for (let r = layers.length - 2; r >= 0; r--) sweep(r, [down]);
  }
  for (let s = 0; s < 2; s++) for (let r = 0; r < layers.length; r++) sweep(r, [up, down]);
  straighten(layers, up, down, x, gaps);
  return x;
}

/** Nudges below this many pixels are made to line a box up with its neighbour: no edge is almost vertical. */
const SNAP = 40;

/**
 * Least squares leaves small slants where a box weighs two neighbours. Each box that has a single neighbour
 * above (or is the single one below it) moves under it when its row leaves room; then the same upwards.
 */
function straighten(layers: number[][], up: number[][], down: number[][], x: Float64Array, gaps: Float64Array[]): void {
  const pass = (r: number, near: number[][], far: number[][]): void => {
    const layer = layers[r];
    layer.forEach((v, i) => {
      let target: number | undefined;
      for (const u of near[v]) {
        if (near[v].length !== 1 && far[u].length !== 1) continue;
        if (target === undefined || Math.abs(x[u] - x[v]) < Math.abs(target - x[v])) target = x[u];
      }
      if (target === undefined || target === x[v] || Math.abs(target - x[v]) > SNAP) return;
      const low = i > 0 ? x[layer[i - 1]] + gaps[r][i - 1] : -Infinity;
      const high = i + 1 < layer.length ? x[layer[i + 1]] - gaps[r][i] : Infinity;
      if (target >= low && target <= high) x[v] = target;
    });
  };
  for (let r = layers.length - 2; r >= 0; r--) pass(r, down, up);
  for (let r = 1; r < layers.length; r++) pass(r, up, down);
}
