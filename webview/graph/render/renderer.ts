// Draws a scene and handles zoom/pan (d3-zoom). Only what is on screen is drawn: SVG (svg-layer.ts: text,
// tooltips, accessible) while the visible boxes are few, one canvas picture (canvas-layer.ts) when they are many
// (zoomed far out on a big graph), so pan and zoom stay smooth on tens of thousands of nodes. Names are hidden when
// zoomed out.
import { select, zoom, zoomIdentity, type Selection, type ZoomBehavior, type ZoomTransform } from 'd3';
import type { Scene, SceneBox } from '../../../common/graph-drawing/scene';
import { CanvasLayer, MARGIN } from './canvas-layer';
import { contains, edgeIntersects, intersects, type Rect } from './geometry';
import type { RenderHooks } from './hooks';
import { drawSvgLayer, relabelSvgEdges } from './svg-layer';

/** Above this many boxes on screen, draw on canvas instead of SVG. */
export const SVG_BOX_LIMIT = 800;
/** Below this zoom, names and edge labels are not drawn. */
const TEXT_MIN_SCALE = 0.45;
/** Margins tried in SVG mode, widest first (each area holds the next, so the filter narrows step by step). */
const SVG_MARGINS = [MARGIN, 0.25, 0.1, 0];
/**
 * A new scene's first frame draws the view alone: the margin (up to 3x as many boxes, for smooth panning) follows
 * once that frame is on screen, so Expand all on a big graph is not held up by boxes nobody sees yet.
 */
const FIRST_FRAME_MARGINS = [0];

export class GraphRenderer {
  readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly viewport: Selection<SVGGElement, unknown, null, undefined>;
  private readonly canvasLayer: CanvasLayer;
  private readonly zoomBehavior: ZoomBehavior<SVGSVGElement, unknown>;
  private scene: Scene = {
    width: 0,
    height: 0,
    boxes: [],
    edges: [],
    stats: { layouts: 0, cached: 0, largestLayout: 0, layoutMs: 0 },
  };
  private transform: ZoomTransform = zoomIdentity;
  private drawn?: Rect;
  private drawnText = true;
  /** What the SVG holds is out of date (new scene, marks, selection): the next draw rewrites all of it. */
  private stale = true;
  /** The next draw is a new scene's first frame. */
  private firstFrame = false;
  /** The SVG holds the view without its margin (a first frame): widened once that frame is drawn. */
  private narrow = false;
  private frameRequested = false;
  mode: 'svg' | 'canvas' = 'svg';
  /** The view shows what fit/fitOrTop chose, untouched since. */
  private fitted = false;
  private lastSize?: { width: number; height: number };
  /**
   * The host's size as of the last resize: reading clientWidth on every zoom event would force a layout of the
   * whole changed SVG in the middle of the wheel handler.
   */
  private hostSize?: { width: number; height: number };

