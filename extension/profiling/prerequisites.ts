// Before a profiling or ONNX Runtime command asks for a model: the server says whether it can run (a host, ONNX
// Runtime installed); when not, a modal names what is missing with buttons that fix it. Decisions are the server's
// (server/profiling/prerequisites.ts); this module only shows them and carries out the chosen action.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  PrerequisitesRequest,
  type PrerequisiteAction,
  type PrerequisitesParams,
} from '../../server/contract/profiling';

/** Where to look for `.modelready.json`: the model when the command was given one, else the workspace folder. */
function scopeUri(arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) return arg.toString();
  return (vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri)?.toString();
}

/** True when the command can go on (ready, or the chosen action made it ready). */
export async function prerequisitesMet(
  client: LanguageClient,
  command: PrerequisitesParams['command'],
  arg: unknown,
): Promise<boolean> {
  const uri = scopeUri(arg);
  if (!uri) return true;
  const answer = await client.sendRequest(PrerequisitesRequest, {
    command,
    uri,
    settingsHosts: vscode.workspace.getConfiguration('modelready').get('hosts'),
  });
  if (answer.ready) return true;
  // Modal: a notice that asks the user to do something must not disappear before it is read.
  const chosen = await vscode.window.showWarningMessage(
    `ModelReady: ${answer.message}`,
    { modal: true },
    ...answer.actions.map((a) => a.title),
  );
  const action = answer.actions.find((a) => a.title === chosen);
  return action ? carryOut(action) : false;
}

/** Does what the button stands for; true when the command can now go on. */
export async function carryOut(action: PrerequisiteAction): Promise<boolean> {
  switch (action.kind) {
    case 'add-host':
      await vscode.commands.executeCommand('workbench.action.openSettings', 'modelready.hosts');
      return false;
    case 'use-local-trtexec': {
      const settings = vscode.workspace.getConfiguration('modelready');
      const hosts = settings.get<unknown[]>('hosts') ?? [];
      // The setting is machine-scoped: it goes to the user settings.
      await settings.update(
        'hosts',
        [...hosts, { name: 'this machine', local: true, trtexecPath: action.trtexecPath }],
        vscode.ConfigurationTarget.Global,
      );
      return true;
    }
    case 'install-ort': {
      const terminal = vscode.window.createTerminal('ModelReady: install ONNX Runtime');
      terminal.show();
      terminal.sendText(action.command);
      return false;
    }
    case 'copy-command':
      await vscode.env.clipboard.writeText(action.text);
      void vscode.window.showInformationMessage('ModelReady: the install command is on the clipboard.');
      return false;
  }
}
