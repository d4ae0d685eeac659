// Palette commands whose work is the server's: each one forwards to a `workspace/executeCommand` id of
// server/contract/commands.ts and shows the answer.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { OpsetTargetsParams, Readiness } from '../server/contract/analysis';
import type {
  ConvertOpsetParams,
  ConvertOpsetResult,
  GenerateConfigParams,
  GenerateConfigResult,
} from '../server/contract/commands';
import { OpsetTargetsRequest } from '../server/contract/analysis';
import { SERVER_COMMANDS } from '../server/contract/commands';
import { isOnnxPath } from './lazy-graph';

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
  if (uri && isOnnxPath(uri.path)) return uri;
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
  // A dry run of the converter per target: the ones it cannot reach are listed, disabled, with its reason.
  const plan = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'ModelReady: checking which opsets the model converts to' },
    () => client.sendRequest(OpsetTargetsRequest, { uri: model.toString() } satisfies OpsetTargetsParams),
  );
  if (!plan.ok) {
    void vscode.window.showErrorMessage(`ModelReady: ${plan.message}`);
    return;
  }
  const items = plan.targets.map((t) => ({
    label: t.reachable ? `opset ${t.opset}` : `$(circle-slash) opset ${t.opset}`,
    description: `${t.opset < plan.current ? 'downgrade' : 'upgrade'}${t.reachable ? `, ${t.changes} node change(s)` : ': cannot convert'}`,
    detail: t.reachable ? undefined : t.reason,
    opset: t.opset,
    reachable: t.reachable,
  }));
  const picked = await pickReachable(items, {
    title: `Convert ${vscode.workspace.asRelativePath(model)} (opset ${plan.current}) to`,
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

/**
 * A quick pick whose unreachable rows stay listed (with their reason) but cannot be accepted: VS Code has no
 * disabled quick-pick item, so accepting one keeps the picker open and says why in its placeholder.
 */
async function pickReachable<T extends vscode.QuickPickItem & { reachable: boolean }>(
  items: T[],
  options: { title: string; placeHolder: string },
): Promise<T | undefined> {
  const quickPick = vscode.window.createQuickPick<T>();
  Object.assign(quickPick, { ...options, items, matchOnDescription: true, matchOnDetail: true });
  return new Promise((resolve) => {
    quickPick.onDidAccept(() => {
      const [chosen] = quickPick.selectedItems;
      if (chosen && !chosen.reachable) {
        quickPick.placeholder = `${chosen.label.replace('$(circle-slash) ', '')} cannot be reached: ${chosen.detail}`;
        return;
      }
      resolve(chosen);
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      resolve(undefined);
      quickPick.dispose();
    });
    quickPick.show();
  });
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
