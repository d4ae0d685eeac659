// Draws a scene and handles zoom/pan (d3-zoom). Only what is on screen is drawn: SVG (d3 joins, text,
// tooltips, accessible) while the visible boxes are few, one canvas when they are many (zoomed far out on
// a big graph), so pan and zoom stay smooth on tens of thousands of nodes. Names are hidden when zoomed out.
// Model strings only ever reach the DOM through textContent (d3 .text()), never as markup.
import { select, zoom, zoomIdentity, type Selection, type ZoomBehavior, type ZoomTransform } from 'd3';
import type { Scene, SceneBox, SceneEdge } from '../common/graph-drawing/scene';
import type { Severity } from '../server/contract/findings';

/** Above this many boxes on screen, draw on canvas instead of SVG. */
export const SVG_BOX_LIMIT = 800;
/** Below this zoom, names and edge labels are not drawn. */
const TEXT_MIN_SCALE = 0.45;
/** Extra margin (in screen fractions) drawn around the viewport so small pans need no redraw. */
const MARGIN = 0.5;
/** Margins tried in SVG mode, widest first (each area holds the next, so the filter narrows step by step). */
const SVG_MARGINS = [MARGIN, 0.25, 0.1, 0];

export interface RenderHooks {
  /** Problems on the box that pass the current filter (none: undefined). */
  problemsOf(box: SceneBox): { severity: Severity; count: number } | undefined;
  overlayColor(box: SceneBox): string | undefined;
  isSelected(box: SceneBox): boolean;
  isMatch(box: SceneBox): boolean;
  onActivate(box: SceneBox, how: 'click' | 'dblclick'): void;
  onViewChange(): void;
}

interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Canvas mode: items drawn per slice, and the time one task may spend on slices before yielding. */
const SLICE = 800;
const SLICE_BUDGET_MS = 20;
/** A new zoom scale is drawn once the wheel has rested this long (meanwhile the old picture is stretched). */
const ZOOM_REST_MS = 120;
/** Largest side of a canvas-mode picture, in device pixels. */
const PICTURE_MAX_PX = 6000;

interface PictureJob {
  canvas: HTMLCanvasElement;
  k: number;
  area: Rect;
  step: number;
}

type Palette = {
  edge: string;
  nodeFill: string;
  groupFill: string;
  ioFill: string;
  stroke: string;
  frame: string;
  severity: Record<Severity, string>;
  selected: string;
};

export class GraphRenderer {
  readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly viewport: Selection<SVGGElement, unknown, null, undefined>;
  private readonly canvas: HTMLCanvasElement;
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
  private frameRequested = false;
  private palette?: Palette;
  private picture?: PictureJob;
  private job?: PictureJob;
  private pictureStale = false;
  private zoomRest?: ReturnType<typeof setTimeout>;
  private readonly paintedWaiters: (() => void)[] = [];
  mode: 'svg' | 'canvas' = 'svg';

  constructor(
    private readonly host: HTMLElement,
    private readonly hooks: RenderHooks,
  ) {
    // The canvas lies under the SVG: the SVG always receives the pointer (zoom, clicks), the canvas only paints.
    this.canvas = host.appendChild(document.createElement('canvas'));
    this.canvas.className = 'graph-canvas';
    this.canvas.hidden = true;
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
      .on('zoom', (event: { transform: ZoomTransform }) => {
        this.transform = event.transform;
        this.viewport.attr('transform', String(event.transform));
        this.requestFrame();
        this.hooks.onViewChange();
      });
    this.svg.call(this.zoomBehavior).on('dblclick.zoom', null);
    this.svg.on('click.canvas', (e: MouseEvent) => this.canvasHit(e, 'click'));
    this.svg.on('dblclick.canvas', (e: MouseEvent) => this.canvasHit(e, 'dblclick'));
    new ResizeObserver(() => this.redraw()).observe(host);
  }

  get currentScene(): Scene {
    return this.scene;
  }

