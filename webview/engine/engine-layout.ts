// Lays out an engine's layers one segment at a time, so the view paints the first screen without laying out all of a
// 2,000-layer engine. Engine order is a topological order; a segment ends after layer j where every edge crossing to
// later layers leaves j (between two residual blocks, say), so each segment's layered layout (common/graph-drawing)
// stands alone. The next segment lays out a small proxy box for j at its top, so j's edges route inside it, and sits
// under j. Segments are laid out on demand (the screen first, the rest in idle time); the whole also costs less than
// one layout of everything, whose crossing minimisation grows faster than the layer count.
import { layoutGroup, type Point } from '../../common/graph-drawing/layout';

export interface LayerEdge {
  from: number;
  to: number;
}

export interface PlacedEdge extends LayerEdge {
  points: Point[];
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Segments hold at least this many layers (a cut after every layer of a chain would lose the layout's sense). */
const SEGMENT_MIN = 40;
const PROXY = 2;
const RANK_GAP = 28;

/** Segments [start, end] (inclusive): cut after j only where no edge but j's own crosses it. */
export function segmentLayers(count: number, edges: LayerEdge[], minimum = SEGMENT_MIN): [number, number][] {
  // blocked[j] > 0: some edge not leaving j crosses the cut after j (difference array over the cuts it spans).
  const blocked = new Int32Array(count + 1);
  for (const { from, to } of edges) {
    const [first, last] = from < to ? [from + 1, to - 1] : [to, from - 1];
    if (first > last) continue;
    blocked[first]++;
    blocked[last + 1]--;
  }
  const segments: [number, number][] = [];
  let start = 0;
  let open = 0;
  for (let j = 0; j < count; j++) {
    open += blocked[j];
    if (j === count - 1 || (open === 0 && j - start + 1 >= minimum)) {
      segments.push([start, j]);
      start = j + 1;
    }
  }
  return segments;
}

export class EngineLayout {
  /** Top-left corners; NaN until the layer's segment is laid out. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly edges: PlacedEdge[] = [];
  /** Bounds of what is laid out so far. */
  left = 0;
  right = 0;
  bottom = 0;
  /** Layers [0, placed) are laid out. */
  placed = 0;
  private readonly segments: [number, number][];
  private next = 0;
  private readonly edgesInto: LayerEdge[][];

  constructor(
    count: number,
    edges: LayerEdge[],
    readonly box: { width: number; height: number },
  ) {
    this.x = new Float64Array(count).fill(NaN);
    this.y = new Float64Array(count).fill(NaN);
    this.segments = segmentLayers(count, edges);
    this.edgesInto = this.segments.map(() => []);
    const segmentOf = new Int32Array(count);
    this.segments.forEach(([s, e], k) => segmentOf.fill(k, s, e + 1));
    // Each edge belongs to the segment of its later end (the cut rule keeps its other end there or one before it).
    for (const edge of edges) this.edgesInto[segmentOf[Math.max(edge.from, edge.to)]].push(edge);
  }

  get done(): boolean {
    return this.next >= this.segments.length;
  }

  /** Lays out segments until layer `index` is placed (or all are). */
  ensureLayer(index: number): void {
    while (!this.done && this.placed <= index) this.step();
  }

  /** Lays out segments until the layout reaches `y` (or all are). */
  ensureHeight(y: number): void {
    while (!this.done && this.bottom < y) this.step();
  }

  /** Lays out the next segment; false when there is none. */
  step(): boolean {
    if (this.done) return false;
    const [start, end] = this.segments[this.next];
    const before = start - 1;
    const inside = this.edgesInto[this.next++];
    const key = (i: number) => (i === before ? 'proxy' : String(i));
    const items = [];
    for (let i = start; i <= end; i++) items.push({ key: String(i), ...this.box });
    const fromBefore = inside.some((e) => e.from === before || e.to === before);
    if (fromBefore) items.push({ key: 'proxy', width: PROXY, height: PROXY });
    const laid = layoutGroup({
      id: `segment ${start}`,
      items,
      edges: inside.map((e) => ({ from: key(e.from), to: key(e.to) })),
    });
    const real = laid.positions.slice(0, end - start + 1);
    const top = Math.min(...real.map((p) => p.y));
    const proxy = fromBefore ? laid.positions[items.length - 1] : undefined;
    const dx = proxy ? this.x[before] + this.box.width / 2 - (proxy.x + PROXY / 2) : 0;
    const gap = start === 0 ? 0 : RANK_GAP;
    const dy = Math.max(proxy ? this.bottom - proxy.y : -Infinity, this.bottom + gap - top);
    real.forEach((p, k) => {
      this.x[start + k] = p.x + dx;
      this.y[start + k] = p.y + dy;
      this.left = Math.min(this.left, p.x + dx);
      this.right = Math.max(this.right, p.x + dx + this.box.width);
      this.bottom = Math.max(this.bottom, p.y + dy + this.box.height);
    });
    inside.forEach((edge, k) => {
      const points = laid.edges[k].map((p) => ({ x: p.x + dx, y: p.y + dy }));
      // An edge from the proxy starts at the bottom of the layer it stands for.
      if (edge.from === before)
        points.unshift({ x: this.x[before] + this.box.width / 2, y: this.y[before] + this.box.height });
      if (points.length > 0) this.edges.push({ ...edge, points, ...bounds(points) });
    });
    this.placed = end + 1;
    return true;
  }
}

function bounds(points: Point[]): { top: number; bottom: number; left: number; right: number } {
  let [top, bottom, left, right] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const p of points) {
    top = Math.min(top, p.y);
    bottom = Math.max(bottom, p.y);
    left = Math.min(left, p.x);
    right = Math.max(right, p.x);
  }
  return { top, bottom, left, right };
}
