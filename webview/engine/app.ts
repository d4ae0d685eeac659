// The engine view: one TensorRT engine's layers as a top-to-bottom graph (edges follow the tensors between layers,
// laid out a segment at a time by engine-layout.ts, drawn near the window only by layer-canvas.ts), each box with the
// layer type, precision, formats and tactic; reformat layers dashed, Myelin regions marked, the time share as a heat
// overlay. The first screen's layers come with the report; the view asks for the rest a slice at a time once it has
// painted (server/engine/engine-show.ts). Selecting a layer
// shows its details and offers "Reveal in ONNX graph"; the host can select the layers of an ONNX node ("reveal in
// engine").
import type { EngineLayer } from '../../server/contract/engine';
import type { EngineHostMessage, EngineShow, EngineViewMessage } from '../../server/contract/engine-view';
import { div, el, span } from '../shared/dom';
import { EngineLayout, type LayerEdge } from './engine-layout';
import { LayerCanvas } from './layer-canvas';
import { BOX, clip, layerBox, layerDetails } from './layer-parts';

export class EngineApp {
  private shown?: EngineShow;
  private layers: EngineLayer[] = [];
  private canvas?: LayerCanvas;
  private details = div('details');
  private selected: number[] = [];
  /** A selection asked for before its layers arrived: made once they have. */
  private pending?: { indices: number[]; what?: string };
  /** Built right before the view asks for its report: the open time counts from here. */
  private readonly askedAt = performance.now();

  constructor(
    private readonly root: HTMLElement,
    private readonly post: (message: EngineViewMessage) => void,
  ) {}

  receive(message: EngineHostMessage): void {
    if (message.type === 'engine/show') this.show(message);
    else if (message.type === 'engine/layers') this.more(message.start, message.layers);
    else if (message.type === 'engine/select')
      this.select(message.layers, `layers built from ONNX node "${message.node}"`);
    else this.status(message.message);
  }

  private status(text: string): void {
    let line = this.root.querySelector<HTMLElement>('.status');
    if (!line) this.root.prepend((line = div('status')));
    line.textContent = text;
  }

  private show(shown: EngineShow): void {
    const shownAt = performance.now();
    const { report } = shown;
    this.shown = shown;
    this.layers = shown.layers.slice();
    this.selected = [];
    this.pending = undefined;
    this.root.replaceChildren();
    const header = el('header');
    header.append(el('h1', shown.title));
    const version = report.tensorrtVersion ? `TensorRT ${report.tensorrtVersion}` : 'TensorRT version not stated';
    header.append(span(`${shown.layerCount} layers · ${version}`, 'meta'));
    const legend = div('legend');
    for (const [kind, label] of [
      ['reformat', 'reformat'],
      ['myelin', 'Myelin region'],
      ['plugin', 'plugin'],
      ['heat', 'time share'],
    ])
      legend.append(span(label, `key key-${kind}`));
    header.append(legend);
    this.root.append(header);
    if (report.findings.length > 0) {
      const list = el('ul', undefined, 'findings');
      for (const f of report.findings)
        list.append(el('li', `${f.severity} ${f.ruleId}: ${f.message}`, `finding ${f.severity}`));
      this.root.append(list);
    }
    const edges: LayerEdge[] = [];
    for (let k = 0; k + 1 < shown.edges.length; k += 2) edges.push({ from: shown.edges[k], to: shown.edges[k + 1] });
    const canvas = new LayerCanvas(
      new EngineLayout(shown.layerCount, edges, BOX),
      (i) => this.layerBox(i),
      this.root.dataset,
    );
    this.canvas = canvas;
    const body = div('body');
    body.append(canvas.element, this.details);
    this.root.append(body);
    this.details.replaceChildren(el('p', 'Select a layer to see its formats, tactic and ONNX nodes.', 'hint'));
    this.root.dataset.layersReceived = String(this.layers.length);
    canvas.paint();
    this.reportPaint(shownAt);
  }

  /** The next slice of layers: drawn where they are near the window; a waiting selection is made once all came. */
  private more(start: number, layers: EngineLayer[]): void {
    if (!this.shown || start !== this.layers.length) return;
    this.layers.push(...layers);
    this.root.dataset.layersReceived = String(this.layers.length);
    this.canvas?.paint();
    this.askForMore();
    const pending = this.pending;
    if (pending && pending.indices.every((i) => i < this.layers.length)) {
      this.pending = undefined;
      this.select(pending.indices, pending.what);
    }
  }

  private askForMore(): void {
    if (this.shown && this.layers.length < this.shown.layerCount)
      this.post({ type: 'engine/moreLayers', start: this.layers.length });
  }

  /** On #engine's data-*, for the tests and the benchmark: two frames after the DOM update the browser has drawn it. */
  private reportPaint(shownAt: number): void {
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        const data = this.root.dataset;
        if (data.firstPaintMs !== undefined) return;
        data.firstPaintMs = String(Math.round(performance.now() - shownAt));
        data.openMs = String(Math.round(performance.now() - this.askedAt));
        this.askForMore();
      }),
    );
  }

  private layerBox(i: number): SVGGElement | undefined {
    const layer = this.layers[i];
    if (!layer) return undefined;
    const box = layerBox(layer, i, this.shown?.maxPercentage ?? null, () => this.select([i]));
    if (this.selected.includes(i)) box.classList.add('selected');
    return box;
  }

  /** `what` heads the details when the selection was asked for from outside (the layers of an ONNX node). */
  private select(indices: number[], what?: string): void {
    const { shown, canvas } = this;
    if (!shown || !canvas) return;
    const valid = indices.filter((i) => Number.isInteger(i) && i >= 0 && i < shown.layerCount);
    if (valid.some((i) => i >= this.layers.length)) {
      this.pending = { indices: valid, what };
      return;
    }
    for (const i of this.selected) canvas.box(i)?.classList.remove('selected');
    this.selected = valid;
    for (const i of this.selected) canvas.box(i)?.classList.add('selected');
    if (this.selected.length > 0) canvas.scrollTo(this.selected[0]);
    this.details.replaceChildren(...(what ? [el('h2', clip(what, 80))] : []));
    for (const i of this.selected)
      this.details.append(layerDetails(this.layers[i], () => this.post({ type: 'engine/revealInOnnx', layer: i })));
  }
}
