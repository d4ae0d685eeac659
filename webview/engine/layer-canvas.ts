// The engine graph's scrolling canvas, virtualised: only the layers and edges near the visible window are in the DOM
// (a 2,000-layer engine would be some 15,000 SVG elements), added and dropped as it scrolls. The layout grows segment
// by segment (engine-layout.ts): the screen first, the rest in idle slices, the drawing's size following.
import type { EngineLayout } from './engine-layout';

const SVG = 'http://www.w3.org/2000/svg';
const PAD = 10;
/** Drawn beyond the visible window on each side, so a scroll step rarely shows a gap. */
const MARGIN = 600;
/** An idle slice of layout work. */
const SLICE_MS = 12;

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

export class LayerCanvas {
  readonly element: HTMLDivElement;
  private readonly drawing = svg('svg', { role: 'img', 'aria-label': 'engine layers' });
  private readonly edgeLayer = svg('g', {});
  private readonly boxLayer = svg('g', {});
  /** Boxes in the DOM now, and every box built so far (kept: building is the cost, attaching is cheap). */
  private readonly boxes = new Map<number, SVGGElement>();
  private readonly built = new Map<number, SVGGElement>();
  private readonly lines = new Map<number, SVGPolylineElement>();
  private frame = 0;
  private idle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly layout: EngineLayout,
    /** Builds layer i's box (once per layer, when it first comes near the window); undefined while it has not arrived. */
    private readonly buildBox: (index: number) => SVGGElement | undefined,
    private readonly data: DOMStringMap,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'canvas';
    this.drawing.append(this.edgeLayer, this.boxLayer);
    this.element.append(this.drawing);
    this.element.addEventListener('scroll', () => this.schedule(), { passive: true });
  }

  /** The box of layer i if built (it may be out of the DOM while far from the window). */
  box(index: number): SVGGElement | undefined {
    return this.built.get(index);
  }

  /** Draws what is near the window now (laying out as far down as it reaches), then lays out the rest when idle. */
  paint(): void {
    const { scrollTop, clientHeight } = this.element;
    this.layout.ensureHeight(scrollTop + clientHeight + MARGIN);
    this.resize();
    const top = scrollTop - MARGIN - PAD;
    const bottom = scrollTop + clientHeight + MARGIN - PAD;
    const left = this.element.scrollLeft - MARGIN - PAD + this.layout.left;
    const right = this.element.scrollLeft + this.element.clientWidth + MARGIN - PAD + this.layout.left;
    const { x, y, box } = this.layout;
    const near = (i: number) => y[i] + box.height >= top && y[i] <= bottom && x[i] + box.width >= left && x[i] <= right;
    for (const [i, element] of this.boxes)
      if (!near(i)) {
        element.remove();
        this.boxes.delete(i);
      }
    for (let i = 0; i < this.layout.placed; i++) {
      if (this.boxes.has(i) || !near(i)) continue;
      let element = this.built.get(i);
      if (!element) {
        element = this.buildBox(i);
        if (!element) continue;
        element.setAttribute('transform', `translate(${x[i]} ${y[i]})`);
        this.built.set(i, element);
      }
      this.boxes.set(i, element);
      this.boxLayer.append(element);
    }
    this.layout.edges.forEach((edge, k) => {
      const visible = edge.bottom >= top && edge.top <= bottom && edge.right >= left && edge.left <= right;
      const line = this.lines.get(k);
      if (visible && !line) {
        const points = edge.points.map((p) => `${p.x},${p.y}`).join(' ');
        const drawn = svg('polyline', { points, class: 'edge' });
        this.lines.set(k, drawn);
        this.edgeLayer.append(drawn);
      } else if (!visible && line) {
        line.remove();
        this.lines.delete(k);
      }
    });
    this.data.layersPlaced = String(this.layout.placed);
    this.data.edgesPlaced = String(this.layout.edges.length);
    if (this.layout.done) this.data.layoutDone = 'true';
    else if (this.idle === undefined) this.idle = setTimeout(() => this.layOutMore(), 0);
  }

  /** Scrolls layer i to the centre of the window (laying out as far as it first). */
  scrollTo(index: number): void {
    this.layout.ensureLayer(index);
    this.resize();
    const { x, y, box } = this.layout;
    const { clientWidth, clientHeight } = this.element;
    this.element.scrollTop = y[index] + PAD + box.height / 2 - clientHeight / 2;
    this.element.scrollLeft = x[index] - this.layout.left + PAD + box.width / 2 - clientWidth / 2;
    this.paint();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.paint();
    });
  }

  /** One idle slice of layout; the new segments are drawn if they are near the window. */
  private layOutMore(): void {
    this.idle = undefined;
    const until = performance.now() + SLICE_MS;
    while (performance.now() < until && this.layout.step());
    this.paint();
  }

  private resize(): void {
    const { left, right, bottom } = this.layout;
    this.drawing.setAttribute('width', String(right - left + 2 * PAD));
    this.drawing.setAttribute('height', String(bottom + 2 * PAD));
    const shift = `translate(${PAD - left} ${PAD})`;
    this.edgeLayer.setAttribute('transform', shift);
    this.boxLayer.setAttribute('transform', shift);
  }
}
