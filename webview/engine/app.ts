// The engine view: one TensorRT engine's layers as a top-to-bottom graph (edges follow the tensors between layers,
// laid out by common/graph-drawing), each box with the layer type, precision, formats and tactic; reformat layers
// dashed, Myelin regions marked, the time share as a heat overlay. Selecting a layer shows its details and offers
// "Reveal in ONNX graph"; the host can select the layers of an ONNX node ("reveal in engine").
import type { EngineLayer, EngineReport, EngineTensor } from '../../server/contract/engine';
import type { EngineHostMessage, EngineViewMessage } from '../../server/contract/engine-view';
import { engineLayerKind } from '../../common/engine-layer-kind';
import { layoutGroup } from '../../common/graph-drawing/layout';
import { button, div, el, span } from '../shared/dom';

const SVG = 'http://www.w3.org/2000/svg';
const BOX_W = 280;
const BOX_H = 66;
const CHARS = 40;

const clip = (text: string, max = CHARS) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const tensorText = (t: EngineTensor) => [t.dataType, t.format].filter((x) => x !== null).join(' ') || '—';

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

export class EngineApp {
  private report?: EngineReport;
  private boxes: SVGGElement[] = [];
  private details = div('details');
  private selected: number[] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly post: (message: EngineViewMessage) => void,
  ) {}

  receive(message: EngineHostMessage): void {
    if (message.type === 'engine/show') this.show(message.title, message.report);
    else if (message.type === 'engine/select')
      this.select(message.layers, `layers built from ONNX node "${message.node}"`);
    else this.status(message.message);
  }

  private status(text: string): void {
    let line = this.root.querySelector<HTMLElement>('.status');
    if (!line) this.root.prepend((line = div('status')));
    line.textContent = text;
  }

  private show(title: string, report: EngineReport): void {
    this.report = report;
    this.root.replaceChildren();
    const header = el('header');
    header.append(el('h1', title));
    const version = report.tensorrtVersion ? `TensorRT ${report.tensorrtVersion}` : 'TensorRT version not stated';
    header.append(span(`${report.layers.length} layers · ${version}`, 'meta'));
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
    const body = div('body');
    const canvas = div('canvas');
    body.append(canvas, this.details);
    this.root.append(body);
    canvas.append(this.draw(report));
    this.details.append(el('p', 'Select a layer to see its formats, tactic and ONNX nodes.', 'hint'));
  }

  private draw(report: EngineReport): SVGSVGElement {
    const producer = new Map<string, number>();
    report.layers.forEach((l, i) => l.outputs.forEach((t) => producer.set(t.name, i)));
    const edges: { from: string; to: string }[] = [];
    report.layers.forEach((l, i) => {
      for (const t of l.inputs) {
        const from = producer.get(t.name);
        if (from !== undefined && from !== i) edges.push({ from: String(from), to: String(i) });
      }
    });
    const items = report.layers.map((_, i) => ({ key: String(i), width: BOX_W, height: BOX_H }));
    const layout = layoutGroup({ id: 'engine', items, edges });
    const root = svg('svg', { width: layout.width + 20, height: layout.height + 20, role: 'img' });
    root.setAttribute('aria-label', 'engine layers');
    const g = svg('g', { transform: 'translate(10 10)' });
    root.append(g);
    for (const line of layout.edges)
      g.append(svg('polyline', { points: line.map((p) => `${p.x},${p.y}`).join(' '), class: 'edge' }));
    const maxShare = Math.max(0, ...report.layers.map((l) => l.percentage ?? 0));
    this.boxes = report.layers.map((layer, i) => {
      const { x, y } = layout.positions[i];
      const box = svg('g', {
        class: `layer ${engineLayerKind(layer)}`,
        transform: `translate(${x} ${y})`,
        tabindex: 0,
      });
      box.dataset.index = String(i);
      box.append(svg('rect', { width: BOX_W, height: BOX_H, rx: 4, class: 'frame' }));
      if (layer.percentage !== null && maxShare > 0)
        box.append(
          svg('rect', {
            width: BOX_W,
            height: BOX_H,
            rx: 4,
            class: 'heat',
            'fill-opacity': (0.55 * layer.percentage) / maxShare,
          }),
        );
      const text = (content: string, row: number, cls: string) => {
        const t = svg('text', { x: 8, y: 16 + row * 16, class: cls });
        t.textContent = content;
        box.append(t);
      };
      const time = layer.percentage !== null ? ` · ${layer.percentage.toFixed(1)}%` : '';
      text(`${layer.type ?? 'layer'} · ${layer.precision ?? '?'}${time}`, 0, 'title');
      text(clip(layer.name), 1, 'name');
      const io = layer.inputs[0]
        ? `${clip(tensorText(layer.inputs[0]), 18)} → ${clip(layer.outputs[0] ? tensorText(layer.outputs[0]) : '—', 18)}`
        : '';
      text(io || clip(layer.tactic ?? ''), 2, 'sub');
      const title = svg('title', {});
      title.textContent = `${layer.name}\ntactic: ${layer.tactic ?? '—'}\nONNX: ${layer.onnxNodes.join(', ') || '(none)'}`;
      box.append(title);
      box.addEventListener('click', () => this.select([i], layer.name));
      box.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') this.select([i], layer.name);
      });
      g.append(box);
      return box;
    });
    return root;
  }

  private select(indices: number[], what: string): void {
    if (!this.report) return;
    for (const i of this.selected) this.boxes[i]?.classList.remove('selected');
    this.selected = indices.filter((i) => this.boxes[i] !== undefined);
    for (const i of this.selected) this.boxes[i].classList.add('selected');
    this.boxes[this.selected[0]]?.scrollIntoView({ block: 'center', inline: 'center' });
    this.details.replaceChildren(el('h2', clip(what, 80)));
    for (const i of this.selected) this.details.append(this.layerDetails(this.report.layers[i], i));
  }

  private layerDetails(layer: EngineLayer, index: number): HTMLElement {
    const box = div('layer-details');
    box.append(el('h3', layer.name));
    const facts = el('dl');
    const fact = (k: string, v: string) => facts.append(el('dt', k), el('dd', v));
    fact('type', layer.type ?? '—');
    fact('precision', layer.precision ?? '—');
    fact('tactic', layer.tactic ?? '—');
    fact(
      'time',
      layer.averageMs !== null ? `${layer.averageMs.toFixed(4)} ms (${layer.percentage?.toFixed(2)}%)` : '—',
    );
    for (const t of layer.inputs) fact(`in ${t.name}`, `${tensorText(t)} ${t.shape ? `[${t.shape.join('x')}]` : ''}`);
    for (const t of layer.outputs) fact(`out ${t.name}`, `${tensorText(t)} ${t.shape ? `[${t.shape.join('x')}]` : ''}`);
    fact('ONNX nodes', layer.onnxNodes.join(', ') || '(none)');
    box.append(facts);
    const reveal = button('Reveal in ONNX graph', 'reveal', () =>
      this.post({ type: 'engine/revealInOnnx', layer: index }),
    );
    reveal.disabled = layer.onnxNodes.length === 0;
    box.append(reveal);
    return box;
  }
}
