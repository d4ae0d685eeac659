// The entry VS Code loads, kept small: it forks the language server first, so the server process boots while the
// client bundle (dist/extension-client.js: vscode-languageclient and the editor features) loads and registers.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type * as Client from './client';

let client: typeof Client | undefined;

/** The language server over stdio (its `--stdio` mode, as Neovim starts it); the inspector on 6009 when debugging. */
function forkServer(context: vscode.ExtensionContext): ChildProcess {
  const debug = context.extensionMode === vscode.ExtensionMode.Development;
  return fork(context.asAbsolutePath('dist/server.js'), ['--stdio'], {
    silent: true,
    execArgv: debug ? ['--nolazy', '--inspect=6009'] : [],
    // Under desktop VS Code the extension host is Electron: run it as Node.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const activatedAt = performance.now();
  const first = forkServer(context);
  // A second bundle, required only now: evaluating it (~0.5 MB) overlaps the server's start.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  client = require(path.join(__dirname, 'extension-client.js')) as typeof Client;
  await client.activate(context, { first, fork: () => forkServer(context), activatedAt });
}

export async function deactivate(): Promise<void> {
  await client?.deactivate();
}
