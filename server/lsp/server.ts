// The ModelReady language server: wires LSP requests to the analysis (scheduled on worker threads) and the
// Triton editor features (pure functions on the buffer text), one module per feature under features/ and one
// handler per command in commands/. Started by dist/server.js and `modelready lsp`.
import os from 'node:os';
import {
  CodeActionKind,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SERVER_COMMANDS } from '../contract/commands';
import { registerCommands } from './commands/command-table';
import { toPath, ServerContext } from './context';
import { registerCodeActions } from './features/code-actions';
import { registerCompletion } from './features/completion';
import { registerConfiguration } from './features/configuration';
import { registerCustomRequests } from './features/custom-requests';
import { registerDiffRequest } from './diff-request';
import { registerEngineRequests } from './features/engine-requests';
import { registerDefinition } from './features/definition';
import { registerFormatting } from './features/formatting';
import { registerHover } from './features/hover';
import { LanguageContexts } from './features/language-contexts';
import { registerOutline } from './features/outline';
import { registerTextSync } from './features/text-sync';
import { registerProfiling } from './profiling';
import { PublishedFindings } from './published-findings';
import { ServerStatsMonitor } from './server-stats';
import { ExecutionGate, readInitializationOptions } from './settings';
import { workspaceTarget } from './stack-fixes';
import { startFileWatching } from './watching';
import { WORKER_HEAP_MB, WorkerPool } from './worker-pool';
import { WorkspaceAnalysis } from './workspace-analysis';
import type { Worker } from 'node:worker_threads';
import { configuredForEditor } from './analysis';

export interface ServerOptions {
  /** The analysis worker bundle (dist/analysis-worker.js beside the server bundle). */
  workerFile: string;
  /** Workers of `workerFile` already started (see main.ts). */
  startedWorkers?: Worker[];
  workers?: number;
  analysisTimeoutMs?: number;
}

const CAPABILITIES: InitializeResult['capabilities'] = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
  completionProvider: { triggerCharacters: [':', ' ', '"'] },
  hoverProvider: true,
  definitionProvider: true,
  documentSymbolProvider: true,
  foldingRangeProvider: true,
  documentFormattingProvider: true,
  documentRangeFormattingProvider: true,
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
  executeCommandProvider: { commands: Object.values(SERVER_COMMANDS) },
  workspace: { workspaceFolders: { supported: true } },
};

/** One core stays free for the server's thread (answering the editor beats indexing sooner); at most 4 workers. */
function defaultWorkers(): number {
  return Math.max(1, Math.min(4, os.availableParallelism() - 1));
}

export function startServer(connection: Connection, options: ServerOptions): void {
  const stats = new ServerStatsMonitor();
  const workers = options.workers ?? defaultWorkers();
  const documents = new TextDocuments(TextDocument);
  const pool = new WorkerPool({
    workerFile: options.workerFile,
    size: workers,
    timeoutMs: options.analysisTimeoutMs ?? 120_000,
    maxHeapMb: WORKER_HEAP_MB,
    started: options.startedWorkers,
    log: (message) => context.log(message),
  });
  const context = new ServerContext(connection, documents, pool);
  // Readiness adds the index size, the pending analyses (asked only once both objects exist) and the target.
  const published: PublishedFindings = new PublishedFindings(context, () => ({
    indexedFiles: analysis.index.files.size,
    pending: analysis.scheduler.pending,
    ...(context.roots[0] && { target: (target ??= workspaceTarget(context.roots[0])) }),
  }));
  /** The first folder's target (from its .modelready.json): read once, again after a change on disk. */
  let target: string | undefined;
  const analysis: WorkspaceAnalysis = new WorkspaceAnalysis(context, published, workers);
  analysis.onInvalidate(() => (target = undefined));
  const languageContexts = new LanguageContexts(context);
  analysis.onInvalidate((changed) => languageContexts.invalidate(changed));

  const profiling = registerProfiling({
    connection,
    toPath,
    log: context.log,
    checkExecution: (what) => context.execution.check(what),
    setRuntimeFindings: (file, findings) =>
      published.setRuntime(file, configuredForEditor(file, findings, context.settings)),
  });
  let stopWatching: (() => void) | undefined;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    context.roots = (params.workspaceFolders ?? []).flatMap((w) => toPath(w.uri) ?? []);
    if (context.roots.length === 0 && params.rootUri) context.roots = [toPath(params.rootUri) ?? []].flat();
    const watchedFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const init = readInitializationOptions(params.initializationOptions);
    context.settings = init.settings;
    context.progressAfterMs = init.progressAfterMs;
    context.execution = new ExecutionGate(init.workspaceTrusted);
    if (!context.execution.allowed)
      context.log('untrusted workspace: static analysis only (no model execution, no remote runs)');
    profiling.configure(params.initializationOptions);
    connection.onInitialized(() => {
      // Visible files first; the open ones arrive as didOpen and go ahead of everything.
      analysis.showVisible(init.visibleUris.flatMap((u) => toPath(u) ?? []));
      stopWatching = startFileWatching(
        connection,
        context.roots,
        watchedFiles,
        (c) => void analysis.onDiskChanges(c),
        context.log,
      );
      void analysis.indexWorkspace();
    });
    return { capabilities: CAPABILITIES, serverInfo: { name: 'modelready', version: '0.1.0' } };
  });

  registerConfiguration(context, analysis);
  registerTextSync(context, analysis);
  registerCompletion(context, languageContexts);
  registerHover(context, languageContexts);
  registerDefinition(context, languageContexts);
  registerOutline(context);
  registerFormatting(context);
  registerCodeActions(context);
  registerCommands(context, analysis, published);
  registerCustomRequests(context, analysis, published, stats);
  registerDiffRequest(context);
  registerEngineRequests(context);

  connection.onShutdown(async () => {
    stopWatching?.();
    profiling.dispose();
    analysis.dispose();
    published.dispose();
    stats.dispose();
    await pool.close();
  });

  documents.listen(connection);
  connection.listen();
}
