// Lays out one group's children as a layered top-to-bottom DAG (Sugiyama: layered-rank.ts, layered-order.ts,
// layered-position.ts), on plain arrays of numbered boxes: 10-50x faster than dagre on the view's layouts (bench/
// graph-layout-engines.ts). Pure: runs in the webview's Web Worker, on the main thread and in Node (CLI).
import type { GraphLayout } from '../../server/contract/graph-view';
import { assignX } from './layered-position';
import { addDummies, orderLayers } from './layered-order';
import { rankGraph } from './layered-rank';

export interface LayoutItem {
  key: string;
  width: number;
  height: number;
}

export interface LayoutRequest {
  /** Cache key chosen by the caller (group and the sizes of its expanded children). */
  id: string;
  items: LayoutItem[];
  edges: { from: string; to: string }[];
}

export interface Point {
  x: number;
  y: number;
}

/** Top-left corners in the order of the request's items, a polyline per request edge (same order). */
export type LayoutResult = GraphLayout;

const SPACING = { nodesep: 18, ranksep: 28, edgesep: 8 };

/** Where the line from a box's centre towards `p` leaves the box. */
function boxExit(cx: number, cy: number, w: number, h: number, p: Point): Point {
  const dx = p.x - cx;
  const dy = p.y - cy;
  if (dx === 0 && dy === 0) return { x: cx, y: cy + h / 2 };
  if (Math.abs(dy) * (w / 2) > Math.abs(dx) * (h / 2)) {
    const sy = dy < 0 ? -h / 2 : h / 2;
    return { x: cx + (sy * dx) / dy, y: cy + sy };
  }
  const sx = dx < 0 ? -w / 2 : w / 2;
  return { x: cx + sx, y: cy + (sx * dy) / dx };
}

export function layoutGroup(request: LayoutRequest): LayoutResult {
  const started = Date.now();
  const { items } = request;
  const n = items.length;
  const index = new Map(items.map((item, i) => [item.key, i]));
  // Edges to boxes this layout does not hold are drawn as nothing, as before.
  const known = request.edges.map((e) => index.has(e.from) && index.has(e.to));
  const from = request.edges.map((e, i) => (known[i] ? index.get(e.from)! : 0));
  const to = request.edges.map((e, i) => (known[i] ? index.get(e.to)! : 0));
  const kept = request.edges.map((_, i) => i).filter((i) => known[i]);
  const ranked = rankGraph(
    n,
    kept.map((i) => from[i]),
    kept.map((i) => to[i]),
  );
  const layerCount = n === 0 ? 0 : Math.max(...ranked.rank) + 1;
  const proper = addDummies(n, ranked.rank, ranked.from, ranked.to);
  const layers = orderLayers(proper, layerCount);
  const width = proper.rank.map((_, v) => (v < n ? items[v].width : 0));
  const cx = assignX(layers, proper.up, proper.down, width, n, SPACING);
  // Layers are as tall as their tallest box; boxes are centred in their layer.
  const rankHeight = new Array<number>(layerCount).fill(0);
  items.forEach((item, v) => (rankHeight[ranked.rank[v]] = Math.max(rankHeight[ranked.rank[v]], item.height)));
  const rankY: number[] = [];
  let top = 0;
  for (let r = 0; r < layerCount; r++) {
    rankY.push(top + rankHeight[r] / 2);
    top += rankHeight[r] + SPACING.ranksep;
  }
  let left = Infinity;
  for (let v = 0; v < proper.count; v++) left = Math.min(left, cx[v] - width[v] / 2);
  if (!Number.isFinite(left)) left = 0;
  const centre = (v: number): Point => ({ x: cx[v] - left, y: rankY[proper.rank[v]] });
  const routes = proper.chains.map((chain) => {
    const inner = chain.slice(1, -1).map(centre);
    const [u, v] = [chain[0], chain[chain.length - 1]];
    const cu = centre(u);
    const cv = centre(v);
    const start = boxExit(cu.x, cu.y, items[u].width, items[u].height, inner[0] ?? cv);
    const end = boxExit(cv.x, cv.y, items[v].width, items[v].height, inner[inner.length - 1] ?? cu);
    // A point halfway along each leg, as dagre's routes have (edge labels sit at the middle point).
    const corners = [start, ...inner, end];
    const route: Point[] = [start];
    for (let i = 1; i < corners.length; i++) {
      const [a, b] = [corners[i - 1], corners[i]];
      route.push({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }, b);
    }
    return route;
  });
  const edges: Point[][] = request.edges.map(() => []);
  kept.forEach((original, k) => {
    const laid = ranked.edgeOf[k];
    if (laid < 0) {
      // A box feeding itself: a small loop on its right side.
      const c = centre(from[original]);
      const { width: w, height: h } = items[from[original]];
      edges[original] = [
        { x: c.x + w / 2, y: c.y - h / 4 },
        { x: c.x + w / 2 + 12, y: c.y },
        { x: c.x + w / 2, y: c.y + h / 4 },
      ];
      return;
    }
    const points = routes[laid].map((p) => ({ ...p }));
    edges[original] = ranked.reversed[k] ? points.reverse() : points;
  });
  const positions = items.map((item, v) => {
    const c = centre(v);
    return { x: c.x - item.width / 2, y: c.y - item.height / 2 };
  });
  let right = 0;
  for (let v = 0; v < proper.count; v++) right = Math.max(right, cx[v] - left + width[v] / 2);
  return {
    id: request.id,
    width: right,
    height: Math.max(0, top - SPACING.ranksep),
    positions,
    edges,
    ms: Date.now() - started,
  };
}
