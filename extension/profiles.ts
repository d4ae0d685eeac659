// "Edit dynamic-shape profiles": one form per model in a webview panel. Wiring only: each message from the form
// is checked and answered by server/shape-profiles/form-host.ts through the server's editProfiles command.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ProfilesFormSession } from '../server/shape-profiles/form-host';
import { buildProfilesFormHtml } from '../server/shape-profiles/form-html';
import type { EditProfilesParams, EditProfilesResult } from '../server/contract/shape-profiles';
import { SERVER_COMMANDS } from '../server/contract/commands';
import { executeServerCommand, pickModel } from './commands';
import { connectSession, logRefusals, pageResources, webviewOptions } from './webview-host';

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

export function registerProfiles(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  output: vscode.OutputChannel,
): void {
  const panels = new Map<string, vscode.WebviewPanel>();
  context.subscriptions.push(
    vscode.commands.registerCommand('modelready.editProfiles', async (arg: unknown) => {
      const model = await pickModel(argumentUri(arg), 'Edit the dynamic-shape profiles of which model?');
      if (!model) return;
      const key = model.toString();
      const open = panels.get(key);
      if (open) return open.reveal();
      const panel = vscode.window.createWebviewPanel(
        'modelready.profiles',
        `Profiles: ${model.path.split('/').pop()}`,
        vscode.ViewColumn.Active,
        webviewOptions(context),
      );
      panel.webview.html = buildProfilesFormHtml(pageResources(context, panel.webview, 'profiles.js'));
      const send = (params: EditProfilesParams) =>
        executeServerCommand<EditProfilesResult>(client, SERVER_COMMANDS.editProfiles, params);
      const session = new ProfilesFormSession(key, send, {
        post: (message) => void panel.webview.postMessage(message),
        onInvalid: logRefusals(output, 'profiles form'),
      });
      panels.set(key, panel);
      connectSession(panel, session, () => panels.delete(key));
    }),
  );
}
