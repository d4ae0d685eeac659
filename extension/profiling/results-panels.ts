// The profiling results view: one panel per model showing one run or two compared; "Show on graph" colours the
// graph view with the run's overlay.
import crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { GraphOverlay, RunsCompareResult, RunsGetResult, RunsListResult } from '../../server/protocol';
import { PROFILING_METHODS } from '../../server/protocol';
import { buildResultsViewHtml } from '../../server/profiling/results-html';
import { ResultsSession, type RunSource } from '../../server/profiling/results-session';

const RESULTS_VIEW_TYPE = 'modelready.results';

/** Results panels, one per model. */
export class ResultsPanels {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; session: ResultsSession }>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
    private readonly output: vscode.OutputChannel,
  ) {}

  show(model: vscode.Uri, what?: { runId: string } | { baseId: string; otherId: string }): void {
    const key = model.toString();
    const open = this.panels.get(key);
    if (open) {
      open.panel.reveal();
      if (what) void open.session.show(what);
      return;
    }
    const dist = vscode.Uri.joinPath(this.context.extensionUri, 'dist');
    const name = model.path.split('/').pop() ?? 'model';
    const panel = vscode.window.createWebviewPanel(RESULTS_VIEW_TYPE, `Profile: ${name}`, vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [dist],
      retainContextWhenHidden: true,
    });
    panel.webview.html = buildResultsViewHtml({
      nonce: crypto.randomBytes(18).toString('base64'),
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'results.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'results.css')).toString(),
      title: `Profile: ${name}`,
    });
    const modelUri = model.toString();
    const source: RunSource = {
      list: async () => (await this.client.sendRequest<RunsListResult>(PROFILING_METHODS.runsList, { modelUri })).runs,
      get: async (runId) => {
        const got = await this.client.sendRequest<RunsGetResult>(PROFILING_METHODS.runsGet, { modelUri, runId });
        if (!got.ok) throw new Error(got.message);
        return got;
      },
      compare: async (baseId, otherId) => {
        const compared = await this.client.sendRequest<RunsCompareResult>(PROFILING_METHODS.runsCompare, {
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
        onInvalid: (error) => this.output.appendLine(`results view: refused a message: ${error.message}`),
      },
      what,
    );
    const subscription = panel.webview.onDidReceiveMessage((raw: unknown) => void session.receive(raw));
    panel.onDidDispose(() => {
      subscription.dispose();
      this.panels.delete(key);
    });
    this.panels.set(key, { panel, session });
  }
}

export function showOnGraph(model: vscode.Uri, overlay: GraphOverlay): Thenable<unknown> {
  return vscode.commands.executeCommand('modelready.graph.showOverlay', model, overlay);
}
