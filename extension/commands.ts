// Palette commands whose work is the server's: each one forwards to a `workspace/executeCommand` id of
// server/contract/commands.ts and shows the answer.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
// The opset ranges of the one operator table (scripts/gen-onnx-schemas.py --opsets), not every schema.
import onnxOpsets from '../server/knowledge/onnx-opsets.json';
import type { ModelSummaryParams, Readiness } from '../server/contract/analysis';
import type {
  ConvertOpsetParams,
  ConvertOpsetResult,
  GenerateConfigParams,
  GenerateConfigResult,
} from '../server/contract/commands';
import { ModelSummaryRequest } from '../server/contract/analysis';
import { SERVER_COMMANDS } from '../server/contract/commands';

/** The oldest opset TensorRT's ONNX parser has ever accepted; older targets are not worth offering. */
const OLDEST_OFFERED_OPSET = 7;

export function executeServerCommand<T>(client: LanguageClient, command: string, ...args: unknown[]): Promise<T> {
  return client.sendRequest<T>('workspace/executeCommand', { command, arguments: args });
}

/** The resource a command acts on: the explorer selection it was invoked on, else the active editor's file. */
export function targetUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (tab instanceof vscode.TabInputCustom || tab instanceof vscode.TabInputText) return tab.uri;
  return vscode.window.activeTextEditor?.document.uri;
}

/** The command's model: the selected/active .onnx, else one the user picks from the workspace. */
export async function pickModel(arg: unknown, title: string): Promise<vscode.Uri | undefined> {
  const uri = targetUri(arg);
  if (uri && /\.onnx$/i.test(uri.path)) return uri;
  const models = await vscode.workspace.findFiles('**/*.onnx', '**/node_modules/**', 5000);
  if (models.length === 0) {
    void vscode.window.showInformationMessage('ModelReady: no .onnx model in this workspace.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    models.map((m) => ({ label: vscode.workspace.asRelativePath(m), uri: m })),
    { title },
  );
  return picked?.uri;
}

async function convertOpset(client: LanguageClient, arg: unknown): Promise<void> {
  const model = await pickModel(arg, 'Convert the opset of which model?');
  if (!model) return;
  const summary = await client.sendRequest(ModelSummaryRequest, {
    uri: model.toString(),
  } satisfies ModelSummaryParams);
  if (!summary.ok) {
    void vscode.window.showErrorMessage(`ModelReady: ${summary.message}`);
    return;
  }
  const current = summary.summary.opsetImports.find((o) => o.domain === '')?.version;
  const items = [];
  for (let opset = onnxOpsets.domainOpsetRanges['ai.onnx'][1]; opset >= OLDEST_OFFERED_OPSET; opset--) {
    if (opset !== current)
      items.push({
        label: `opset ${opset}`,
        description: current !== undefined && opset < current ? 'downgrade' : 'upgrade',
        opset,
      });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: `Convert ${vscode.workspace.asRelativePath(model)} (opset ${current ?? 'unknown'}) to`,
    placeHolder: 'The converted model is written beside the original as <model>.opsetN.onnx',
  });
  if (!picked) return;
  const params: ConvertOpsetParams = { uri: model.toString(), opset: picked.opset };
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `ModelReady: converting to opset ${picked.opset}` },
    () => executeServerCommand<ConvertOpsetResult>(client, SERVER_COMMANDS.convertOpset, params),
  );
  if (!result.ok) {
    void vscode.window.showErrorMessage(`ModelReady: ${result.message}`);
    return;
  }
  const open = 'Show graph';
  if (
    (await vscode.window.showInformationMessage(`ModelReady: wrote ${vscode.Uri.parse(result.uri).fsPath}`, open)) ===
    open
  ) {
    await vscode.commands.executeCommand('modelready.showGraph', vscode.Uri.parse(result.uri));
  }
}

export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('modelready.checkWorkspace', async () => {
      const readiness = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'ModelReady: checking the workspace' },
        () => executeServerCommand<Readiness>(client, SERVER_COMMANDS.checkWorkspace),
      );
      void vscode.window.showInformationMessage(
        `ModelReady: ${readiness.analyzedFiles} files checked: ${readiness.errors} errors, ${readiness.warnings} warnings, ${readiness.infos} infos.`,
      );
    }),
    vscode.commands.registerCommand('modelready.generateTritonConfig', async (arg: unknown) => {
      let uri = targetUri(arg);
      if (!uri || uri.scheme !== 'file') {
        const picked = await vscode.window.showOpenDialog({
          canSelectFolders: true,
          canSelectFiles: true,
          openLabel: 'Generate config.pbtxt',
          title: 'Model folder (or its .onnx file)',
        });
        uri = picked?.[0];
      }
      if (!uri) return;
      const params: GenerateConfigParams = { uri: uri.toString() };
      const result = await executeServerCommand<GenerateConfigResult>(
        client,
        SERVER_COMMANDS.generateTritonConfig,
        params,
      );
      if (!result.ok) {
        void vscode.window.showErrorMessage(`ModelReady: ${result.message}`);
        return;
      }
      await vscode.window.showTextDocument(vscode.Uri.parse(result.uri));
    }),
    vscode.commands.registerCommand('modelready.convertOpset', (arg: unknown) => convertOpset(client, arg)),
  );
}
