// A real LSP client for tests and benchmarks: starts dist/server.js (or `dist/cli.js lsp`) over stdio and talks
// JSON-RPC to it with vscode-jsonrpc, as an editor would.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
  type MessageReader,
  type MessageWriter,
} from 'vscode-jsonrpc/node';
import type {
  Diagnostic,
  InitializeResult,
  ProgressToken,
  PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { repoRoot } from '../support/paths';

export const uriOf = (file: string) => pathToFileURL(file).href;

export class LspClient {
  readonly connection: MessageConnection;
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly notifications: { method: string; params: unknown }[] = [];
  /** Every publishDiagnostics, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** Every `$/progress` (work done progress), in arrival order. */
  readonly progress: { token: ProgressToken; value: { kind: string; title?: string; percentage?: number } }[] = [];
  private waiters: {
    test: (p: PublishDiagnosticsParams) => boolean;
    resolve: (p: PublishDiagnosticsParams) => void;
  }[] = [];
  stderr = '';

  private constructor(
    readonly process: ChildProcess,
    reader: MessageReader,
    writer: MessageWriter,
  ) {
    this.connection = createMessageConnection(reader, writer);
    process.stderr?.on('data', (d) => (this.stderr += d));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.published.push(p);
      this.waiters = this.waiters.filter((w) => (w.test(p) ? (w.resolve(p), false) : true));
    });
    this.connection.onNotification((method, params) => this.notifications.push({ method, params }));
    this.connection.onUnhandledProgress((p) => this.progress.push(p as LspClient['progress'][number]));
    // Server -> client requests a client must answer: progress tokens, capability registration, configuration.
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    this.connection.listen();
  }

  /** `argv` defaults to the server bundle; pass ['dist/cli.js', 'lsp'] for the CLI entry. `env` adds to this one's. */
  static start(argv = [path.join(repoRoot, 'dist/server.js')], env: NodeJS.ProcessEnv = {}): LspClient {
    const child = spawn(process.execPath, [...argv, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    return new LspClient(child, new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  }

  /** The server bundle over Node IPC, as vscode-languageclient starts it with TransportKind.ipc. */
  static startIpc(serverFile = path.join(repoRoot, 'dist/server.js')): LspClient {
    // execArgv: [] so the server does not inherit this process's loader flags (tsx under the test runner).
    const child = fork(serverFile, ['--node-ipc'], { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    return new LspClient(child, new IPCMessageReader(child), new IPCMessageWriter(child));
  }

  async initialize(
    root: string,
    capabilities: Record<string, unknown> = {},
    initializationOptions?: unknown,
  ): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      initializationOptions,
      rootUri: uriOf(root),
      workspaceFolders: [{ uri: uriOf(root), name: path.basename(root) }],
      capabilities: { window: { workDoneProgress: true }, ...capabilities },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Resolves with the next publishDiagnostics for `uri` that passes `test` (default: any). */
  nextDiagnostics(
    uri: string,
    test: (d: Diagnostic[], p: PublishDiagnosticsParams) => boolean = () => true,
    timeoutMs = 20000,
  ): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no matching diagnostics for ${uri} within ${timeoutMs} ms; have ${JSON.stringify(this.diagnostics.get(uri))}\n${this.stderr}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({
        test: (p) => p.uri === uri && test(p.diagnostics, p),
        resolve: (p) => (clearTimeout(timer), resolve(p.diagnostics)),
      });
    });
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.process.once('exit', (code) => resolve(code)));
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.process.kill();
    }
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      exited,
      new Promise<null>((r) => (timer = setTimeout(() => (this.process.kill('SIGKILL'), r(null)), 5000))),
    ]);
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }
}
