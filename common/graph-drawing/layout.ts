// Lays out one group's children as a layered top-to-bottom DAG with dagre (chosen over elkjs by the
// measurements in ARCHITECTURE.md "Graph view"). Pure: runs in the webview's Web Worker and in Node (CLI).
import dagre from '@dagrejs/dagre';

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

export interface LayoutResult {
  id: string;
  width: number;
  height: number;
  /** Top-left corners, in the order of the request's items. */
  positions: Point[];
  /** Polyline per request edge (same order). */
  edges: Point[][];
  ms: number;
}

const SPACING = { rankdir: 'TB', nodesep: 18, ranksep: 28, edgesep: 8, marginx: 0, marginy: 0 };

export function layoutGroup(request: LayoutRequest): LayoutResult {
  const started = Date.now();
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ ...SPACING });
  g.setDefaultEdgeLabel(() => ({}));
  for (const item of request.items) g.setNode(item.key, { width: item.width, height: item.height });
  request.edges.forEach((e, i) => {
    if (g.hasNode(e.from) && g.hasNode(e.to)) g.setEdge(e.from, e.to, {}, `e${i}`);
  });
  dagre.layout(g);
  const positions = request.items.map((item) => {
    const n = g.node(item.key);
    return { x: n.x - item.width / 2, y: n.y - item.height / 2 };
  });
  const edges = request.edges.map((e, i) => {
    const label = g.edge({ v: e.from, w: e.to, name: `e${i}` }) as { points?: Point[] } | undefined;
    return (label?.points ?? []).map((p) => ({ x: p.x, y: p.y }));
  });
  let width = 0;
  let height = 0;
  request.items.forEach((item, i) => {
    width = Math.max(width, positions[i].x + item.width);
    height = Math.max(height, positions[i].y + item.height);
  });
  return { id: request.id, width, height, positions, edges, ms: Date.now() - started };
}
