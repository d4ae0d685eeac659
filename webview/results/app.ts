// The results view: one stored run (summary, latency histogram from trtexec --exportTimes, top layers chart, sortable
// and searchable per-layer table), two runs side by side (compare-view.ts) or a profile matrix (matrix-view.ts). ONNX Runtime runs have nodes for
// layers, their min/opt/max shape runs, and no latency distribution or GPU figures: the view says so rather than
// drawing empty charts. Browser only; every string from a run (layer and node names come from the model and the
// host) goes into the page as text, never as markup.
import type { ResultsHostMessage } from '../../server/contract/results-view';
import type { StoredRunInfo } from '../../server/contract/runs';
import type { StoredRun } from '../../server/contract/runs';
import type { TimingStats } from '../../server/contract/trtexec-results';
import { histogramSection, topLayersSection } from './charts';
import { comparisonView } from './compare-view';
import { matrixView } from './matrix-view';
import { el, ms, type Post } from './format';

type SortKey = 'index' | 'name' | 'averageMs' | 'medianMs' | 'percentage';

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
        this.root.replaceChildren(
          ...comparisonView(
            message.base,
            message.other,
            message.comparison,
            this.comparePicker(message.base.id, message.runs),
            this.post,
          ),
        );
        break;
      case 'results/matrix':
        this.root.replaceChildren(...matrixView(message.table, message.note, this.post));
        break;
      case 'results/error':
        this.showError(message.message);
        return;
    }
    this.root.dataset.view = message.type.slice('results/'.length);
  }

  /** An error replaces an empty view; over a shown run or comparison it is a line on top, the content stays. */
  private showError(text: string): void {
    const line = el('p', { className: 'error', text });
    line.setAttribute('role', 'alert');
    if (this.root.dataset.view === undefined || this.root.dataset.view === 'error') {
      this.root.replaceChildren(line);
      this.root.dataset.view = 'error';
    } else {
      this.root.querySelector(':scope > p.error')?.remove();
      this.root.prepend(line);
    }
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
    charts.append(histogramSection(stored), topLayersSection(stored.run.layers, ort ? 'Top nodes' : 'Top layers'));
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
}
