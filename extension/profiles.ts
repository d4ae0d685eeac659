// "Edit dynamic-shape profiles": one form per model in a webview panel. Wiring only: each message from the form
// is checked and answered by server/shape-profiles/form-host.ts through the server's editProfiles command.
import crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { answerProfilesFormMessage } from '../server/shape-profiles/form-host';
import { buildProfilesFormHtml } from '../server/shape-profiles/form-html';
import type { EditProfilesParams, EditProfilesResult } from '../server/contract/shape-profiles';
import { SERVER_COMMANDS } from '../server/contract/commands';
import { executeServerCommand, pickModel } from './commands';

/** The command's argument: a Uri (explorer), `{ uri }` (the server's code action), or nothing (active editor / pick). */
function argumentUri(arg: unknown): unknown {
  if (
    typeof arg === 'object' &&
    arg !== null &&
    !(arg instanceof vscode.Uri) &&
    typeof (arg as { uri?: unknown }).uri === 'string'
  ) {
    const uri = vscode.Uri.parse((arg as { uri: string }).uri, true);
    return uri.scheme === 'file' ? uri : undefined;
  }
  return arg;
}

export function registerProfiles(context: vscode.ExtensionContext, client: LanguageClient): void {
  const panels = new Map<string, vscode.WebviewPanel>();
  context.subscriptions.push(
    vscode.commands.registerCommand('modelready.editProfiles', async (arg: unknown) => {
      const model = await pickModel(argumentUri(arg), 'Edit the dynamic-shape profiles of which model?');
      if (!model) return;
      const key = model.toString();
      const open = panels.get(key);
      if (open) return open.reveal();
      const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
      const panel = vscode.window.createWebviewPanel(
        'modelready.profiles',
        `Profiles: ${model.path.split('/').pop()}`,
        vscode.ViewColumn.Active,
        { enableScripts: true, localResourceRoots: [dist] },
      );
      panel.webview.html = buildProfilesFormHtml({
        nonce: crypto.randomBytes(18).toString('base64'),
        cspSource: panel.webview.cspSource,
        scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'profiles.js')).toString(),
      });
      const send = (params: EditProfilesParams) =>
        executeServerCommand<EditProfilesResult>(client, SERVER_COMMANDS.editProfiles, params);
      const subscription = panel.webview.onDidReceiveMessage(async (raw: unknown) => {
        await panel.webview.postMessage(await answerProfilesFormMessage(raw, key, send));
      });
      panels.set(key, panel);
      panel.onDidDispose(() => {
        subscription.dispose();
        panels.delete(key);
      });
    }),
  );
}
