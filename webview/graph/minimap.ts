// A small overview of the whole scene with the visible area outlined; click or drag to move there.
import type { Severity } from '../../server/contract/findings';
import type { Scene, SceneBox } from '../../common/graph-drawing/scene';
import { readPalette } from './render/palette';

const WIDTH = 200;
const HEIGHT = 140;

export class Minimap {
  readonly canvas: HTMLCanvasElement;
  private background?: ImageData;
  private scale = 1;
  private offset = { x: 0, y: 0 };
  /** The theme's colours, read once per theme. */
  private colors?: { box: string; severity: Record<Severity, string>; view: string };

  constructor(private readonly panTo: (x: number, y: number) => void) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'minimap';
    this.canvas.width = WIDTH;
    this.canvas.height = HEIGHT;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'Minimap of the graph');
    const move = (e: MouseEvent): void => {
      const r = this.canvas.getBoundingClientRect();
      this.panTo((e.clientX - r.left - this.offset.x) / this.scale, (e.clientY - r.top - this.offset.y) / this.scale);
    };
    this.canvas.addEventListener('mousedown', (e) => {
      move(e);
      const drag = (m: MouseEvent): void => move(m);
      window.addEventListener('mousemove', drag);
      window.addEventListener('mouseup', () => window.removeEventListener('mousemove', drag), { once: true });
    });
  }

  /**
   * Reads the theme's colours from `themed` unless known (`themeChanged` forgets them). Called before a new scene is
   * put in the DOM: a computed-style read after it forces a style pass over all of it, and one per zoom event would
   * force one each time.
   */
  readColors(themed: Element): void {
    if (this.colors) return;
    const { edge, severity, selected } = readPalette(themed);
    this.colors = { box: edge, severity, view: selected };
  }

  themeChanged(): void {
    this.colors = undefined;
  }

  /** Boxes in the theme's box colour, those with problems in their severity's (`markOf`: the view's filtered marks). */
  setScene(scene: Scene, themed: Element, markOf: (b: SceneBox) => { severity: Severity } | undefined): void {
    this.readColors(themed);
    const colors = this.colors!;
    const ctx = this.canvas.getContext('2d')!;
    this.scale = Math.min(WIDTH / Math.max(1, scene.width), HEIGHT / Math.max(1, scene.height));
    this.offset = { x: (WIDTH - scene.width * this.scale) / 2, y: (HEIGHT - scene.height * this.scale) / 2 };
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    // Marked boxes last, so that problems stay visible over their neighbours.
    const boxes = scene.boxes.filter((b) => b.kind !== 'frame');
    const marked = boxes.filter((b) => markOf(b));
    for (const b of [...boxes.filter((b) => !markOf(b)), ...marked]) {
      const mark = markOf(b);
      ctx.fillStyle = mark ? colors.severity[mark.severity] : colors.box;
      ctx.fillRect(
        this.offset.x + b.x * this.scale,
        this.offset.y + b.y * this.scale,
        Math.max(1, b.w * this.scale),
        Math.max(1, b.h * this.scale),
      );
    }
    this.background = ctx.getImageData(0, 0, WIDTH, HEIGHT);
  }

  showView(view: { x0: number; y0: number; x1: number; y1: number }): void {
    const ctx = this.canvas.getContext('2d')!;
    if (this.background) ctx.putImageData(this.background, 0, 0);
    ctx.strokeStyle = this.colors?.view ?? '#0066cc';
    ctx.lineWidth = 1.5;
    ctx.strokeRect(
      this.offset.x + view.x0 * this.scale,
      this.offset.y + view.y0 * this.scale,
      (view.x1 - view.x0) * this.scale,
      (view.y1 - view.y0) * this.scale,
    );
  }
}
