// The canvas back end, for views with too many boxes for SVG. It keeps a picture: the scene around the view drawn
// once at one zoom scale into an offscreen canvas. Panning only copies it (a millisecond); a new scale or leaving
// the drawn area starts a new picture, drawn in slices over several frames so that no task gets long, while the
// old one is shown stretched.
import type { ZoomTransform } from 'd3';
import type { Scene, SceneBox } from '../../../common/graph-drawing/scene';
import { contains, edgeIntersects, intersects, type Rect } from './geometry';
import type { RenderHooks } from './hooks';
import { readPalette, type Palette } from './palette';

/** Extra margin (in screen fractions) drawn around the viewport so small pans need no redraw. */
export const MARGIN = 0.5;
/**
 * The picture's margin: smaller, as every picture pixel is rasterized and cleared (a 0.5 margin made pictures of
 * four screens, whose raster held up wheel steps on a loaded machine).
 */
const PICTURE_MARGIN = 0.25;
/** Items drawn per slice, and the time one task may spend on slices before yielding. */
const SLICE = 300;
const SLICE_BUDGET_MS = 20;
/** A new zoom scale is drawn once the wheel has rested this long (meanwhile the old picture is stretched). */
const ZOOM_REST_MS = 120;
/** Largest side of a picture, in device pixels. */
const PICTURE_MAX_PX = 6000;

interface PictureJob {
  canvas: HTMLCanvasElement;
  k: number;
  area: Rect;
  step: number;
}

/** What the layer needs from the renderer each time it draws. */
export interface CanvasView {
  readonly currentScene: Scene;
  readonly view: ZoomTransform;
  visibleRect(): Rect;
  size(): { width: number; height: number };
}

export class CanvasLayer {
  readonly canvas: HTMLCanvasElement;
  private palette?: Palette;
  private picture?: PictureJob;
  private job?: PictureJob;
  /** The canvas of the picture last replaced, reused by the next one (no new bitmap per zoom step). */
  private spare?: HTMLCanvasElement;
  private stale = false;
  private zoomRest?: ReturnType<typeof setTimeout>;
  private readonly paintedWaiters: (() => void)[] = [];

  constructor(
    host: HTMLElement,
    private readonly view: CanvasView,
    private readonly hooks: RenderHooks,
  ) {
    // The canvas lies under the SVG: the SVG always receives the pointer (zoom, clicks), the canvas only paints.
    this.canvas = host.appendChild(document.createElement('canvas'));
    this.canvas.className = 'graph-canvas';
    this.canvas.hidden = true;
  }

  /** Styles or marks changed: the next draw starts a new picture (the old one stays until it is complete). */
  invalidate(): void {
    this.palette = undefined;
    this.stale = true;
    this.job = undefined;
  }

  /** Leaving canvas mode: drop the pictures, release whoever waits for one. */
  reset(): void {
    this.picture = undefined;
    this.job = undefined;
    this.release();
  }

  draw(): void {
    const { width, height } = this.view.size();
    const dpr = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(width * dpr) || this.canvas.height !== Math.round(height * dpr)) {
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(height * dpr);
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
    }
    this.blit();
    const k = this.view.view.k;
    const target = this.job ?? this.picture;
    if (!this.stale && target && target.k === k && contains(target.area, this.view.visibleRect())) return;
    const zooming = target !== undefined && target.k !== k && !this.stale;
    clearTimeout(this.zoomRest);
    this.zoomRest = undefined;
    this.job = undefined;
    const start = (): void => {
      this.zoomRest = undefined;
      this.stale = false;
      const v = this.view.visibleRect();
      const w = v.x1 - v.x0;
      const h = v.y1 - v.y0;
      const m = PICTURE_MARGIN;
      const area = { x0: v.x0 - w * m, y0: v.y0 - h * m, x1: v.x1 + w * m, y1: v.y1 + h * m };
      this.start(this.view.view.k, area, dpr);
    };
    if (zooming) this.zoomRest = setTimeout(start, ZOOM_REST_MS);
    else start();
  }

  /** Resolves once the picture for the current view is complete. */
  painted(): Promise<void> {
    if (!this.job && this.zoomRest === undefined) return Promise.resolve();
    return new Promise((resolve) => this.paintedWaiters.push(resolve));
  }

  /** The box under a pointer event (the SVG above receives the pointer). */
  hit(e: MouseEvent): SceneBox | undefined {
    const r = this.canvas.getBoundingClientRect();
    const [x, y] = this.view.view.invert([e.clientX - r.left, e.clientY - r.top]);
    return [...this.view.currentScene.boxes]
      .reverse()
      .find((b) => b.kind !== 'frame' && x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h);
  }

  private release(): void {
    for (const resolve of this.paintedWaiters.splice(0)) resolve();
  }

  /** Copies the current picture onto the visible canvas under the current transform. */
  private blit(): void {
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const picture = this.picture;
    if (!picture) return;
    const t = this.view.view;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr * t.k, 0, 0, dpr * t.k, dpr * t.x, dpr * t.y);
    const a = picture.area;
    ctx.drawImage(picture.canvas, a.x0, a.y0, a.x1 - a.x0, a.y1 - a.y0);
  }

  private start(k: number, area: Rect, dpr: number): void {
    const canvas = this.spare ?? document.createElement('canvas');
    this.spare = undefined;
    // Bounded so a huge viewport or a high dpr cannot ask for an enormous bitmap.
    const scale = Math.min(dpr * k, PICTURE_MAX_PX / Math.max(area.x1 - area.x0, area.y1 - area.y0));
    canvas.width = Math.max(1, Math.ceil((area.x1 - area.x0) * scale));
    canvas.height = Math.max(1, Math.ceil((area.y1 - area.y0) * scale));
    const ctx = canvas.getContext('2d')!;
    ctx.setTransform(scale, 0, 0, scale, -area.x0 * scale, -area.y0 * scale);
    const job: PictureJob = { canvas, k, area, step: 0 };
    this.job = job;
    const slices = this.slices(ctx, k, area, (this.palette ??= readPalette(this.canvas)));
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
      this.spare = this.picture?.canvas;
      this.picture = job;
      this.blit();
      this.release();
    };
    setTimeout(run, 0);
  }

  /** The drawing of one picture cut in slices: edges, then boxes (one path per fill colour), then the marks. */
  private slices(ctx: CanvasRenderingContext2D, k: number, area: Rect, p: Palette): (() => void)[] {
    const scene = this.view.currentScene;
    const edges = scene.edges.filter((e) => e.points.length >= 2 && edgeIntersects(area, e));
    const boxes = scene.boxes.filter((b) => intersects(area, b.x, b.y, b.x + b.w, b.y + b.h));
    const lineWidth = 1 / k;
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
    return slices;
  }
}
