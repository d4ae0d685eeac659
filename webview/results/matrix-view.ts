// A profile matrix in the results view: one row per cell (host, image, profile) with its latency percentiles and
// throughput, the best cell of each column marked with a word (not a colour only), failed cells with their reason.
// A cell with a stored run opens it; "Copy as CSV" asks the host, which copies its own table, not the page's.
import type { MatrixColumn, MatrixRow, MatrixTable } from '../../server/contract/profile-matrix';
import { el, type Post } from './format';

const METRICS: { key: MatrixColumn; title: string; digits: number }[] = [
  { key: 'p50Ms', title: 'p50 (ms)', digits: 3 },
  { key: 'p90Ms', title: 'p90 (ms)', digits: 3 },
  { key: 'p99Ms', title: 'p99 (ms)', digits: 3 },
  { key: 'throughputQps', title: 'Throughput (qps)', digits: 1 },
];

function metricCell(table: MatrixTable, row: MatrixRow, metric: (typeof METRICS)[number]): HTMLElement {
  const value = row[metric.key];
  const td = el('td', { className: 'num', text: value === undefined ? '–' : value.toFixed(metric.digits) });
  if (table.best[metric.key] === row.key) {
    td.classList.add('best');
    td.title = metric.key === 'throughputQps' ? 'highest in this column' : 'lowest in this column';
    td.append(el('span', { className: 'best-mark', text: 'best' }));
  }
  return td;
}

function statusCell(row: MatrixRow, post: Post): HTMLElement {
  if (!row.ok) return el('td', { className: 'status', text: `failed: ${row.failure ?? 'no reason given'}` });
  const words = ['ok', row.fromStore && 'from an earlier run', row.slurmJob && `Slurm job ${row.slurmJob}`];
  const td = el('td', { className: 'status', text: words.filter(Boolean).join(' · ') });
  const runId = row.storedRunId;
  if (runId) {
    const open = el('button', { className: 'open-run', text: 'Open run' });
    open.addEventListener('click', () => post({ type: 'results/open', runId }));
    td.append(' ', open);
  }
  return td;
}

export function matrixView(table: MatrixTable, note: string | undefined, post: Post): HTMLElement[] {
  const failed = table.rows.filter((r) => !r.ok).length;
  const copy = el('button', { className: 'copy-csv', text: 'Copy as CSV' });
  copy.addEventListener('click', () => post({ type: 'results/copyMatrixCsv' }));
  const summary = [
    table.model.split(/[\\/]/).pop(),
    `${table.rows.length} cells`,
    failed ? `${failed} failed` : 'all finished',
  ].join(' · ');
  const header = el(
    'header',
    {},
    el('h1', { text: 'Profile matrix' }),
    el('span', { className: 'meta', text: summary }),
    copy,
  );
  const withImage = table.rows.some((r) => r.image);
  const titles = ['Host', ...(withImage ? ['Image'] : []), 'Profile', ...METRICS.map((m) => m.title), 'Status'];
  const head = el('thead', {}, el('tr', {}, ...titles.map((t) => el('th', { text: t }))));
  const body = el(
    'tbody',
    {},
    ...table.rows.map((row) => {
      const tr = el(
        'tr',
        { className: row.ok ? 'ok' : 'failed' },
        el('td', { className: 'label', text: row.host }),
        ...(withImage ? [el('td', { className: 'label', text: row.image ?? '–' })] : []),
        el('td', { text: row.profile }),
        ...METRICS.map((m) => metricCell(table, row, m)),
        statusCell(row, post),
      );
      tr.dataset.key = row.key;
      return tr;
    }),
  );
  const parts: HTMLElement[] = [header];
  if (note) parts.push(el('p', { className: 'note', text: note }));
  parts.push(
    el('div', { className: 'table-scroll' }, el('table', { className: 'matrix' }, head, body)),
    el('p', { className: 'hint', text: 'best: lowest latency or highest throughput of the cells that finished' }),
  );
  return parts;
}
