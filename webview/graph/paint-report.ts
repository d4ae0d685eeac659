// What the view reports on its root element's data-* attributes, read by the browser tests and the benchmark:
// busy while laying out, what the scene holds, and when it is on screen (first paint after a skeleton and after
// asking for the graph, last render).
import type { Scene } from '../../common/graph-drawing/scene';

export class PaintReport {
  private openedAt = 0;
  private startedAt = 0;
  private firstDone = false;
  /** The inferred types came before the first paint: they are drawn with it. */
  private shapesWithFirst = false;
  private readyAt?: number;
  /** When the view last asked for its graph (kept after the first paint, for `data-shapes-ms`). */
  private askedAt = 0;

  constructor(private readonly data: DOMStringMap) {}

  /** The view asked the host for its graph: `data-open-ms` will say how long until the first paint. */
  readySent(): void {
    this.readyAt = this.askedAt = performance.now();
  }

  /** Every group's contents and the expanded view's layouts are ready: `data-prefetched-ms` since asking for the graph. */
  prepared(): void {
    this.data.prefetchedMs = String(Math.round(performance.now() - this.askedAt));
  }

  /**
   * Inferred types came after the contents: `data-shapes-ms` (from asking for the graph) once they are drawn, which is
   * with the first paint when they came before it.
   */
  shapesShown(painted: Promise<void>): void {
    if (!this.firstDone) {
      this.shapesWithFirst = true;
      return;
    }
    drawn(painted, () => this.shapesDrawn());
  }

  private shapesDrawn(): void {
    this.data.shapesMs = String(Math.round(performance.now() - this.askedAt));
  }

  /** A skeleton arrived: the next paint is its first. */
  opened(): void {
    this.openedAt = performance.now();
    this.firstDone = false;
  }

  started(): void {
    this.startedAt = performance.now();
    this.data.busy = 'true';
  }

  shown(scene: Scene, renderMode: string): { nodes: number; groups: number } {
    const nodes = scene.boxes.filter((b) => b.kind === 'node').length;
    const groups = scene.boxes.filter((b) => b.kind === 'group').length;
    Object.assign(this.data, {
      sceneNodes: String(nodes),
      sceneGroups: String(groups),
      renderMode,
      largestLayout: String(scene.stats.largestLayout),
    });
    return { nodes, groups };
  }

  /**
   * "Painted" = two frames after the DOM update or the canvas picture is complete, when the browser has drawn it;
   * `then` learns whether that was the skeleton's first paint.
   */
  whenPainted(painted: Promise<void>, seq: number, then: (first: boolean) => void): void {
    drawn(painted, () => {
      const first = !this.firstDone;
      if (first) {
        this.firstDone = true;
        this.data.firstPaintMs = String(Math.round(performance.now() - this.openedAt));
        // From asking for the graph to seeing it: the host's skeleton and the transfers included.
        if (this.readyAt !== undefined) this.data.openMs = String(Math.round(performance.now() - this.readyAt));
        this.readyAt = undefined;
        if (this.shapesWithFirst) this.shapesDrawn();
        this.shapesWithFirst = false;
      }
      this.data.lastRenderMs = String(Math.round(performance.now() - this.startedAt));
      delete this.data.busy;
      this.data.ready = 'true';
      this.data.renderSeq = String(seq);
      then(first);
    });
  }
}

/** Runs `then` two frames after the DOM update or canvas picture `painted` settles for: the browser has drawn it. */
function drawn(painted: Promise<void>, then: () => void): void {
  void painted.then(() => requestAnimationFrame(() => requestAnimationFrame(then)));
}
