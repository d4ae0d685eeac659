// The side panel and the minimap can be closed, and start closed where they would crowd the graph (a narrow split
// editor): the panel is a sibling of the graph, never over it, and the minimap floats over the graph only where
// there is room. Once the user toggles one, their choice stands.
const NARROW_PANEL_PX = 720;
const SMALL_GRAPH_PX = { width: 560, height: 360 };

export class LayoutToggles {
  private panelChosen = false;
  private minimapChosen = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly graph: HTMLElement,
    private readonly panel: { el: HTMLElement; button: HTMLElement },
    private readonly minimap: { el: HTMLElement; button: HTMLElement },
  ) {
    new ResizeObserver(() => this.fitToSize()).observe(root);
    this.fitToSize();
  }

  togglePanel(): void {
    this.panelChosen = true;
    this.set(this.panel, this.panel.el.hidden);
  }

  toggleMinimap(): void {
    this.minimapChosen = true;
    this.set(this.minimap, this.minimap.el.hidden);
  }

  private fitToSize(): void {
    if (!this.panelChosen) this.set(this.panel, this.root.clientWidth >= NARROW_PANEL_PX);
    const roomy = this.graph.clientWidth >= SMALL_GRAPH_PX.width && this.graph.clientHeight >= SMALL_GRAPH_PX.height;
    if (!this.minimapChosen) this.set(this.minimap, roomy);
  }

  private set(part: { el: HTMLElement; button: HTMLElement }, shown: boolean): void {
    part.el.hidden = !shown;
    part.button.setAttribute('aria-pressed', String(shown));
  }
}
