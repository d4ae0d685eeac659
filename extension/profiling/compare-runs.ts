// "Compare profiling runs": pick a base run of the model, then another run of it or of another model (another export:
// the comparison then pairs nodes through the model diff's matching), and show them side by side.
import path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { RunsListRequest } from '../../server/contract/profiling';
import type { StoredRunInfo } from '../../server/contract/runs';
import type { ResultsPanels } from './results-panels';

export async function compareRuns(client: LanguageClient, results: ResultsPanels, model: vscode.Uri): Promise<void> {
  const list = (await client.sendRequest(RunsListRequest, { modelUri: model.toString(), otherModels: true })).runs;
  const own = list.filter((r) => !r.modelPath || r.modelPath === model.fsPath);
  if (own.length < 1 || list.length < 2) {
    void vscode.window.showInformationMessage('ModelReady: there are fewer than two profiling runs to compare.');
    return;
  }
  const item = (r: StoredRunInfo) => {
    const date = new Date(r.finishedAt).toLocaleString();
    const other = r.modelPath && r.modelPath !== model.fsPath ? r.modelPath : undefined;
    return {
      label: r.label,
      // Runs of other models say which file and when, so two exports' runs are told apart.
      description: other ? `${path.basename(other)} · ${date}` : date,
      detail: `median ${r.latencyMedianMs?.toFixed(3) ?? '?'} ms, ${r.throughputQps?.toFixed(1) ?? '?'} qps`,
      id: r.id,
      otherModel: other,
    };
  };
  const base = await vscode.window.showQuickPick(own.map(item), { title: 'Compare runs: base run' });
  if (!base) return;
  const other = await vscode.window.showQuickPick(list.filter((r) => r.id !== base.id).map(item), {
    title: `Compare ${base.label} with (this model's runs first, then other models')`,
  });
  if (!other) return;
  results.show(model, {
    baseId: base.id,
    otherId: other.id,
    ...(other.otherModel && { otherModelUri: vscode.Uri.file(other.otherModel).toString() }),
  });
}
