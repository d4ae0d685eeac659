// The engine report as the view receives it: everything but the layers first (with the edges between layers, so the
// view lays the graph out at once) and the first layers with it; the rest in slices the view asks for once it has
// painted. A 2,000-layer report is over a megabyte of JSON; the first screen needs a few dozen layers, so it is drawn
// before the rest has crossed.
import type { EngineReport } from '../contract/engine';
import type { EngineHostMessage, EngineShow } from '../contract/engine-view';

/** Layers in the first message: more than a tall window shows. */
export const FIRST_LAYERS = 150;
const SLICE = 400;

/** An edge per tensor a layer passes to another (producer found by tensor name), flat [from, to, …]. */
export function layerEdges(report: Pick<EngineReport, 'layers'>): number[] {
  const producer = new Map<string, number>();
  report.layers.forEach((l, i) => l.outputs.forEach((t) => producer.set(t.name, i)));
  const edges: number[] = [];
  report.layers.forEach((l, i) => {
    for (const t of l.inputs) {
      const from = producer.get(t.name);
      if (from !== undefined && from !== i) edges.push(from, i);
    }
  });
  return edges;
}

export function engineShow(title: string, report: EngineReport): EngineShow {
  const { layers, ...rest } = report;
  const shares = layers.flatMap((l) => (l.percentage === null ? [] : [l.percentage]));
  return {
    type: 'engine/show',
    title,
    report: rest,
    layerCount: layers.length,
    maxPercentage: shares.length > 0 ? Math.max(...shares) : null,
    edges: layerEdges(report),
    layers: layers.slice(0, FIRST_LAYERS),
  };
}

/** The slice of layers from `start`; undefined past the end. */
export function layerSlice(report: EngineReport, start: number): EngineHostMessage | undefined {
  if (start >= report.layers.length) return undefined;
  return { type: 'engine/layers', start, layers: report.layers.slice(start, start + SLICE) };
}
