// "Run with ONNX Runtime (local)": the server runs the model at its profile's min, opt and max shapes; the times
// and the slowest nodes go to the output channel, failures to Problems, and the run to the run store.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { OrtRunLocalRequest, type OrtRunLocalParams } from '../../server/contract/profiling';
import { carryOut } from './prerequisites';
import { showOnGraph, type ResultsPanels } from './results-panels';

const SHOW_PROBLEMS = 'Show Problems';

const shapesText = (shapes: Record<string, number[]>): string =>
  Object.entries(shapes)
    .map(([n, d]) => `${n} ${d.join('x')}`)
    .join(', ');

export async function runOrtLocal(
  client: LanguageClient,
  output: vscode.OutputChannel,
  results: ResultsPanels,
  model: vscode.Uri,
): Promise<void> {
  const params: OrtRunLocalParams = { modelUri: model.toString() };
  const answer = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'ModelReady: running the model with ONNX Runtime (CPU)' },
    () => client.sendRequest(OrtRunLocalRequest, params),
  );
  if (!answer.ok) {
    // The buttons that fix it (ONNX Runtime missing), or the finding it left in Problems (the model does not load).
    const actions = answer.actions ?? [];
    const buttons = [...actions.map((a) => a.title), ...(answer.inProblems ? [SHOW_PROBLEMS] : [])];
    const chosen = await vscode.window.showErrorMessage(`ModelReady: ${answer.message}`, ...buttons);
    const action = actions.find((a) => a.title === chosen);
    if (action) await carryOut(action);
    if (chosen === SHOW_PROBLEMS) await vscode.commands.executeCommand('workbench.actions.view.problems');
    return;
  }
  const { result } = answer;
  output.show(true);
  output.appendLine(`--- ONNX Runtime (CPU) on ${vscode.workspace.asRelativePath(model)}`);
  for (const r of result.runs)
    output.appendLine(
      `${r.point}: ${shapesText(r.shapes)}: ${r.ok ? `ok in ${r.ms.toFixed(1)} ms` : `FAILED: ${r.error}`}`,
    );
  if (result.assumedOne.length)
    output.appendLine(
      `no profile for ${result.assumedOne.join(', ')}: symbolic dimensions run with 1 (set profiles in .modelready.json)`,
    );
  for (const n of result.nodes.slice(0, 15))
    output.appendLine(
      `  ${n.averageMs.toFixed(3).padStart(9)} ms ${n.percentage.toFixed(1).padStart(5)} %  ${n.opType} ${n.name}`,
    );
  const failed = result.runs.filter((r) => !r.ok);
  const graph = 'Show on graph';
  const open = 'Open results';
  // The difference first: which profile points fail, at which shapes.
  const message = failed.length
    ? `ModelReady: fails in ONNX Runtime at the profile's ${failed.map((r) => `${r.point} shapes (${shapesText(r.shapes)})`).join(', ')}.`
    : "ModelReady: the model runs at the profile's min, opt and max shapes.";
  const picked = await (failed.length
    ? vscode.window.showWarningMessage(message, SHOW_PROBLEMS, graph, open)
    : vscode.window.showInformationMessage(message, graph, open));
  if (picked === SHOW_PROBLEMS) await vscode.commands.executeCommand('workbench.actions.view.problems');
  if (picked === graph && result.nodes.length) await showOnGraph(model, answer.overlay);
  // Kept in the run store like a trtexec run: listed, comparable.
  if (picked === open) results.show(model, { runId: answer.storedRunId });
}