  get view(): ZoomTransform {
    return this.transform;
  }

  setScene(scene: Scene): void {
    this.scene = scene;
    this.redraw();
  }

  /** Styles (theme, marks, selection) changed: redraw what is on screen. */
  redraw(): void {
    this.palette = undefined;
    this.drawn = undefined;
    // The old picture stays on screen until the new one is complete.
    this.pictureStale = true;
    this.job = undefined;
    this.draw();
  }

  fit(): void {
    const { width, height } = this.size();
    if (this.scene.width === 0 || width === 0) return;
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
    if (0.92 * Math.min(width / this.scene.width, height / this.scene.height) >= TEXT_MIN_SCALE) {
      this.fit();
      return;
    }
    const top = this.scene.boxes.filter((b) => b.kind !== 'frame').reduce((a, b) => (b.y < a.y ? b : a));
    const t = zoomIdentity.translate(width / 2 - (top.x + top.w / 2), 20 - top.y);
    this.svg.call(this.zoomBehavior.transform, t);
  }

  /** Centres a box, zooming in enough to read it. */
  centerOn(box: SceneBox): void {
    const { width, height } = this.size();
    const k = Math.max(this.transform.k, 0.9);
    const t = zoomIdentity
      .translate(width / 2 - (box.x + box.w / 2) * k, height / 2 - (box.y + box.h / 2) * k)
      .scale(k);
    this.svg.call(this.zoomBehavior.transform, t);
  }

  /** Puts the view back where it was (a restored zoom/pan). */
  setView(view: { x: number; y: number; k: number }): void {
    this.svg.call(this.zoomBehavior.transform, zoomIdentity.translate(view.x, view.y).scale(view.k));
  }

