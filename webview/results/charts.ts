// The results view's charts (d3, browser only): the latency distribution of a trtexec run (--exportTimes) and the
// layers or nodes that take the most time.
import { axisBottom, axisLeft, bin, max, scaleBand, scaleLinear, select } from 'd3';
import type { StoredRun } from '../../server/contract/runs';
import { el, type LayerRow } from './format';

export function histogramSection(stored: StoredRun): HTMLElement {
  const section = el('section', { className: 'histogram' }, el('h2', { text: 'Latency distribution' }));
  const samples = stored.latencySamplesMs ?? [];
  if (samples.length === 0) {
    const timed = stored.run.summary.timedInferences;
    const why = stored.onnxRuntime
      ? `ONNX Runtime runs keep no latency distribution${timed ? `: the summary gives min, mean, median and max of ${timed} timed inferences at the opt shape` : ''}.`
      : 'No per-inference times in this run (trtexec --exportTimes).';
    section.append(el('p', { className: 'hint', text: why }));
    return section;
  }
  const width = 520;
  const height = 220;
  const margin = { top: 8, right: 24, bottom: 36, left: 44 };
  const lo = Math.min(...samples);
  const hi = Math.max(...samples);
  const x = scaleLinear()
    .domain(lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi])
    .nice()
    .range([margin.left, width - margin.right]);
  const bins = bin()
    .domain(x.domain() as [number, number])
    .thresholds(x.ticks(40))(samples);
  const y = scaleLinear()
    .domain([0, max(bins, (b) => b.length) ?? 1])
    .nice()
    .range([height - margin.bottom, margin.top]);
  const svg = select(section)
    .append('svg')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'img')
    .attr('aria-label', `Histogram of ${samples.length} inference latencies`);
  svg
    .append('g')
    .attr('class', 'bars')
    .selectAll('rect')
    .data(bins)
    .join('rect')
    .attr('x', (b) => x(b.x0!) + 0.5)
    .attr('width', (b) => Math.max(0, x(b.x1!) - x(b.x0!) - 1))
    .attr('y', (b) => y(b.length))
    .attr('height', (b) => y(0) - y(b.length))
    .append('title')
    .text((b) => `${b.x0!.toFixed(3)}–${b.x1!.toFixed(3)} ms: ${b.length}`);
  svg
    .append('g')
    .attr('transform', `translate(0,${height - margin.bottom})`)
    .call(axisBottom(x).ticks(8));
  svg.append('g').attr('transform', `translate(${margin.left},0)`).call(axisLeft(y).ticks(5));
  svg
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', (margin.left + width - margin.right) / 2)
    .attr('y', height - 4)
    .attr('text-anchor', 'middle')
    .text('latency (ms)');
  section.append(el('p', { className: 'hint', text: `${samples.length} inferences` }));
  return section;
}

export function topLayersSection(layers: LayerRow[], title: string): HTMLElement {
  const section = el('section', { className: 'top-layers' }, el('h2', { text: title }));
  const top = layers
    .filter((l) => l.averageMs !== null)
    .sort((a, b) => b.averageMs! - a.averageMs!)
    .slice(0, 10);
  if (top.length === 0) {
    section.append(el('p', { className: 'hint', text: 'No per-layer times in this run.' }));
    return section;
  }
  const width = 520;
  const rowHeight = 20;
  const labelWidth = 200;
  const height = top.length * rowHeight + 24;
  const x = scaleLinear()
    .domain([0, top[0].averageMs!])
    .range([labelWidth, width - 70]);
  const y = scaleBand<number>()
    .domain(top.map((_, i) => i))
    .range([0, top.length * rowHeight])
    .padding(0.15);
  const svg = select(section)
    .append('svg')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'img')
    .attr('aria-label', 'Slowest layers');
  const row = svg
    .selectAll('g.bar')
    .data(top)
    .join('g')
    .attr('class', 'bar')
    .attr('transform', (_, i) => `translate(0,${y(i)})`);
  row
    .append('text')
    .attr('class', 'bar-label')
    .attr('x', labelWidth - 6)
    .attr('y', y.bandwidth() / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .text((l) => (l.name.length > 30 ? `${l.name.slice(0, 29)}…` : l.name))
    .append('title')
    .text((l) => l.name);
  row
    .append('rect')
    .attr('x', labelWidth)
    .attr('height', y.bandwidth())
    .attr('width', (l) => x(l.averageMs!) - labelWidth);
  row
    .append('text')
    .attr('class', 'bar-value')
    .attr('x', (l) => x(l.averageMs!) + 4)
    .attr('y', y.bandwidth() / 2)
    .attr('dy', '0.35em')
    .text((l) => `${l.averageMs!.toFixed(3)} ms`);
  return section;
}
