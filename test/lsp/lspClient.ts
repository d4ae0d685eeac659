// A real LSP client for tests and benchmarks: starts dist/server.js (or `dist/cli.js lsp`) over stdio and talks
// JSON-RPC to it with vscode-jsonrpc, as an editor would.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { repoRoot } from '../support/paths';

export const uriOf = (file: string) => pathToFileURL(file).href;

export class LspClient {
  readonly connection: MessageConnection;
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly notifications: { method: string; params: unknown }[] = [];
  private waiters: { test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  stderr = '';

  private constructor(readonly process: ChildProcess) {
    this.connection = createMessageConnection(new StreamMessageReader(process.stdout!), new StreamMessageWriter(process.stdin!));
    process.stderr!.on('data', (d) => (this.stderr += d));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.waiters = this.waiters.filter((w) => (w.test(p) ? (w.resolve(p), false) : true));
    });
    this.connection.onNotification((method, params) => this.notifications.push({ method, params }));
    // Server -> client requests a client must answer: progress tokens, capability registration, configuration.
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    this.connection.listen();
  }

  /** `argv` defaults to the server bundle; pass ['dist/cli.js', 'lsp'] for the CLI entry. */
  static start(argv = [path.join(repoRoot, 'dist/server.js')]): LspClient {
    const child = spawn(process.execPath, [...argv, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    return new LspClient(child);
  }

  async initialize(root: string, capabilities: Record<string, unknown> = {}, initializationOptions?: unknown): Promise<InitializeResult> {
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
  nextDiagnostics(uri: string, test: (d: Diagnostic[]) => boolean = () => true, timeoutMs = 20000): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; have ${JSON.stringify(this.diagnostics.get(uri))}\n${this.stderr}`)), timeoutMs);
      this.waiters.push({ test: (p) => p.uri === uri && test(p.diagnostics), resolve: (p) => (clearTimeout(timer), resolve(p.diagnostics)) });
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
    const code = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => (this.process.kill('SIGKILL'), r(null)), 5000))]);
    this.connection.dispose();
    return code;
  }
}
