// The VS Code client (dist/extension-client.js, loaded by main.ts): connects to the ModelReady language server that
// main.ts forked and registers the editor features, one module each. No analysis happens here; everything asks the
// server.
import type { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { ModelReadyInitializationOptions } from '../server/contract/settings';
import { registerCommands } from './commands';
import { registerEngineView } from './engine-view';
import { registerGraphEditor } from './graph-editor';
import { registerModelDiff } from './model-diff';
import { registerProfiles } from './profiles';
import { registerProfiling, runStoreSetting } from './profiling';
import { registerStatusBar } from './status-bar';
import { registerVisibleFiles, visibleFileUris } from './visible-files';

let client: LanguageClient | undefined;

/** What the server needs from VS Code at start: trust (gates model execution and remote runs) and settings. */
function initializationOptions(): ModelReadyInitializationOptions {
  const triton = vscode.workspace.getConfiguration('triton');
  const modelready = vscode.workspace.getConfiguration('modelready');
  return {
    workspaceTrusted: vscode.workspace.isTrusted,
    settings: {
      triton: {
        autoCompleteConfig: triton.get<boolean>('autoCompleteConfig', true),
        extraBackends: triton.get<string[]>('extraBackends', []),
        gpuCount: triton.get<number | null>('gpuCount', null) ?? undefined,
      },
      modelready: {
        target: { tensorrt: modelready.get<string>('target.tensorrt') || undefined },
        rules: modelready.get<Record<string, 'error' | 'warning' | 'info' | 'off'>>('rules', {}),
        profiles: {
          batch: modelready.get('profiles.batch'),
          sequence: modelready.get('profiles.sequence'),
          other: modelready.get('profiles.other'),
        },
      },
    },
    profiling: { storageDir: runStoreSetting(modelready.get<string>('profiling.runStore', '')) },
    visibleUris: visibleFileUris(),
  };
}

/** The server process main.ts forked at activation; `fork` starts another one (a restart). */
export interface ServerProcess {
  first: ChildProcess;
  fork(): ChildProcess;
  /** performance.now() when activation began, for the start-up line in the output channel. */
  activatedAt: number;
}

function createClient(output: vscode.OutputChannel, server: ServerProcess): LanguageClient {
  let unused: ChildProcess | undefined = server.first;
  // The client owns the process it is given (stops it, and starts the next one through this function).
  const serverOptions: ServerOptions = async () => {
    const child = unused ?? server.fork();
    unused = undefined;
    return child;
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'triton-config' },
      { scheme: 'file', pattern: '**/*.onnx' },
      // Pinned stack files: diagnostics and the "pin the target's version" fix only.
      {
        scheme: 'file',
        pattern: '**/{Dockerfile,Containerfile,*.Dockerfile,*.Containerfile,Dockerfile.*,Containerfile.*}',
      },
      { scheme: 'file', pattern: '**/{requirements*.txt,pyproject.toml,environment.yml,environment.yaml}' },
    ],
    outputChannel: output,
    initializationOptions: initializationOptions(),
    // The server re-reads these sections on change (workspace/didChangeConfiguration).
    synchronize: { configurationSection: ['triton', 'modelready'] },
  };
  return new LanguageClient('modelready', 'ModelReady', serverOptions, clientOptions);
}

export async function activate(context: vscode.ExtensionContext, server: ServerProcess): Promise<void> {
  const output = vscode.window.createOutputChannel('ModelReady');
  context.subscriptions.push(output);
  client = createClient(output, server);
  // The client connects first: the server's workers load while the features below register (first diagnostics
  // sooner). Features hold on to `client`; it lives as long as the extension.
  const started = client
    .start()
    .then(() =>
      output.appendLine(
        `Language server running, ${Math.round(performance.now() - server.activatedAt)} ms after activation began.`,
      ),
    );
  registerStatusBar(context, client);
  registerVisibleFiles(context, client);
  registerGraphEditor(context, client, output);
  registerEngineView(context, client, output);
  registerModelDiff(context, client, output);
  registerCommands(context, client);
  registerProfiles(context, client, output);
  registerProfiling(context, client);
  // Trust granted later: restart so the server learns it may run models (it was told "untrusted" at start).
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (!client) return;
      client.clientOptions.initializationOptions = initializationOptions();
      output.appendLine('Workspace trusted: restarting the language server with model execution allowed.');
      void client.restart();
    }),
  );
  await started;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