  constructor(
    private readonly host: HTMLElement,
    private readonly hooks: RenderHooks,
  ) {
    this.canvasLayer = new CanvasLayer(host, this, hooks);
    this.svg = select(host).append('svg').attr('class', 'graph').attr('role', 'img').attr('aria-label', 'Model graph');
    this.svg
      .append('defs')
      .html(
        '<marker id="arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0L8,4L0,8z" class="arrow"/></marker>',
      );
    this.viewport = this.svg.append('g').attr('class', 'viewport');
    this.viewport.append('g').attr('class', 'edges');
    this.viewport.append('g').attr('class', 'boxes');
    this.zoomBehavior = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.0005, 4])
      // The SVG fills the host: its size as of the last resize, where d3 would read the SVG's and force a layout.
      .extent(() => {
        const { width, height } = this.size();
        return [
          [0, 0],
          [width, height],
        ];
      })
      .on('zoom', (event: { transform: ZoomTransform; sourceEvent: Event | null }) => {
        // The user zoomed or panned: a resize keeps their view's centre instead of fitting again.
        if (event.sourceEvent) this.fitted = false;
        this.transform = event.transform;
        this.viewport.attr('transform', String(event.transform));
        this.requestFrame();
        this.hooks.onViewChange();
      });
    this.svg.call(this.zoomBehavior).on('dblclick.zoom', null);
    this.svg.on('click.canvas', (e: MouseEvent) => this.canvasHit(e, 'click'));
    this.svg.on('dblclick.canvas', (e: MouseEvent) => this.canvasHit(e, 'dblclick'));
    new ResizeObserver(() => this.resized()).observe(host);
  }

  get currentScene(): Scene {
    return this.scene;
  }

  get view(): ZoomTransform {
    return this.transform;
  }

  /** Shows `scene`; `place` sets the view first (fit, a restored zoom), so that the scene is drawn once, there. */
  setScene(scene: Scene, place?: () => void): void {
    this.scene = scene;
    this.drawn = undefined;
    this.stale = true;
    this.firstFrame = true;
    this.canvasLayer.invalidate();
    place?.();
    this.draw();
  }

  /** Styles (theme, marks, selection) changed: redraw what is on screen. */
  redraw(): void {
    this.drawn = undefined;
    this.stale = true;
    this.canvasLayer.invalidate();
    this.draw();
  }

  /**
   * The scene's edge labels changed (late types): the drawn edges are relabelled in place. A full redraw would rewrite
   * every box too, and the types often come while the first screen is being painted. The canvas draws no labels.
   */
  relabelEdges(): void {
    if (this.mode === 'svg') relabelSvgEdges(this.viewport);
  }

  fit(): void {
    const { width, height } = this.size();
    if (this.scene.width === 0 || width === 0) return;
    this.fitted = true;
    const k = Math.min(2, 0.92 * Math.min(width / this.scene.width, height / this.scene.height));
    const t = zoomIdentity
      .translate((width - this.scene.width * k) / 2, Math.max(10, (height - this.scene.height * k) / 2))
      .scale(k);
    this.svg.call(this.zoomBehavior.transform, t);
  }

  /**
   * The first view of a graph: all of it when it fits at a readable scale, else its top at scale 1 (like a
   * document), centred on the topmost box, so names are readable at once and Fit shows the whole.
   */
  fitOrTop(): void {
    const { width, height } = this.size();
    if (this.scene.width === 0 || width === 0) return;
    this.fitted = true;
    if (0.92 * Math.min(width / this.scene.width, height / this.scene.height) >= TEXT_MIN_SCALE) {
      this.fit();
      return;
    }
    const top = this.scene.boxes.filter((b) => b.kind !== 'frame').reduce((a, b) => (b.y < a.y ? b : a));
    const t = zoomIdentity.translate(width / 2 - (top.x + top.w / 2), 20 - top.y);
    this.svg.call(this.zoomBehavior.transform, t);
  }

  /** After expand/collapse: the whole scene when it fits readably, else the box (the group's frame) in the centre. */
  keepInView(box: SceneBox | undefined): void {
    const { width, height } = this.size();
    if (this.scene.width === 0 || width === 0) return;
    const readable = 0.92 * Math.min(width / this.scene.width, height / this.scene.height) >= TEXT_MIN_SCALE;
    if (readable || !box) this.fitOrTop();
    else this.centerOn(box);
  }

  /** The host changed size (split editor, panel toggled): fit again if the view was fitted, else keep its centre. */
  private resized(): void {
    // Read here, where the layout is fresh (resize observers run right after it): cheap.
    this.hostSize = { width: this.host.clientWidth, height: this.host.clientHeight };
    const { width, height } = this.hostSize;
    const before = this.lastSize;
    if (before && before.width === width && before.height === height) return;
    this.lastSize = { width, height };
    if (this.fitted) this.fitOrTop();
    else if (before) {
      const t = this.transform;
      const moved = t.translate((width - before.width) / 2 / t.k, (height - before.height) / 2 / t.k);
      this.svg.call(this.zoomBehavior.transform, moved);
    }
    // What is drawn keeps its attributes: only the area shown changed (a full redraw rewrote every box).
    this.drawn = undefined;
    this.canvasLayer.invalidate();
    this.draw();
  }

  /** Centres a box, zooming in enough to read it. */
  centerOn(box: SceneBox): void {
    this.fitted = false;
    const { width, height } = this.size();
    const k = Math.max(this.transform.k, 0.9);
    const t = zoomIdentity
      .translate(width / 2 - (box.x + box.w / 2) * k, height / 2 - (box.y + box.h / 2) * k)
      .scale(k);
    this.svg.call(this.zoomBehavior.transform, t);
  }

  /** Puts the view back where it was (a restored zoom/pan). */
  setView(view: { x: number; y: number; k: number }): void {
    this.fitted = false;
    this.svg.call(this.zoomBehavior.transform, zoomIdentity.translate(view.x, view.y).scale(view.k));
  }

  /** Moves the view so that scene point (x, y) is centred (minimap clicks). */
  panTo(x: number, y: number): void {
    this.fitted = false;
    const { width, height } = this.size();
    const k = this.transform.k;
    this.svg.call(this.zoomBehavior.transform, zoomIdentity.translate(width / 2 - x * k, height / 2 - y * k).scale(k));
  }

  /** The visible part of the scene, in scene coordinates. */
  visibleRect(): Rect {
    const { width, height } = this.size();
    const t = this.transform;
    return { x0: -t.x / t.k, y0: -t.y / t.k, x1: (width - t.x) / t.k, y1: (height - t.y) / t.k };
  }

  size(): { width: number; height: number } {
    return this.hostSize ?? { width: this.host.clientWidth, height: this.host.clientHeight };
  }

  private requestFrame(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.draw();
    });
  }

  private draw(): void {
    const view = this.visibleRect();
    const showText = this.transform.k >= TEXT_MIN_SCALE;
    if (this.mode === 'svg' && this.drawn && showText === this.drawnText && contains(this.drawn, view)) return;
    const w = view.x1 - view.x0;
    const h = view.y1 - view.y0;
    // The widest margin whose boxes stay within the SVG limit: the wider, the fewer redraws while panning.
    // Dense views get a thin margin (the view alone at worst), the canvas when even the view is too much.
    let area = view;
    let boxes = this.scene.boxes;
    const first = this.firstFrame;
    this.firstFrame = false;
    for (const margin of first ? FIRST_FRAME_MARGINS : SVG_MARGINS) {
      area = { x0: view.x0 - w * margin, y0: view.y0 - h * margin, x1: view.x1 + w * margin, y1: view.y1 + h * margin };
      boxes = boxes.filter((b) => intersects(area, b.x, b.y, b.x + b.w, b.y + b.h));
      if (boxes.length <= SVG_BOX_LIMIT) break;
    }
    if (boxes.length > SVG_BOX_LIMIT) {
      this.setMode('canvas');
      this.canvasLayer.draw();
      return;
    }
    this.setMode('svg');
    const edges = this.scene.edges.filter((e) => edgeIntersects(area, e));
    this.svg.classed('no-text', !showText);
    drawSvgLayer(this.viewport, boxes, edges, this.hooks, this.stale);
    // Group titles stay readable when zoomed out: drawn at 11px on screen whatever the zoom (graph-elements.css).
    // Set on the frames' titles only: on the SVG it would restyle every element at each zoom step.
    if (!showText)
      this.viewport
        .selectAll('g.box.frame text.title')
        .style('--title-scale', String(Math.min(40, 1 / this.transform.k)));
    this.stale = false;
    this.drawn = area;
    this.drawnText = showText;
    this.narrow = first;
    if (first) this.widenSoon();
  }

  /** Two frames after a first frame (it is on screen then), the margin is drawn, unless a pan or zoom drew it already. */
  private widenSoon(): void {
    const scene = this.scene;
    requestAnimationFrame(() =>
      requestAnimationFrame(() =>
        setTimeout(() => {
          if (!this.narrow || scene !== this.scene || this.mode !== 'svg') return;
          this.drawn = undefined;
          this.draw();
        }),
      ),
    );
  }

  private setMode(mode: 'svg' | 'canvas'): void {
    if (mode === this.mode) return;
    this.mode = mode;
    this.canvasLayer.canvas.hidden = mode === 'svg';
    this.viewport.attr('display', mode === 'svg' ? null : 'none');
    this.host.dataset.renderMode = mode;
    this.drawn = undefined;
    if (mode === 'svg') this.canvasLayer.reset();
  }

  /** Resolves once what the view shows is completely drawn (canvas mode draws its picture over several tasks). */
  painted(): Promise<void> {
    return this.mode === 'svg' ? Promise.resolve() : this.canvasLayer.painted();
  }

  private canvasHit(e: MouseEvent, how: 'click' | 'dblclick'): void {
    if (this.mode !== 'canvas') return;
    const hit = this.canvasLayer.hit(e);
    if (hit) this.hooks.onActivate(hit, how);
  }
}
