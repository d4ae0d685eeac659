// The profile matrix's results table: one row per cell (latency percentiles, throughput, failure reason), the best
// cell of each metric column, and its text and CSV forms for the CLI (JSON is the table itself).
import type { MatrixColumn, MatrixRow, MatrixTable } from '../contract/profile-matrix';
import type { ImportedRun } from '../contract/trtexec-results';
import { statsOf } from './trtexec-exports';

export const MATRIX_COLUMNS: readonly MatrixColumn[] = ['p50Ms', 'p90Ms', 'p99Ms', 'throughputQps'];
const HIGHER_IS_BETTER: ReadonlySet<MatrixColumn> = new Set(['throughputQps']);

/**
 * The metrics of one run, as the table shows them. trtexec before 8.6 reports p99 alone; the per-inference times
 * (--exportTimes), when there, fill in a percentile the summary lacks.
 */
export function rowMetrics(run: ImportedRun, latencySamplesMs?: number[]): Pick<MatrixRow, MatrixColumn> {
  const latency = run.summary.latency;
  const sampled = latencySamplesMs?.length ? statsOf(latencySamplesMs).percentilesMs : {};
  return {
    p50Ms: latency?.medianMs,
    p90Ms: latency?.percentilesMs['90'] ?? sampled['90'],
    p99Ms: latency?.percentilesMs['99'] ?? sampled['99'],
    throughputQps: run.summary.throughputQps,
  };
}

export function matrixTable(model: string, rows: MatrixRow[]): MatrixTable {
  const best: MatrixTable['best'] = {};
  for (const column of MATRIX_COLUMNS) {
    let winner: MatrixRow | undefined;
    for (const row of rows) {
      const value = row[column];
      if (!row.ok || value === undefined) continue;
      const current = winner?.[column];
      if (current === undefined || (HIGHER_IS_BETTER.has(column) ? value > current : value < current)) winner = row;
    }
    if (winner) best[column] = winner.key;
  }
  return { model, rows, best };
}

const HEADERS = ['host', 'image', 'profile', 'p50 ms', 'p90 ms', 'p99 ms', 'throughput qps', 'status'];

function cells(table: MatrixTable, row: MatrixRow, mark: string): string[] {
  const metric = (column: MatrixColumn) => {
    const value = row[column];
    if (value === undefined) return '';
    return `${column === 'throughputQps' ? value.toFixed(1) : value.toFixed(3)}${table.best[column] === row.key ? mark : ''}`;
  };
  const status = row.ok ? (row.fromStore ? 'ok (stored)' : 'ok') : `failed: ${row.failure ?? 'unknown'}`;
  return [row.host, row.image ?? '', row.profile, ...MATRIX_COLUMNS.map(metric), status];
}

/** Aligned text table; the best value of each column carries a `*`. */
export function matrixText(table: MatrixTable): string {
  const lines = [HEADERS, ...table.rows.map((r) => cells(table, r, ' *'))].map((row) =>
    row.map((c) => c.replace(/\s+/g, ' ')),
  );
  const widths = HEADERS.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  return [
    `profile matrix of ${table.model} (* best in its column)`,
    ...lines.map((l) => l.map((c, i) => (i === l.length - 1 ? c : c.padEnd(widths[i]))).join('  ')),
    '',
  ].join('\n');
}

const csvField = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** RFC 4180 CSV: one line per cell, raw numbers, a `best` column listing the columns the cell wins. */
export function matrixCsv(table: MatrixTable): string {
  const header = ['host', 'image', 'profile', 'p50_ms', 'p90_ms', 'p99_ms', 'throughput_qps', 'ok', 'stored'];
  const lines = [[...header, 'failure', 'best', 'slurm_job'].join(',')];
  for (const row of table.rows) {
    const best = MATRIX_COLUMNS.filter((c) => table.best[c] === row.key).join(' ');
    const values = [
      row.host,
      row.image ?? '',
      row.profile,
      ...MATRIX_COLUMNS.map((c) => (row[c] === undefined ? '' : String(row[c]))),
      String(row.ok),
      String(row.fromStore),
      row.failure ?? '',
      best,
      row.slurmJob ?? '',
    ];
    lines.push(values.map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
