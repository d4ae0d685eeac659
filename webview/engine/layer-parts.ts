// The two faces of an engine layer in the view: its box on the graph (frame, time-share heat, type · precision ·
// share, name, formats in → out) and its details beside it (formats, shapes, tactic, time, ONNX nodes, reveal).
import type { EngineLayer, EngineTensor } from '../../server/contract/engine';
import { engineLayerKind } from '../../common/engine-layer-kind';
import { button, div, el } from '../shared/dom';
import { svg } from './layer-canvas';

export const BOX = { width: 280, height: 66 };
const CHARS = 40;

export const clip = (text: string, max = CHARS) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const tensorText = (t: EngineTensor) => [t.dataType, t.format].filter((x) => x !== null).join(' ') || '—';

/** `maxShare`: the largest time share of the engine, the heat's full strength (null: not profiled). */
export function layerBox(
  layer: EngineLayer,
  index: number,
  maxShare: number | null,
  activate: () => void,
): SVGGElement {
  const box = svg('g', { class: `layer ${engineLayerKind(layer)}`, tabindex: 0 });
  box.dataset.index = String(index);
  box.append(svg('rect', { width: BOX.width, height: BOX.height, rx: 4, class: 'frame' }));
  if (layer.percentage !== null && maxShare !== null && maxShare > 0)
    box.append(
      svg('rect', {
        width: BOX.width,
        height: BOX.height,
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
  box.addEventListener('click', activate);
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') activate();
  });
  return box;
}

export function layerDetails(layer: EngineLayer, reveal: () => void): HTMLElement {
  const box = div('layer-details');
  box.append(el('h3', layer.name));
  const facts = el('dl');
  const fact = (k: string, v: string) => facts.append(el('dt', k), el('dd', v));
  fact('type', layer.type ?? '—');
  fact('precision', layer.precision ?? '—');
  fact('tactic', layer.tactic ?? '—');
  fact('time', layer.averageMs !== null ? `${layer.averageMs.toFixed(4)} ms (${layer.percentage?.toFixed(2)}%)` : '—');
  for (const t of layer.inputs) fact(`in ${t.name}`, `${tensorText(t)} ${t.shape ? `[${t.shape.join('x')}]` : ''}`);
  for (const t of layer.outputs) fact(`out ${t.name}`, `${tensorText(t)} ${t.shape ? `[${t.shape.join('x')}]` : ''}`);
  fact('ONNX nodes', layer.onnxNodes.join(', ') || '(none)');
  box.append(facts);
  const button_ = button('Reveal in ONNX graph', 'reveal', reveal);
  button_.disabled = layer.onnxNodes.length === 0;
  box.append(button_);
  return box;
}
