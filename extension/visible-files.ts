// Tells the language server which files are visible (text editors and graph editors), so it analyzes them right
// after the open ones and before the rest of the workspace. At start the list goes in initializationOptions.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { VisibleFilesNotification, type VisibleFilesParams } from '../server/contract/analysis';

/** URIs of the files shown in editors now: each group's active tab (custom editors too) and visible text editors. */
export function visibleFileUris(): string[] {
  const uris = new Set<string>();
  for (const editor of vscode.window.visibleTextEditors)
    if (editor.document.uri.scheme === 'file') uris.add(editor.document.uri.toString());
  for (const group of vscode.window.tabGroups.all) {
    const input = group.activeTab?.input;
    const uri = input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom ? input.uri : undefined;
    if (uri?.scheme === 'file') uris.add(uri.toString());
  }
  return [...uris];
}

export function registerVisibleFiles(context: vscode.ExtensionContext, client: LanguageClient): void {
  let last = '';
  const send = () => {
    const uris = visibleFileUris();
    const key = uris.join('\n');
    if (key === last || !client.isRunning()) return;
    last = key;
    void client.sendNotification(VisibleFilesNotification, { uris } satisfies VisibleFilesParams);
  };
  context.subscriptions.push(
    vscode.window.onDidChangeVisibleTextEditors(send),
    vscode.window.tabGroups.onDidChangeTabs(send),
    vscode.window.tabGroups.onDidChangeTabGroups(send),
  );
}
