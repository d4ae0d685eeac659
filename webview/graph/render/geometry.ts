// Rectangles in scene coordinates, for choosing what is on screen.
import type { SceneEdge } from '../../../common/graph-drawing/scene';

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function intersects(r: Rect, x0: number, y0: number, x1: number, y1: number): boolean {
  return x1 >= r.x0 && x0 <= r.x1 && y1 >= r.y0 && y0 <= r.y1;
}

export function contains(outer: Rect, inner: Rect): boolean {
  return inner.x0 >= outer.x0 && inner.y0 >= outer.y0 && inner.x1 <= outer.x1 && inner.y1 <= outer.y1;
}

export function edgeIntersects(r: Rect, e: SceneEdge): boolean {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const p of e.points) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  return intersects(r, x0, y0, x1, y1);
}
