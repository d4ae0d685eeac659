// A small overview of the whole scene with the visible area outlined; click or drag to move there.
import type { Severity } from '../../server/contract/findings';
import type { Scene, SceneBox } from '../../common/graph-drawing/scene';

const WIDTH = 200;
const HEIGHT = 140;

export class Minimap {
  readonly canvas: HTMLCanvasElement;
  private background?: ImageData;
  private scale = 1;
  private offset = { x: 0, y: 0 };
  private viewColor = '#0066cc';

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

  /** Boxes in `box` colour, those with problems in their severity's colour (`markOf`: the view's filtered marks). */
  setScene(
    scene: Scene,
    colors: { box: string; severity: Record<Severity, string>; view: string },
    markOf: (b: SceneBox) => { severity: Severity } | undefined,
  ): void {
    // The outline colour is read with the scene (and so on theme changes) only: a computed-style read per zoom
    // event would force a style recalculation.
    this.viewColor = colors.view;
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
    ctx.strokeStyle = this.viewColor;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(
      this.offset.x + view.x0 * this.scale,
      this.offset.y + view.y0 * this.scale,
      (view.x1 - view.x0) * this.scale,
      (view.y1 - view.y0) * this.scale,
    );
  }
}
