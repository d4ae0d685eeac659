// "Compare profiling runs": pick a base run and another of the same model, then show them side by side.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { RunsListRequest } from '../../server/contract/profiling';
import type { ResultsPanels } from './results-panels';

export async function compareRuns(client: LanguageClient, results: ResultsPanels, model: vscode.Uri): Promise<void> {
  const list = (await client.sendRequest(RunsListRequest, { modelUri: model.toString() })).runs;
  if (list.length < 2) {
    void vscode.window.showInformationMessage('ModelReady: this model has fewer than two profiling runs to compare.');
    return;
  }
  const items = list.map((r) => ({
    label: r.label,
    description: new Date(r.finishedAt).toLocaleString(),
    detail: `median ${r.latencyMedianMs?.toFixed(3) ?? '?'} ms, ${r.throughputQps?.toFixed(1) ?? '?'} qps`,
    id: r.id,
  }));
  const base = await vscode.window.showQuickPick(items, { title: 'Compare runs: base run' });
  if (!base) return;
  const other = await vscode.window.showQuickPick(
    items.filter((i) => i.id !== base.id),
    { title: `Compare ${base.label} with` },
  );
  if (other) results.show(model, { baseId: base.id, otherId: other.id });
}
