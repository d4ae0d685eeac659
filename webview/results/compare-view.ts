// Two runs side by side: the summary figures and every layer (or ONNX node, when the runs come from different
// engines) with its change, biggest first.
import type { RunComparison, StoredRun } from '../../server/contract/runs';
import { el, ms, pct, type Post } from './format';

export function comparisonView(
  base: StoredRun,
  other: StoredRun,
  comparison: RunComparison,
  picker: HTMLElement,
  post: Post,
): HTMLElement[] {
  const back = el('button', { className: 'back', text: `Back to ${base.label}` });
  back.addEventListener('click', () => post({ type: 'results/open', runId: base.id }));
  const header = el('header', {}, el('h1', { text: 'Compare runs' }), back, picker);
  const summary = el('table', { className: 'compare-summary' });
  summary.append(
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th'),
        el('th', { text: base.label }),
        el('th', { text: other.label }),
        el('th', { text: 'change' }),
      ),
    ),
  );
  const b = base.run.summary;
  const o = other.run.summary;
  const line = (name: string, bv: string, ov: string, change?: number) =>
    el(
      'tr',
      {},
      el('th', { text: name }),
      el('td', { text: bv }),
      el('td', { text: ov }),
      el('td', { className: 'num', text: pct(change) }),
    );
  summary.append(
    el(
      'tbody',
      {},
      line(
        'Throughput',
        b.throughputQps === undefined ? '–' : `${b.throughputQps.toFixed(1)} qps`,
        o.throughputQps === undefined ? '–' : `${o.throughputQps.toFixed(1)} qps`,
        comparison.throughputChange,
      ),
      line('Latency median', ms(b.latency?.medianMs), ms(o.latency?.medianMs), comparison.latencyMedianChange),
      line(
        'GPU compute median',
        ms(b.gpuCompute?.medianMs),
        ms(o.gpuCompute?.medianMs),
        comparison.gpuComputeMedianChange,
      ),
      line('Finished', new Date(base.finishedAt).toLocaleString(), new Date(other.finishedAt).toLocaleString()),
    ),
  );
  const layers = el('table', { className: 'compare-layers' });
  const perNode = comparison.by === 'onnx-node';
  layers.append(
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ...[perNode ? 'ONNX node' : 'Layer', base.label, other.label, 'Δ'].map((h) => el('th', { text: h })),
      ),
    ),
  );
  layers.append(
    el(
      'tbody',
      {},
      ...comparison.layers.map((l) => {
        const delta = el('td', {
          className: 'num',
          text:
            l.deltaMs === null
              ? l.baseMs === null
                ? 'only in other'
                : 'only in base'
              : `${l.deltaMs >= 0 ? '+' : ''}${l.deltaMs.toFixed(4)} ms`,
        });
        if (l.deltaMs !== null) delta.classList.add(l.deltaMs > 0 ? 'slower' : l.deltaMs < 0 ? 'faster' : 'same');
        return el(
          'tr',
          {},
          el('td', { className: 'name', text: l.name }),
          el('td', { className: 'num', text: ms(l.baseMs, 4) }),
          el('td', { className: 'num', text: ms(l.otherMs, 4) }),
          delta,
        );
      }),
    ),
  );
  const why = perNode
    ? el('p', {
        className: 'hint per-node',
        text: "The runs come from different engines (ONNX Runtime nodes, TensorRT fused layers): times are compared per ONNX node, each layer's time split evenly over the nodes it was built from.",
      })
    : '';
  return [
    header,
    el('section', {}, el('h2', { text: 'Summary' }), summary),
    el(
      'section',
      {},
      el('h2', { text: perNode ? 'ONNX nodes (biggest change first)' : 'Layers (biggest change first)' }),
      why,
      el('div', { className: 'table-scroll' }, layers),
    ),
  ];
}
