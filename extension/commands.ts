// Palette commands whose work is the server's: each one forwards to a `workspace/executeCommand` id of
// server/protocol.ts and shows the answer.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { CheckWorkspaceCommand, GenerateConfigParams, GenerateConfigResult, GenerateTritonConfigCommand, Readiness } from '../server/protocol';

const CHECK_WORKSPACE: CheckWorkspaceCommand = 'modelready.server.checkWorkspace';
const GENERATE_CONFIG: GenerateTritonConfigCommand = 'modelready.server.generateTritonConfig';

/** The resource a command acts on: the explorer selection it was invoked on, else the active editor's file. */
export function targetUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (tab instanceof vscode.TabInputCustom || tab instanceof vscode.TabInputText) return tab.uri;
  return vscode.window.activeTextEditor?.document.uri;
}

export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('modelready.checkWorkspace', async () => {
      const readiness = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'ModelReady: checking the workspace' },
        () => client.sendRequest<Readiness>('workspace/executeCommand', { command: CHECK_WORKSPACE, arguments: [] }),
      );
      void vscode.window.showInformationMessage(
        `ModelReady: ${readiness.analyzedFiles} files checked: ${readiness.errors} errors, ${readiness.warnings} warnings, ${readiness.infos} infos.`,
      );
    }),
    vscode.commands.registerCommand('modelready.generateTritonConfig', async (arg: unknown) => {
      let uri = targetUri(arg);
      if (!uri || uri.scheme !== 'file') {
        const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: true, openLabel: 'Generate config.pbtxt', title: 'Model folder (or its .onnx file)' });
        uri = picked?.[0];
      }
      if (!uri) return;
      const params: GenerateConfigParams = { uri: uri.toString() };
      const result = await client.sendRequest<GenerateConfigResult>('workspace/executeCommand', { command: GENERATE_CONFIG, arguments: [params] });
      if (!result.ok) {
        void vscode.window.showErrorMessage(`ModelReady: ${result.message}`);
        return;
      }
      await vscode.window.showTextDocument(vscode.Uri.parse(result.uri));
    }),
  );
}
