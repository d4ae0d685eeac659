// The host side of one results view, without VS Code: validates each message the view posts, answers from a run
// source (the language server's run store through LSP in the editor, a RunStore directly in tests), hands
// "Show on graph" overlays to whoever shows the graph and a matrix's CSV to whoever owns the clipboard. The extension's panel is a thin shell around this.
import type { GraphOverlay } from '../contract/graph-view';
import type { MatrixTable } from '../contract/profile-matrix';
import type { ResultsHostMessage } from '../contract/results-view';
import type { StoredRunInfo } from '../contract/runs';
import { acceptMessage, type WebviewHostHooks } from '../webview-messages';
import { checkResultsViewMessage } from './results-validate';
import { type RunComparison, type StoredRun } from '../contract/runs';
import { matrixCsv } from './matrix-table';
import { compareRuns, runInfo, runOverlay, type RunStore } from './run-store';

export interface RunSource {
  list(): Promise<StoredRunInfo[]>;
  get(runId: string): Promise<{ run: StoredRun; overlay: GraphOverlay }>;
  /** `otherModelUri`: the other run's model when it profiled another file (another export). */
  compare(
    baseId: string,
    otherId: string,
    otherModelUri?: string,
  ): Promise<{ base: StoredRun; other: StoredRun; comparison: RunComparison }>;
}

export interface ResultsSessionHooks extends WebviewHostHooks<ResultsHostMessage> {
  showOverlay(overlay: GraphOverlay): void;
  /** Puts `text` on the clipboard; `what` names it for the confirmation. */
  copyText(text: string, what: string): void;
}

/** What a results view shows: one run, two compared, or a profile matrix (`note`: how it ended, if unfinished). */
export type ResultsShown =
  | { runId: string }
  | { baseId: string; otherId: string; otherModelUri?: string }
  | { matrix: MatrixTable; note?: string };

export class ResultsSession {
  /** What the view shows first: a run, a comparison, or (undefined) the newest run. */
  constructor(
    private readonly source: RunSource,
    private readonly hooks: ResultsSessionHooks,
    private initial?: ResultsShown,
  ) {}

  /** The matrix last shown, for "Copy as CSV". */
  private matrix?: MatrixTable;

  /** Shows something else in a view that is already open. */
  async show(what: ResultsShown): Promise<void> {
    this.initial = what;
    await this.present(what);
  }

  async receive(raw: unknown): Promise<void> {
    const message = acceptMessage(raw, checkResultsViewMessage, this.hooks, (reason): ResultsHostMessage => ({
      type: 'results/error',
      message: `ignored an invalid message from the view: ${reason}`,
    }));
    if (!message) return;
    try {
      switch (message.type) {
        case 'results/ready': {
          const runs = await this.source.list();
          const first = this.initial ?? (runs[0] ? { runId: runs[0].id } : undefined);
          if (first) await this.present(first);
          else
            this.hooks.post({
              type: 'results/error',
              message:
                'No profiling runs for this model yet: run "Profile with trtexec" or "Run with ONNX Runtime (local)" first.',
            });
          break;
        }
        case 'results/open':
          await this.present({ runId: message.runId });
          break;
        case 'results/compare':
          await this.present({ baseId: message.baseId, otherId: message.otherId });
          break;
        case 'results/showOnGraph':
          this.hooks.showOverlay((await this.source.get(message.runId)).overlay);
          break;
        case 'results/copyMatrixCsv':
          if (!this.matrix) throw new Error('no profile matrix is shown');
          this.hooks.copyText(matrixCsv(this.matrix), `the profile matrix (${this.matrix.rows.length} cells) as CSV`);
          break;
      }
    } catch (error) {
      this.hooks.post({ type: 'results/error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  private async present(what: ResultsShown): Promise<void> {
    if ('matrix' in what) {
      this.matrix = what.matrix;
      this.hooks.post({ type: 'results/matrix', table: what.matrix, ...(what.note && { note: what.note }) });
      return;
    }
    const runs = await this.source.list();
    if ('runId' in what) this.hooks.post({ type: 'results/show', run: (await this.source.get(what.runId)).run, runs });
    else
      this.hooks.post({
        type: 'results/compare',
        ...(await this.source.compare(what.baseId, what.otherId, what.otherModelUri)),
        runs,
      });
  }
}

/** A run source reading a RunStore directly (the language server's side of `modelready/runs/*`, and tests). */
export function storeSource(store: RunStore, modelPath: string): RunSource {
  const load = (id: string) => {
    const run = store.load(modelPath, id);
    if (!run) throw new Error(`no stored run ${id} for ${modelPath}`);
    return run;
  };
  return {
    list: async () => store.list(modelPath).map(runInfo),
    get: async (id) => {
      const run = load(id);
      return { run, overlay: runOverlay(run) };
    },
    compare: async (baseId, otherId) => {
      const base = load(baseId);
      const other = load(otherId);
      return { base, other, comparison: compareRuns(base, other) };
    },
  };
}
