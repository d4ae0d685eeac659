// Contract, results view (webview <-> extension host): one stored run (summary, latency histogram, per-layer table,
// top layers), two side by side, or a profile matrix's table. Every message from the view is checked by
// server/profiling/results-validate.ts.
import type { MatrixTable } from './profile-matrix';
import type { RunComparison, StoredRun, StoredRunInfo } from './runs';

export type ResultsHostMessage =
  /** `runs`: the model's other runs, offered for "Compare with…". */
  | { type: 'results/show'; run: StoredRun; runs: StoredRunInfo[] }
  | { type: 'results/compare'; base: StoredRun; other: StoredRun; comparison: RunComparison; runs: StoredRunInfo[] }
  /** A profile matrix; `note` says how it ended when it did not finish (cancelled, failed). */
  | { type: 'results/matrix'; table: MatrixTable; note?: string }
  | { type: 'results/error'; message: string };

/** View -> host. `showOnGraph` sends the run's node time shares to the graph view as a `graph/overlay`. */
export type ResultsViewMessage =
  | { type: 'results/ready' }
  | { type: 'results/showOnGraph'; runId: string }
  | { type: 'results/open'; runId: string }
  | { type: 'results/compare'; baseId: string; otherId: string }
  /** "Copy as CSV" of the matrix shown: the host makes the CSV from its own table, never from the page's. */
  | { type: 'results/copyMatrixCsv' };