  /** Moves the view so that scene point (x, y) is centred (minimap clicks). */
  panTo(x: number, y: number): void {
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

  private size(): { width: number; height: number } {
    return { width: this.host.clientWidth, height: this.host.clientHeight };
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
    for (const margin of SVG_MARGINS) {
      area = { x0: view.x0 - w * margin, y0: view.y0 - h * margin, x1: view.x1 + w * margin, y1: view.y1 + h * margin };
      boxes = boxes.filter((b) => intersects(area, b.x, b.y, b.x + b.w, b.y + b.h));
      if (boxes.length <= SVG_BOX_LIMIT) break;
    }
    if (boxes.length > SVG_BOX_LIMIT) {
      this.setMode('canvas');
      this.drawCanvas(view);
      return;
    }
    this.setMode('svg');
    const edges = this.scene.edges.filter((e) => edgeIntersects(area, e));
    this.drawSvg(boxes, edges, showText);
    this.drawn = area;
    this.drawnText = showText;
  }

  private setMode(mode: 'svg' | 'canvas'): void {
    if (mode === this.mode) return;
    this.mode = mode;
    this.canvas.hidden = mode === 'svg';
    this.viewport.attr('display', mode === 'svg' ? null : 'none');
    this.host.dataset.renderMode = mode;
    this.drawn = undefined;
    if (mode === 'svg') {
      this.picture = undefined;
      this.job = undefined;
      for (const resolve of this.paintedWaiters.splice(0)) resolve();
    }
  }

  private drawSvg(boxes: SceneBox[], edges: SceneEdge[], showText: boolean): void {
    this.svg.classed('no-text', !showText);
    this.viewport
      .select<SVGGElement>('g.edges')
      .selectAll<SVGGElement, SceneEdge>('g.edge')
      .data(edges, (e) => `${e.from}>${e.to}@${e.points[0]?.x},${e.points[0]?.y}`)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'edge');
        g.append('path').attr('marker-end', 'url(#arrow)');
        g.append('title');
        g.append('text').attr('class', 'edge-label');
        return g;
      })
      .call((g) => {
        g.select('path').attr('d', (e) =>
          e.points.length ? 'M' + e.points.map((p) => `${p.x},${p.y}`).join('L') : '',
        );
        g.select('title').text((e) => e.label);
        g.select('text')
          .attr('x', (e) => (e.points[Math.floor(e.points.length / 2)]?.x ?? 0) + 4)
          .attr('y', (e) => e.points[Math.floor(e.points.length / 2)]?.y ?? 0)
          .text((e) => (showText ? clip(e.label, 36) : ''));
      });

    this.viewport
      .select<SVGGElement>('g.boxes')
      .selectAll<SVGGElement, SceneBox>('g.box')
      .data(boxes, (b) => b.key)
      .join((enter) => {
        const g = enter.append('g');
        g.append('rect');
        g.append('text').attr('class', 'title');
        g.append('text').attr('class', 'subtitle');
        g.append('title');
        g.append('circle').attr('class', 'badge').attr('r', 8);
        g.append('text').attr('class', 'badge-count');
        g.on('click', (event: MouseEvent, b) => {
          event.stopPropagation();
          this.hooks.onActivate(b, 'click');
        });
        g.on('dblclick', (event: MouseEvent, b) => {
          event.stopPropagation();
          this.hooks.onActivate(b, 'dblclick');
        });
        return g;
      })
      .attr('class', (b) => `box ${b.kind}${b.nodeKind && b.nodeKind !== 'op' ? ' io' : ''}`)
      .attr('data-key', (b) => b.key)
      .attr('data-severity', (b) => this.hooks.problemsOf(b)?.severity ?? null)
      .attr('data-selected', (b) => (this.hooks.isSelected(b) ? 'true' : null))
      .attr('data-match', (b) => (this.hooks.isMatch(b) ? 'true' : null))
      .attr('data-problems', (b) => (this.hooks.problemsOf(b) ? String(this.hooks.problemsOf(b)!.count) : null))
      .call((g) => {
        g.select('rect')
          .attr('x', (b) => b.x)
          .attr('y', (b) => b.y)
          .attr('width', (b) => b.w)
          .attr('height', (b) => b.h)
          .attr('rx', (b) => (b.kind === 'frame' ? 6 : 4))
          .style('fill', (b) => this.hooks.overlayColor(b) ?? null);
        g.select('text.title')
          .attr('x', (b) => (b.kind === 'frame' ? b.x + 8 : b.x + b.w / 2))
          .attr('y', (b) => b.y + (b.kind === 'frame' ? 15 : 14))
          .text((b) => clip(b.title, 36));
        g.select('text.subtitle')
          .attr('x', (b) => b.x + b.w / 2)
          .attr('y', (b) => b.y + (b.kind === 'group' ? 32 : 27))
          .text((b) =>
            b.kind === 'frame'
              ? ''
              : b.kind === 'group'
                ? groupSubtitle(b)
                : clip(b.subtitle.split('/').pop() ?? '', 40),
          );
        g.select('title').text((b) =>
          b.kind === 'node' ? `${b.title} — ${b.subtitle}` : `${b.title} (${groupSubtitle(b)})`,
        );
        g.select('circle.badge')
          .attr('cx', (b) => b.x + b.w)
          .attr('cy', (b) => b.y)
          .attr('display', (b) => (this.hooks.problemsOf(b) ? null : 'none'));
        g.select('text.badge-count')
          .attr('x', (b) => b.x + b.w)
          .attr('y', (b) => b.y + 3.5)
          .text((b) => badgeText(this.hooks.problemsOf(b)?.count));
      });
  }

  private readPalette(): Palette {
    const css = getComputedStyle(this.host);
    const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
    return {
      edge: v('--graph-edge', '#888'),
      nodeFill: v('--graph-node-fill', '#f3f3f3'),
      groupFill: v('--graph-group-fill', '#e8eef7'),
      ioFill: v('--graph-io-fill', '#dff0d8'),
      stroke: v('--graph-node-stroke', '#888'),
      frame: v('--graph-frame-stroke', '#aaa'),
      selected: v('--graph-selected', '#0066cc'),
      severity: {
        error: v('--graph-error', '#e51400'),
        warning: v('--graph-warning', '#bf8803'),
        info: v('--graph-info', '#1a85ff'),
      },
    };
  }

  // Canvas mode keeps a picture: the scene around the view drawn once at one zoom scale into an offscreen
  // canvas. Panning only copies it (a millisecond); a new scale or leaving the drawn area starts a new picture,
  // drawn in slices over several frames so that no task gets long, while the old one is shown stretched.

  private drawCanvas(view: Rect): void {
    const { width, height } = this.size();
    const dpr = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(width * dpr) || this.canvas.height !== Math.round(height * dpr)) {
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(height * dpr);
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
    }
    this.blit();
    const k = this.transform.k;
    const target = this.job ?? this.picture;
    if (this.pictureStale || !target || target.k !== k || !contains(target.area, view)) {
      const zooming = target !== undefined && target.k !== k && !this.pictureStale;
      clearTimeout(this.zoomRest);
      this.job = undefined;
      const start = (): void => {
        this.zoomRest = undefined;
        this.pictureStale = false;
        const v = this.visibleRect();
        const w = v.x1 - v.x0;
        const h = v.y1 - v.y0;
        this.startPicture(
          this.transform.k,
          { x0: v.x0 - w * MARGIN, y0: v.y0 - h * MARGIN, x1: v.x1 + w * MARGIN, y1: v.y1 + h * MARGIN },
          dpr,
        );
      };
      this.zoomRest = undefined;
      if (zooming) this.zoomRest = setTimeout(start, ZOOM_REST_MS);
      else start();
    }
  }

  /** Copies the current picture onto the visible canvas under the current transform. */
  private blit(): void {
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const picture = this.picture;
    if (!picture) return;
    const t = this.transform;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr * t.k, 0, 0, dpr * t.k, dpr * t.x, dpr * t.y);
    const a = picture.area;
    ctx.drawImage(picture.canvas, a.x0, a.y0, a.x1 - a.x0, a.y1 - a.y0);
  }

  private startPicture(k: number, area: Rect, dpr: number): void {
    const canvas = document.createElement('canvas');
    // Bounded so a huge viewport or a high dpr cannot ask for an enormous bitmap.
    const scale = Math.min(dpr * k, PICTURE_MAX_PX / Math.max(area.x1 - area.x0, area.y1 - area.y0));
    canvas.width = Math.max(1, Math.ceil((area.x1 - area.x0) * scale));
    canvas.height = Math.max(1, Math.ceil((area.y1 - area.y0) * scale));
    const ctx = canvas.getContext('2d')!;
    ctx.setTransform(scale, 0, 0, scale, -area.x0 * scale, -area.y0 * scale);
    const p = (this.palette ??= this.readPalette());
    const edges = this.scene.edges.filter((e) => e.points.length >= 2 && edgeIntersects(area, e));
    const boxes = this.scene.boxes.filter((b) => intersects(area, b.x, b.y, b.x + b.w, b.y + b.h));
    const job: PictureJob = { canvas, k, area, step: 0 };
    this.job = job;
    const lineWidth = 1 / k;
    // Slices: edges, then boxes (one path per fill colour), then the marks on top.
    const slices: (() => void)[] = [];
    for (let i = 0; i < edges.length; i += SLICE) {
      slices.push(() => {
        ctx.lineWidth = lineWidth;
        ctx.strokeStyle = p.edge;
        ctx.beginPath();
        for (const e of edges.slice(i, i + SLICE)) {
          ctx.moveTo(e.points[0].x, e.points[0].y);
          for (let j = 1; j < e.points.length; j++) ctx.lineTo(e.points[j].x, e.points[j].y);
        }
        ctx.stroke();
      });
    }
    const marked: SceneBox[] = [];
    for (let i = 0; i < boxes.length; i += SLICE) {
      slices.push(() => {
        const byFill = new Map<string, SceneBox[]>();
        const frames: SceneBox[] = [];
        for (const b of boxes.slice(i, i + SLICE)) {
          if (b.kind === 'frame') {
            frames.push(b);
            continue;
          }
          const fill =
            this.hooks.overlayColor(b) ??
            (b.kind === 'group' ? p.groupFill : b.nodeKind === 'op' ? p.nodeFill : p.ioFill);
          const list = byFill.get(fill);
          if (list) list.push(b);
          else byFill.set(fill, [b]);
          if (this.hooks.problemsOf(b) || this.hooks.isSelected(b)) marked.push(b);
        }
        ctx.lineWidth = lineWidth;
        ctx.strokeStyle = p.frame;
        ctx.beginPath();
        for (const b of frames) ctx.rect(b.x, b.y, b.w, b.h);
        ctx.stroke();
        for (const [fill, list] of byFill) {
          ctx.fillStyle = fill;
          ctx.beginPath();
          for (const b of list) ctx.rect(b.x, b.y, b.w, b.h);
          ctx.fill();
        }
      });
    }
    // Marks are drawn at a minimum screen size so problems stay findable when zoomed far out.
    slices.push(() => {
      for (const b of marked) {
        const sev = this.hooks.problemsOf(b)?.severity;
        ctx.strokeStyle = this.hooks.isSelected(b) ? p.selected : p.severity[sev!];
        ctx.lineWidth = 3 / k;
        ctx.strokeRect(b.x, b.y, b.w, b.h);
        if (sev) {
          ctx.fillStyle = p.severity[sev];
          ctx.beginPath();
          ctx.arc(b.x + b.w, b.y, Math.max(8, 4 / k), 0, Math.PI * 2);
          ctx.fill();
        }
      }
    });
    const run = (): void => {
      if (this.job !== job) return; // superseded by a newer picture
      const started = performance.now();
      while (job.step < slices.length && performance.now() - started < SLICE_BUDGET_MS) {
        slices[job.step++]();
        // Chromium records canvas drawing and rasterizes it later, all at once; reading a pixel makes each slice
        // rasterize now, inside its own short task.
        ctx.getImageData(0, 0, 1, 1);
      }
      if (job.step < slices.length) {
        setTimeout(run, 0);
        return;
      }
      this.job = undefined;
      this.picture = job;
      this.blit();
      for (const resolve of this.paintedWaiters.splice(0)) resolve();
    };
    setTimeout(run, 0);
  }

  /** Resolves once what the view shows is completely drawn (canvas mode draws its picture over several tasks). */
  painted(): Promise<void> {
    if (this.mode === 'svg' || (!this.job && this.zoomRest === undefined)) return Promise.resolve();
    return new Promise((resolve) => this.paintedWaiters.push(resolve));
  }

  private canvasHit(e: MouseEvent, how: 'click' | 'dblclick'): void {
    if (this.mode !== 'canvas') return;
    const r = this.canvas.getBoundingClientRect();
    const [x, y] = this.transform.invert([e.clientX - r.left, e.clientY - r.top]);
    const hit = [...this.scene.boxes]
      .reverse()
      .find((b) => b.kind !== 'frame' && x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h);
    if (hit) this.hooks.onActivate(hit, how);
  }
}

function badgeText(count: number | undefined): string {
  if (!count) return '';
  return count > 99 ? '99+' : String(count);
}

function groupSubtitle(b: SceneBox): string {
  return b.problemCount > 0 ? `${b.subtitle} · ${b.problemCount} problems` : b.subtitle;
}

function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

function intersects(r: Rect, x0: number, y0: number, x1: number, y1: number): boolean {
  return x1 >= r.x0 && x0 <= r.x1 && y1 >= r.y0 && y0 <= r.y1;
}

function contains(outer: Rect, inner: Rect): boolean {
  return inner.x0 >= outer.x0 && inner.y0 >= outer.y0 && inner.x1 <= outer.x1 && inner.y1 <= outer.y1;
}

function edgeIntersects(r: Rect, e: SceneEdge): boolean {
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
