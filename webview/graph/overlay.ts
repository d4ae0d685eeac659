// An overlay colours nodes by a value (numeric: a time share, as a ramp; category: a precision, as a palette),
// with a legend. The numeric ramp spans 0 to the largest value, so on thousands of nodes the hottest still stand out.
import { interpolateRgb, schemeTableau10 } from 'd3';
import type { SceneBox } from '../../common/graph-drawing/scene';
import type { GraphOverlay } from '../../server/contract/graph-view';
import { span } from '../shared/dom';

const RAMP = interpolateRgb('#fff5eb', '#d94801');

export class OverlayState {
  overlay: GraphOverlay | null = null;
  on = true;
  private max = 1;

  set(overlay: GraphOverlay | null): void {
    this.overlay = overlay;
    let max = 0;
    if (overlay?.kind === 'numeric')
      for (const v of Object.values(overlay.values)) if (Number(v) > max) max = Number(v);
    this.max = max > 0 ? Math.min(1, max) : 1;
  }

  color(b: SceneBox): string | undefined {
    if (!this.overlay || !this.on || b.kind !== 'node') return undefined;
    const value = this.overlay.values[b.subtitle];
    if (value === undefined) return undefined;
    if (this.overlay.kind === 'numeric') return RAMP(Math.max(0, Math.min(1, Number(value) / this.max)));
    return schemeTableau10[this.categories().indexOf(String(value)) % schemeTableau10.length];
  }

  /** Fills `legend` (hidden while there is no overlay or it is switched off). */
  renderLegend(legend: HTMLElement): void {
    const overlay = this.overlay;
    legend.hidden = !overlay || !this.on;
    if (!overlay) return;
    const items: HTMLElement[] = [span(overlay.title, 'legend-title')];
    if (overlay.kind === 'numeric') {
      const max = this.max;
      for (const v of [0, 0.25, 0.5, 0.75, 1])
        items.push(swatch(RAMP(v), `${(v * max * 100).toFixed(max < 0.1 ? 1 : 0)}%`));
    } else {
      this.categories().forEach((c, i) => items.push(swatch(schemeTableau10[i % schemeTableau10.length], c)));
    }
    legend.replaceChildren(...items);
  }

  private categories(): string[] {
    return [...new Set(Object.values(this.overlay?.values ?? {}).map(String))].sort();
  }
}

function swatch(color: string, text: string): HTMLElement {
  const item = span('', 'legend-item');
  const box = span('', 'legend-swatch');
  box.style.background = color;
  item.append(box, document.createTextNode(text));
  return item;
}
