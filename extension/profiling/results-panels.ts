// The profiling results view: one panel per model showing one run, two compared or a profile matrix; "Show on graph"
// colours the graph view with the run's overlay; "Copy as CSV" puts a matrix on the clipboard.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { GraphOverlay } from '../../server/contract/graph-view';
import { RunsCompareRequest, RunsGetRequest, RunsListRequest } from '../../server/contract/profiling';
import { ResultsSession, type ResultsShown, type RunSource } from '../../server/profiling/results-session';
import { connectSession, liveViewPanel, logRefusals } from '../webview-host';

/** Results panels, one per model. */
export class ResultsPanels {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; session: ResultsSession }>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
    private readonly output: vscode.OutputChannel,
  ) {}

  show(model: vscode.Uri, what?: ResultsShown): void {
    const key = model.toString();
    const open = this.panels.get(key);
    if (open) {
      open.panel.reveal();
      if (what) void open.session.show(what);
      return;
    }
    const name = model.path.split('/').pop() ?? 'model';
    const panel = liveViewPanel(this.context, 'results', `Profile: ${name}`, vscode.ViewColumn.Beside);
    const modelUri = model.toString();
    const source: RunSource = {
      list: async () => (await this.client.sendRequest(RunsListRequest, { modelUri })).runs,
      get: async (runId) => {
        const got = await this.client.sendRequest(RunsGetRequest, { modelUri, runId });
        if (!got.ok) throw new Error(got.message);
        return got;
      },
      compare: async (baseId, otherId) => {
        const compared = await this.client.sendRequest(RunsCompareRequest, {
          modelUri,
          baseId,
          otherId,
        });
        if (!compared.ok) throw new Error(compared.message);
        return compared;
      },
    };
    const session = new ResultsSession(
      source,
      {
        post: (message) => void panel.webview.postMessage(message),
        showOverlay: (overlay) => void showOnGraph(model, overlay),
        copyText: (text, what) =>
          void vscode.env.clipboard
            .writeText(text)
            .then(() => vscode.window.showInformationMessage(`ModelReady: copied ${what}.`)),
        onInvalid: logRefusals(this.output, 'results view'),
      },
      what,
    );
    connectSession(panel, session, () => this.panels.delete(key));
    this.panels.set(key, { panel, session });
  }
}

export function showOnGraph(model: vscode.Uri, overlay: GraphOverlay): Thenable<unknown> {
  return vscode.commands.executeCommand('modelready.graph.showOverlay', model, overlay);
}
