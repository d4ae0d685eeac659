// The results view: one stored run (summary, latency histogram from trtexec --exportTimes, top layers chart, sortable
// and searchable per-layer table) or two runs side by side. ONNX Runtime runs have nodes for layers, their min/opt/max
// shape runs, and no latency distribution or GPU figures: the view says so rather than drawing empty charts. Browser only; every string from a run (layer and node
// names come from the model and the host) goes into the page as text, never as markup.
import { axisBottom, axisLeft, bin, max, scaleBand, scaleLinear, select } from 'd3';
import type { ResultsHostMessage, ResultsViewMessage } from '../../server/contract/results-view';
import type { StoredRunInfo } from '../../server/contract/runs';
import type { StoredRun, RunComparison } from '../../server/contract/runs';
import type { TimingStats } from '../../server/contract/trtexec-results';

type Post = (message: ResultsViewMessage) => void;
type LayerRow = StoredRun['run']['layers'][number];
type SortKey = 'index' | 'name' | 'averageMs' | 'medianMs' | 'percentage';

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.text !== undefined) e.textContent = props.text;
  e.append(...children);
  return e;
}

const ms = (v: number | null | undefined, digits = 3): string =>
  v === null || v === undefined ? '–' : `${v.toFixed(digits)} ms`;
const pct = (v: number | undefined): string =>
  v === undefined ? '–' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)} %`;

export class ResultsApp {
  private sortKey: SortKey = 'index';
  private sortDescending = false;
  private query = '';

  constructor(
    private readonly root: HTMLElement,
    private readonly post: Post,
  ) {}

  receive(message: ResultsHostMessage): void {
    switch (message.type) {
      case 'results/show':
        this.showRun(message.run, message.runs);
        break;
      case 'results/compare':
        this.showComparison(message.base, message.other, message.comparison, message.runs);
        break;
      case 'results/error':
        this.root.replaceChildren(el('p', { className: 'error', text: message.message }));
        break;
    }
    this.root.dataset.view = message.type.slice('results/'.length);
  }

  // --- one run ----------------------------------------------------------------------------------------------------

  private showRun(stored: StoredRun, runs: StoredRunInfo[]): void {
    const { summary } = stored.run;
    const ort = stored.onnxRuntime;
    const showOnGraph = el('button', { className: 'show-on-graph', text: 'Show on graph' });
    showOnGraph.addEventListener('click', () => this.post({ type: 'results/showOnGraph', runId: stored.id }));
    const header = el(
      'header',
      {},
      el('h1', { text: stored.label }),
      el('span', {
        className: 'meta',
        text: [
          new Date(stored.finishedAt).toLocaleString(),
          ort ? `ONNX Runtime, ${ort.provider.toUpperCase()} provider` : 'trtexec',
          summary.device?.name,
          summary.tensorrtVersion && `TensorRT ${summary.tensorrtVersion}`,
        ]
          .filter(Boolean)
          .join(' · '),
      }),
      showOnGraph,
      this.comparePicker(stored.id, runs),
    );
    const sections: HTMLElement[] = [header, this.summarySection(stored)];
    if (ort) sections.push(this.shapeRunsSection(ort));
    if (summary.warnings.length) {
      sections.push(
        el(
          'section',
          { className: 'warnings' },
          el('h2', { text: 'Warnings' }),
          el('ul', {}, ...summary.warnings.map((w) => el('li', { text: w.message }))),
        ),
      );
    }
    const charts = el('div', { className: 'charts' });
    charts.append(
      this.histogramSection(stored),
      this.topLayersSection(stored.run.layers, ort ? 'Top nodes' : 'Top layers'),
    );
    sections.push(charts, this.layerTableSection(stored));
    this.root.replaceChildren(...sections);
  }

  private comparePicker(currentId: string, runs: StoredRunInfo[]): HTMLElement {
    const select = el('select', { className: 'compare-with' });
    select.setAttribute('aria-label', 'Compare with another run');
    select.append(el('option', { text: 'Compare with…' }));
    for (const r of runs.filter((x) => x.id !== currentId)) {
      const option = el('option', { text: `${r.label} (${new Date(r.finishedAt).toLocaleString()})` });
      option.value = r.id;
      select.append(option);
    }
    select.disabled = select.options.length < 2;
    select.addEventListener('change', () => {
      if (select.value && select.selectedIndex > 0)
        this.post({ type: 'results/compare', baseId: currentId, otherId: select.value });
    });
    return select;
  }

  private summarySection(stored: StoredRun): HTMLElement {
    const s = stored.run.summary;
    const cards = el('div', { className: 'cards' });
    const card = (title: string, value: string, detail?: string) =>
      cards.append(
        el(
          'div',
          { className: 'card' },
          el('div', { className: 'card-title', text: title }),
          el('div', { className: 'card-value', text: value }),
          ...(detail ? [el('div', { className: 'card-detail', text: detail })] : []),
        ),
      );
    card('Throughput', s.throughputQps === undefined ? '–' : `${s.throughputQps.toFixed(1)} qps`);
    card('Latency (median)', ms(s.latency?.medianMs), s.latency ? `mean ${ms(s.latency.meanMs)}` : undefined);
    if (stored.onnxRuntime) card('Provider', stored.onnxRuntime.provider.toUpperCase(), 'ONNX Runtime, opt shape');
    else card('GPU compute (median)', ms(s.gpuCompute?.medianMs));
    card('Inferences timed', s.timedInferences === undefined ? '–' : String(s.timedInferences));

    const table = el('table', { className: 'stats' });
    const percentiles = [
      ...new Set(
        ['latency', 'enqueue', 'h2d', 'gpuCompute', 'd2h'].flatMap((k) =>
          Object.keys((s[k as keyof typeof s] as TimingStats | undefined)?.percentilesMs ?? {}),
        ),
      ),
    ].sort((a, b) => Number(a) - Number(b));
    table.append(
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ...['', 'min', 'max', 'mean', 'median', ...percentiles.map((p) => `p${p}`)].map((h) => el('th', { text: h })),
        ),
      ),
    );
    const body = el('tbody');
    const rows: [string, TimingStats | undefined][] = [
      ['Latency', s.latency],
      ['Enqueue', s.enqueue],
      ['H2D', s.h2d],
      ['GPU compute', s.gpuCompute],
      ['D2H', s.d2h],
    ];
    for (const [name, t] of rows) {
      if (!t) continue;
      body.append(
        el(
          'tr',
          {},
          el('th', { text: name }),
          ...[t.minMs, t.maxMs, t.meanMs, t.medianMs, ...percentiles.map((p) => t.percentilesMs[p])].map((v) =>
            el('td', { text: ms(v) }),
          ),
        ),
      );
    }
    table.append(body);
    return el('section', { className: 'summary' }, el('h2', { text: 'Summary' }), cards, table);
  }

  /** The smoke test of an ORT run: did the model run at the profile's min, opt and max shapes. */
  private shapeRunsSection(ort: NonNullable<StoredRun['onnxRuntime']>): HTMLElement {
    const table = el('table', { className: 'shape-runs' });
    table.append(
      el('thead', {}, el('tr', {}, ...['Profile point', 'Input shapes', 'Result'].map((h) => el('th', { text: h })))),
    );
    table.append(
      el(
        'tbody',
        {},
        ...ort.shapeRuns.map((r) =>
          el(
            'tr',
            { className: r.ok ? 'ok' : 'failed' },
            el('th', { text: r.point }),
            el('td', {
              text: Object.entries(r.shapes)
                .map(([name, dims]) => `${name} ${dims.join('x')}`)
                .join(', '),
            }),
            el('td', { text: r.ok ? `ran in ${ms(r.ms, 1)}` : `failed: ${r.error ?? 'unknown error'}` }),
          ),
        ),
      ),
    );
    const assumed = ort.assumedOne.length
      ? el('p', {
          className: 'hint',
          text: `No profile for ${ort.assumedOne.join(', ')}: symbolic dimensions ran with 1.`,
        })
      : '';
    return el('section', { className: 'shape-runs' }, el('h2', { text: 'Profile shapes' }), table, assumed);
  }

  private histogramSection(stored: StoredRun): HTMLElement {
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

  private topLayersSection(layers: LayerRow[], title: string): HTMLElement {
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

  private layerTableSection(stored: StoredRun): HTMLElement {
    const layers = stored.run.layers.map((l, index) => ({ ...l, index }));
    const search = el('input', { className: 'layer-search' });
    search.type = 'search';
    search.placeholder = 'Filter layers or ONNX nodes';
    search.setAttribute('aria-label', 'Filter layers or ONNX nodes');
    search.value = this.query;
    const count = el('span', { className: 'row-count' });
    const table = el('table', { className: 'layers' });
    // ORT's profile has per-node averages only: no median column rather than a column of dashes.
    const hasMedian = layers.some((l) => l.medianMs !== null);
    const columns: [SortKey | null, string][] = [
      ['index', '#'],
      ['name', stored.onnxRuntime ? 'Node' : 'Layer'],
      ['averageMs', 'Average'],
      ...(hasMedian ? [['medianMs', 'Median'] as [SortKey, string]] : []),
      ['percentage', '%'],
      [null, 'ONNX nodes'],
    ];
    const headRow = el('tr');
    const body = el('tbody');
    const render = () => {
      const q = this.query.toLowerCase();
      const rows = layers.filter(
        (l) => !q || l.name.toLowerCase().includes(q) || l.onnxNodes.some((n) => n.toLowerCase().includes(q)),
      );
      const key = this.sortKey;
      const value = (l: (typeof layers)[number]) => l[key] ?? -Infinity;
      rows.sort((a, b) => {
        const va = value(a);
        const vb = value(b);
        // Ties keep profile order, so flipping the direction reverses the list exactly.
        const order =
          (typeof va === 'string' && typeof vb === 'string' ? va.localeCompare(vb) : (va as number) - (vb as number)) ||
          a.index - b.index;
        return this.sortDescending ? -order : order;
      });
      body.replaceChildren(
        ...rows.map((l) =>
          el(
            'tr',
            {},
            el('td', { className: 'num', text: String(l.index + 1) }),
            el('td', { className: 'name', text: l.name }),
            el('td', { className: 'num', text: ms(l.averageMs, 4) }),
            ...(hasMedian ? [el('td', { className: 'num', text: ms(l.medianMs, 4) })] : []),
            el('td', { className: 'num', text: l.percentage === null ? '–' : l.percentage.toFixed(2) }),
            el('td', { className: 'nodes', text: l.onnxNodes.length ? l.onnxNodes.join(', ') : '(unmapped)' }),
          ),
        ),
      );
      count.textContent = `${rows.length} of ${layers.length} layers`;
      for (const th of headRow.querySelectorAll('th')) {
        th.setAttribute(
          'aria-sort',
          th.dataset.key === key ? (this.sortDescending ? 'descending' : 'ascending') : 'none',
        );
      }
    };
    for (const [key, label] of columns) {
      const th = el('th', {});
      if (key) {
        th.dataset.key = key;
        const button = el('button', { className: 'sort', text: label });
        button.addEventListener('click', () => {
          // First click on a time column sorts slowest first; a second click flips.
          this.sortDescending = this.sortKey === key ? !this.sortDescending : key !== 'index' && key !== 'name';
          this.sortKey = key;
          render();
        });
        th.append(button);
      } else th.textContent = label;
      headRow.append(th);
    }
    table.append(el('thead', {}, headRow), body);
    search.addEventListener('input', () => {
      this.query = search.value;
      render();
    });
    render();
    const unmapped = stored.run.summary.unmapped;
    const note =
      unmapped && unmapped.layers.length > 0
        ? el('p', {
            className: 'hint unmapped',
            text: `${unmapped.layers.length} layers (${ms(unmapped.averageMs)} per run, ${unmapped.percentage.toFixed(1)} %) map to no ONNX node; their time is listed, not dropped.`,
          })
        : '';
    return el(
      'section',
      { className: 'layer-table' },
      el('h2', { text: 'Layers' }),
      el('div', { className: 'table-tools' }, search, count),
      note,
      el('div', { className: 'table-scroll' }, table),
    );
  }

  // --- two runs ---------------------------------------------------------------------------------------------------

  private showComparison(base: StoredRun, other: StoredRun, comparison: RunComparison, runs: StoredRunInfo[]): void {
    const back = el('button', { className: 'back', text: `Back to ${base.label}` });
    back.addEventListener('click', () => this.post({ type: 'results/open', runId: base.id }));
    const header = el('header', {}, el('h1', { text: 'Compare runs' }), back, this.comparePicker(base.id, runs));
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
    this.root.replaceChildren(
      header,
      el('section', {}, el('h2', { text: 'Summary' }), summary),
      el(
        'section',
        {},
        el('h2', { text: perNode ? 'ONNX nodes (biggest change first)' : 'Layers (biggest change first)' }),
        why,
        el('div', { className: 'table-scroll' }, layers),
      ),
    );
  }
}
