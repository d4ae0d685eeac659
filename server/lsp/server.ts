// The ModelReady language server: wires LSP requests to the analysis (on worker threads) and the Triton
// editor features (pure functions on the buffer text). Started by dist/server.js and `modelready lsp`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  CompletionItemKind,
  ExecuteCommandRequest,
  InsertTextFormat,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Diagnostic as LspDiagnostic,
  type CompletionItem,
  type DocumentSymbol as LspDocumentSymbol,
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type ProgressToken,
  type WorkDoneProgressReporter,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../findings';
import type {
  DiagnosticData,
  FindingsParams,
  FindingsResult,
  ModelSummaryParams,
  ModelSummaryResult,
  Readiness,
} from '../contract/analysis';
import type {
  ApplyModelFixParams,
  ApplyModelFixResult,
  ConvertOpsetParams,
  ConvertOpsetResult,
  GenerateConfigParams,
  GenerateConfigResult,
} from '../contract/commands';
import type { ModelReadySettings } from '../contract/settings';
import type { EditProfilesResult } from '../contract/shape-profiles';
import {
  FindingsRequest,
  ModelSummaryRequest,
  ReadinessChangedNotification,
  ReadinessRequest,
} from '../contract/analysis';
import { SERVER_COMMANDS } from '../contract/commands';
import { isModelFile, isTritonConfig } from '../workspace-files';
import { checkEditProfilesParams } from '../shape-profiles/form-messages';
import { tritonConfigFor } from '../shape-profiles/applied-profiles';
import type { EditProfilesOutcome } from '../shape-profiles/service';
import {
  completionsAt,
  definitionAt,
  documentSymbols,
  foldingRanges,
  formatDocumentEdits,
  formatRangeEdits,
  hoverAt,
  type CodeAction as TritonCodeAction,
  type CompletionItem as TritonCompletion,
} from '../triton/language';
import { parseTextFormat } from '../triton/textformat/parser';
import { modelConfigHook } from '../triton/schema';
import { readConfigFile } from '../triton/validate';
import { toLanguageContext, type ContextData, type Overlays } from './analysis';
import { analysisFailedFinding, fileUri, findingFromDiagnostic, toDiagnostic } from './diagnostics';
import { LruCache } from './lru';
import { JobCancelledError, WorkerPool, type Priority } from './worker-pool';
import { isAnalyzable, walkAnalyzable, WorkspaceIndex } from './workspace-index';
import { ExecutionGate, readInitializationOptions, readSettings } from './settings';
import { startFileWatching } from './watching';
import { stackCodeActions, workspaceTarget } from './stack-fixes';
import { isStackFile } from '../target/stack-pins';
import type { ModelRewrite } from './model-fixes';
import { registerProfiling } from './profiling';

/** The extension's command that opens the profiles form (package.json contributes). */
const OPEN_PROFILES_FORM = 'modelready.editProfiles';
const NEEDS_PROFILE_RULE = 'shape/dynamic-input-needs-profile';

const COMPLETION_KIND: Record<TritonCompletion['kind'], CompletionItemKind> = {
  field: CompletionItemKind.Field,
  enum: CompletionItemKind.EnumMember,
  value: CompletionItemKind.Value,
  model: CompletionItemKind.Module,
  tensor: CompletionItemKind.Variable,
};

export interface ServerOptions {
  /** The analysis worker bundle (dist/analysis-worker.js beside the server bundle). */
  workerFile: string;
  workers?: number;
  analysisTimeoutMs?: number;
}

const toPath = (uri: string): string | undefined => {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
};

function readTextOrUndefined(file: string): string | undefined {
  try {
    return readConfigFile(file);
  } catch {
    return undefined;
  }
}

export function startServer(connection: Connection, options: ServerOptions): void {
  const documents = new TextDocuments(TextDocument);
  const index = new WorkspaceIndex();
  /** Latest findings per analyzed file (bounded by the index cap). */
  const results = new Map<string, Finding[]>();
  /** Sequence number of the newest analysis scheduled per file: older results are dropped. */
  const latest = new Map<string, number>();
  /** The newest unfinished analysis per file. */
  const inflight = new Map<string, { seq: number; done: Promise<void> }>();
  const contexts = new LruCache<string, Promise<ContextData>>(64);
  const summaries = new LruCache<string, { stamp: string; result: Promise<ModelSummaryResult> }>(32);
  let roots: string[] = [];
  let progressAfterMs: number; // set by initialize
  let sequence = 0;
  let readinessTimer: NodeJS.Timeout | undefined;
  let stopWatching: (() => void) | undefined;
  let settings: ModelReadySettings = {};
  /** Model execution (ONNX Runtime) and remote runs check this gate: closed in an untrusted VS Code workspace. */
  let execution = new ExecutionGate(true);
  const log = (message: string) => connection.console.log(`[modelready] ${message}`);
  /** LSP's answer to a request the client cancelled (its result would be stale). */
  const throwIfCancelled = (token: CancellationToken) => {
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
  };

  const pool = new WorkerPool({
    workerFile: options.workerFile,
    size: options.workers ?? 2,
    timeoutMs: options.analysisTimeoutMs ?? 120_000,
    maxHeapMb: 4096,
    log,
  });

  const documentOf = (file: string) => documents.all().find((d) => toPath(d.uri) === file);
  const uriOf = (file: string) => documentOf(file)?.uri ?? fileUri(file);
  const openConfigTexts = (): Overlays => {
    const overlays: Overlays = {};
    for (const d of documents.all()) {
      const p = toPath(d.uri);
      if (p && (isTritonConfig(p) || isStackFile(p))) overlays[p] = d.getText();
    }
    return overlays;
  };

  function readiness(): Readiness {
    const counts = { errors: 0, warnings: 0, infos: 0 };
    for (const findings of results.values()) {
      for (const f of findings)
        counts[f.severity === 'error' ? 'errors' : f.severity === 'warning' ? 'warnings' : 'infos']++;
    }
    return {
      ...counts,
      analyzedFiles: results.size,
      indexedFiles: index.files.size,
      pending: inflight.size,
      ...(roots[0] && { target: workspaceTarget(roots[0]) }),
    };
  }

  function announceReadiness(): void {
    if (readinessTimer) return;
    readinessTimer = setTimeout(() => {
      readinessTimer = undefined;
      void connection.sendNotification(ReadinessChangedNotification, readiness());
    }, 50);
  }

  /** Findings from running a model (ONNX Runtime), kept beside the analysis findings until the next run. */
  const runtimeFindings = new Map<string, Finding[]>();

  function publish(file: string, findings: Finding[], version: number | undefined): void {
    results.set(file, findings);
    void connection.sendDiagnostics({
      uri: uriOf(file),
      version,
      diagnostics: [...findings, ...(runtimeFindings.get(file) ?? [])].map(toDiagnostic),
    });
    announceReadiness();
  }

  const profiling = registerProfiling({
    connection,
    toPath,
    log,
    checkExecution: (what) => execution.check(what),
    setRuntimeFindings: (file, findings) => {
      if (findings.length) runtimeFindings.set(file, findings);
      else runtimeFindings.delete(file);
      publish(file, results.get(file) ?? [], undefined);
    },
  });

  function forget(file: string): void {
    latest.delete(file);
    if (results.delete(file)) void connection.sendDiagnostics({ uri: uriOf(file), diagnostics: [] });
    announceReadiness();
  }

  /**
   * Analyzes one file on a worker. Resolves once the file's newest analysis is published: when a later edit or
   * disk change supersedes this one, it waits for that later analysis instead (so "Check workspace" returns
   * with nothing pending for the files it checked).
   */
  function analyze(file: string, priority: Priority, inBatch = false): Promise<void> {
    const seq = ++sequence;
    latest.set(file, seq);
    // A single analysis that takes long (opening a large model) shows progress; a batch reports its own.
    let progress: Promise<WorkDoneProgressReporter> | undefined;
    const showProgress = () => {
      progress = progressReporter(undefined);
      void progress.then((p) => p.begin(`ModelReady: analyzing ${path.basename(file)}`, undefined, file));
    };
    let timer: NodeJS.Timeout | undefined;
    if (!inBatch && progressAfterMs === 0) showProgress();
    else if (!inBatch) timer = setTimeout(showProgress, progressAfterMs);
    const done = runAnalysis(file, seq, priority).finally(() => {
      clearTimeout(timer);
      void progress?.then((p) => p.done());
      if (inflight.get(file)?.seq === seq) inflight.delete(file);
      announceReadiness();
    });
    inflight.set(file, { seq, done });
    return done;
  }

  async function runAnalysis(file: string, seq: number, priority: Priority): Promise<void> {
    const awaitNewer = async () => {
      const newer = inflight.get(file);
      if (newer && newer.seq > seq) await newer.done;
    };
    // The buffer version the result belongs to, so clients can drop diagnostics of older text.
    const version = documentOf(file)?.version;
    let findings: Finding[];
    try {
      const overlays = isTritonConfig(file) || isStackFile(file) ? openConfigTexts() : {};
      findings = await pool.run<Finding[]>({ kind: 'analyze', file, overlays, settings }, priority, {
        key: `analyze:${file}`,
      });
    } catch (error) {
      if (error instanceof JobCancelledError) return awaitNewer();
      findings = [analysisFailedFinding(file, error instanceof Error ? error.message : String(error))];
    }
    if (latest.get(file) !== seq) return awaitNewer();
    // A file deleted meanwhile keeps no diagnostics (unless the editor still has it open).
    if (!fs.existsSync(file) && !documentOf(file)) return forget(file);
    publish(
      file,
      findings.filter((f) => f.file === file),
      version,
    );
  }

  function contextFor(file: string): Promise<ContextData> {
    let ctx = contexts.get(file);
    if (!ctx) {
      ctx = pool.run<ContextData>({ kind: 'context', file }, 'interactive');
      ctx.catch(() => contexts.delete(file));
      contexts.set(file, ctx);
    }
    return ctx;
  }

  const pendingOf = (files: string[]) => files.flatMap((f) => inflight.get(f)?.done ?? []);

  /** A progress reporter on the client's token when the request brought one, else one the server creates. */
  async function progressReporter(token: ProgressToken | undefined): Promise<WorkDoneProgressReporter> {
    if (token !== undefined) return connection.window.attachWorkDoneProgress(token);
    // Clients without progress support get a reporter that sends nothing; a client refusing the token likewise.
    return connection.window.createWorkDoneProgress().catch(() => connection.window.attachWorkDoneProgress(undefined));
  }

  async function analyzeAll(files: string[], title: string, token?: ProgressToken): Promise<void> {
    const progress = await progressReporter(token);
    progress.begin(title, 0, `${files.length} files`, false);
    let done = 0;
    let reported = 0;
    await Promise.all(
      files.map((f) =>
        analyze(f, 'background', true).finally(() => {
          done++;
          // One report per percent at most: a large workspace must not flood the client.
          const percent = Math.floor((done / files.length) * 100);
          if (percent > reported) {
            reported = percent;
            progress.report(percent, `${done}/${files.length} ${path.basename(f)}`);
          }
        }),
      ),
    );
    // Disk changes seen meanwhile (the watcher's debounced batch) may have started newer analyses of these files.
    for (let newer = pendingOf(files); newer.length > 0; newer = pendingOf(files)) await Promise.all(newer);
    progress.done();
  }

  async function indexWorkspace(): Promise<void> {
    for (const root of roots) for (const f of walkAnalyzable(root)) index.add(f);
    log(`indexed ${index.files.size} model and config files under ${roots.join(', ') || '(no folder)'}`);
    await analyzeAll([...index.files], 'ModelReady: analyzing the workspace');
  }

  /** Files changed on disk (debounced by the watcher): re-index, re-analyze them and the configs they feed. */
  function onDiskChanges(changed: string[]): void {
    const toAnalyze = new Set<string>();
    for (const p of changed) {
      contexts.deleteWhere((config) => p.startsWith(path.dirname(path.dirname(config))));
      summaries.delete(p);
      let stat: fs.Stats | undefined;
      try {
        stat = fs.statSync(p);
      } catch {
        stat = undefined;
      }
      if (!stat) {
        for (const gone of index.remove(p)) forget(gone);
      } else if (stat.isDirectory()) {
        for (const f of walkAnalyzable(p)) {
          index.add(f);
          toAnalyze.add(f);
        }
      } else if (isAnalyzable(p)) {
        index.add(p);
        toAnalyze.add(p);
      }
      for (const config of index.configsAffectedBy(p)) toAnalyze.add(config);
    }
    for (const f of toAnalyze)
      if (index.files.has(f))
        void analyze(f, documents.all().some((d) => toPath(d.uri) === f) ? 'interactive' : 'background');
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    roots = (params.workspaceFolders ?? []).map((w) => toPath(w.uri)).filter((p): p is string => !!p);
    if (roots.length === 0 && params.rootUri) roots = [toPath(params.rootUri)].filter((p): p is string => !!p);
    const watchedFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const init = readInitializationOptions(params.initializationOptions);
    settings = init.settings;
    progressAfterMs = init.progressAfterMs;
    execution = new ExecutionGate(init.workspaceTrusted);
    if (!execution.allowed) log('untrusted workspace: static analysis only (no model execution, no remote runs)');
    profiling.configure(params.initializationOptions);
    connection.onInitialized(() => {
      stopWatching = startFileWatching(connection, roots, watchedFiles, onDiskChanges, log);
      void indexWorkspace();
    });
    return {
      capabilities: {
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
      },
      serverInfo: { name: 'modelready', version: '0.1.0' },
    };
  });

  // VS Code sends the `triton` and `modelready` sections at start and on every change; re-analyze only on a real change.
  connection.onDidChangeConfiguration((params) => {
    const next = readSettings(params.settings);
    if (JSON.stringify(next) === JSON.stringify(settings)) return;
    settings = next;
    void analyzeAll([...index.files], 'ModelReady: settings changed, re-analyzing');
  });

  const configText = (uri: string) => {
    const doc = documents.get(uri);
    const file = toPath(uri);
    return doc && file && isTritonConfig(file) ? { doc, file, text: doc.getText() } : undefined;
  };

  documents.onDidOpen((e) => {
    const file = toPath(e.document.uri);
    if (!file || !isAnalyzable(file)) return;
    index.add(file);
    void analyze(file, 'interactive');
  });
  documents.onDidChangeContent((e) => {
    const file = toPath(e.document.uri);
    if (file && (isTritonConfig(file) || isStackFile(file))) void analyze(file, 'interactive');
  });
  documents.onDidSave((e) => {
    const file = toPath(e.document.uri);
    if (!file || !isTritonConfig(file)) return;
    // Other configs of the repository (ensembles) read this one from disk.
    contexts.deleteWhere((config) => path.dirname(path.dirname(config)) === path.dirname(path.dirname(file)));
    for (const other of index.configsAffectedBy(file)) void analyze(other, 'background');
  });
  documents.onDidClose((e) => {
    const file = toPath(e.document.uri);
    // A closed buffer's unsaved text no longer counts: analyze the file as it is on disk (or forget it).
    if (file && index.files.has(file)) void analyze(file, 'background');
    else if (file) forget(file);
  });

  connection.onCompletion(async (params, token): Promise<CompletionItem[]> => {
    const c = configText(params.textDocument.uri);
    if (!c) return [];
    const ctx = toLanguageContext(await contextFor(c.file).catch(() => ({ modelNames: [], configPaths: {} })));
    throwIfCancelled(token);
    return completionsAt(c.text, c.doc.offsetAt(params.position), ctx).map((item) => ({
      label: item.label,
      kind: COMPLETION_KIND[item.kind],
      detail: item.detail,
      documentation: item.documentation ? { kind: 'markdown', value: item.documentation } : undefined,
      insertText: item.insertText,
      insertTextFormat: item.isSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    }));
  });

  connection.onHover(async (params, token) => {
    const c = configText(params.textDocument.uri);
    if (!c) return null;
    const ctx = toLanguageContext(await contextFor(c.file).catch(() => ({ modelNames: [], configPaths: {} })));
    throwIfCancelled(token);
    const hover = hoverAt(c.text, c.doc.offsetAt(params.position), ctx);
    return hover ? { contents: { kind: 'markdown', value: hover.contents }, range: hover.range } : null;
  });

  connection.onDefinition(async (params, token) => {
    const c = configText(params.textDocument.uri);
    if (!c) return null;
    const ctx = toLanguageContext(await contextFor(c.file).catch(() => ({ modelNames: [], configPaths: {} })));
    throwIfCancelled(token);
    const target = definitionAt(c.text, c.doc.offsetAt(params.position), ctx);
    return target ? { uri: fileUri(target.file), range: target.range } : null;
  });

  connection.onDocumentSymbol((params) => {
    const c = configText(params.textDocument.uri);
    // The Triton outline uses LSP's SymbolKind numbers already.
    return c ? (documentSymbols(parseTextFormat(c.text, modelConfigHook)) as LspDocumentSymbol[]) : [];
  });
  connection.onFoldingRanges((params) => {
    const c = configText(params.textDocument.uri);
    return c ? foldingRanges(parseTextFormat(c.text, modelConfigHook)) : [];
  });
  connection.onDocumentFormatting((params) => {
    const c = configText(params.textDocument.uri);
    return c ? formatDocumentEdits(c.text) : [];
  });
  connection.onDocumentRangeFormatting((params) => {
    const c = configText(params.textDocument.uri);
    return c ? formatRangeEdits(c.text, params.range) : [];
  });

  connection.onCodeAction(async (params, token): Promise<CodeAction[]> => {
    const file = toPath(params.textDocument.uri);
    if (file && isModelFile(file)) return profileCodeActions(params.textDocument.uri, params.context.diagnostics);
    if (file && isStackFile(file)) {
      const text = documents.get(params.textDocument.uri)?.getText() ?? readTextOrUndefined(file);
      return text === undefined
        ? []
        : stackCodeActions(params.textDocument.uri, file, text, params.context.diagnostics, settings);
    }
    if (!file || !isTritonConfig(file)) return [];
    // Clients may ask for fixes of a file they have not opened (e.g. from a problems list): use the disk text.
    const text = documents.get(params.textDocument.uri)?.getText() ?? readTextOrUndefined(file);
    if (text === undefined) return [];
    const pairs = params.context.diagnostics
      .map((d) => ({ d, f: findingFromDiagnostic(file, d) }))
      .filter((p) => p.f?.fixes?.length);
    if (pairs.length === 0) return [];
    const perFinding = await pool
      .run<TritonCodeAction[][]>({ kind: 'codeActions', file, text, findings: pairs.map((p) => p.f!) }, 'interactive', {
        cancel: token,
      })
      .catch((error: Error) => {
        throwIfCancelled(token);
        throw error;
      });
    throwIfCancelled(token);
    return pairs.flatMap(({ d }, i) =>
      perFinding[i].map((a) => ({
        title: a.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: perFinding[i].length === 1,
        edit: { changes: { [params.textDocument.uri]: a.edits } },
      })),
    );
  });

  /** "dynamic input without profile": save the proposal at once, or open the form to edit it first. */
  function profileCodeActions(uri: string, diagnostics: LspDiagnostic[]): CodeAction[] {
    const needing = diagnostics.filter((d) => (d.data as DiagnosticData | undefined)?.ruleId === NEEDS_PROFILE_RULE);
    if (needing.length === 0) return [];
    return [
      {
        title: 'Add the proposed optimization profile to .modelready.json',
        kind: CodeActionKind.QuickFix,
        diagnostics: needing,
        isPreferred: true,
        command: {
          title: 'Add profile',
          command: SERVER_COMMANDS.editProfiles,
          arguments: [{ action: 'saveProposal', modelUri: uri }],
        },
      },
      {
        title: 'Edit dynamic-shape profiles…',
        kind: CodeActionKind.QuickFix,
        diagnostics: needing,
        command: { title: 'Edit dynamic-shape profiles', command: OPEN_PROFILES_FORM, arguments: [{ uri }] },
      },
    ];
  }

  async function editProfiles(argument: unknown): Promise<EditProfilesResult> {
    const checked = checkEditProfilesParams(argument);
    if (!checked.ok) return { ok: false, message: checked.error };
    const modelFile = toPath(checked.value.modelUri);
    if (!modelFile || !isModelFile(modelFile))
      return { ok: false, message: `${checked.value.modelUri} is not an .onnx file` };
    const defaultRoot = roots.find((r) => !path.relative(r, modelFile).startsWith('..'));
    const tritonConfig = checked.value.action === 'applyToConfig' ? tritonConfigFor(modelFile) : undefined;
    const configText = tritonConfig ? documents.get(uriOf(tritonConfig))?.getText() : undefined;
    let outcome: EditProfilesOutcome;
    try {
      outcome = await pool.run<EditProfilesOutcome>(
        {
          kind: 'editProfiles',
          params: checked.value,
          modelFile,
          defaultRoot,
          configText,
          ranges: settings.modelready?.profiles,
        },
        'interactive',
      );
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    if (outcome.savedModel) void analyze(outcome.savedModel, 'interactive');
    if (outcome.configEdit) {
      const { configFile, edits } = outcome.configEdit;
      // Through the editor, so the change shows in the open buffer and can be undone.
      const applied = await connection.workspace.applyEdit({
        label: 'Apply optimization profiles to config.pbtxt',
        edit: { changes: { [uriOf(configFile)]: edits } },
      });
      if (!applied.applied)
        return {
          ok: false,
          message: `the editor did not apply the edit to ${configFile}${applied.failureReason ? `: ${applied.failureReason}` : ''}`,
        };
    }
    return outcome.result;
  }

  // Registered as a plain request, not onExecuteCommand: that wrapper removes the client's workDoneToken, and
  // "Check workspace" reports progress on the client's token when there is one.
  connection.onRequest(ExecuteCommandRequest.type, async (params) => {
    if (params.command === SERVER_COMMANDS.editProfiles) return editProfiles(params.arguments?.[0]);
    if (params.command === SERVER_COMMANDS.checkWorkspace) {
      for (const root of roots) for (const f of walkAnalyzable(root)) index.add(f);
      await analyzeAll([...index.files], 'ModelReady: checking the workspace', params.workDoneToken);
      return readiness();
    }
    if (params.command === SERVER_COMMANDS.generateTritonConfig) {
      const arg = (params.arguments?.[0] ?? {}) as Partial<GenerateConfigParams>;
      const target = typeof arg.uri === 'string' ? toPath(arg.uri) : undefined;
      if (!target)
        return {
          ok: false,
          message: 'expected { uri } of a model folder or of a file in it',
        } satisfies GenerateConfigResult;
      try {
        const written = await pool.run<string>({ kind: 'generateConfig', target }, 'interactive');
        onDiskChanges([written]);
        return { ok: true, uri: fileUri(written) } satisfies GenerateConfigResult;
      } catch (error) {
        return {
          ok: false,
          message: error instanceof Error ? error.message : String(error),
        } satisfies GenerateConfigResult;
      }
    }
    if (params.command === SERVER_COMMANDS.convertOpset || params.command === SERVER_COMMANDS.applyModelFix) {
      const arg = (params.arguments?.[0] ?? {}) as Partial<ConvertOpsetParams & ApplyModelFixParams>;
      const file = typeof arg.uri === 'string' ? toPath(arg.uri) : undefined;
      if (!file || !isModelFile(file))
        return { ok: false, message: 'expected { uri } of an .onnx file' } satisfies ConvertOpsetResult;
      const job =
        params.command === SERVER_COMMANDS.convertOpset
          ? { kind: 'convertOpset' as const, file, opset: Number(arg.opset) }
          : { kind: 'applyModelFix' as const, file, fixId: String(arg.fixId) };
      try {
        const written = await pool.run<ModelRewrite>(job, 'interactive');
        onDiskChanges([written.path]);
        return { ok: true, uri: fileUri(written.path), summary: written.summary } satisfies ConvertOpsetResult &
          ApplyModelFixResult;
      } catch (error) {
        return {
          ok: false,
          message: error instanceof Error ? error.message : String(error),
        } satisfies ConvertOpsetResult;
      }
    }
    throw new Error(`unknown command ${params.command}`);
  });

  connection.onRequest(ReadinessRequest, () => readiness());
  connection.onRequest(FindingsRequest, async (params: FindingsParams): Promise<FindingsResult> => {
    const file = toPath(params.uri);
    if (!file) return { findings: [] };
    // The graph view asks as soon as a model opens: answer with the finished analysis, never a premature empty list.
    const pending =
      inflight.get(file)?.done ??
      (results.has(file) || !fs.existsSync(file) ? undefined : analyze(file, 'interactive'));
    await pending;
    return { findings: results.get(file) ?? [] };
  });
  connection.onRequest(ModelSummaryRequest, async (params: ModelSummaryParams): Promise<ModelSummaryResult> => {
    const file = toPath(params.uri);
    if (!file || !isModelFile(file)) return { ok: false, message: `${params.uri} is not an .onnx file` };
    let stamp: string;
    try {
      const st = fs.statSync(file);
      stamp = `${st.size}:${st.mtimeMs}`;
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    const cached = summaries.get(file);
    if (cached?.stamp === stamp) return cached.result;
    const result = pool
      .run<ModelSummaryResult>({ kind: 'summary', file }, 'interactive')
      .catch((error: Error) => ({ ok: false as const, message: error.message }));
    summaries.set(file, { stamp, result });
    return result;
  });

  connection.onShutdown(async () => {
    stopWatching?.();
    profiling.dispose();
    await pool.close();
  });

  documents.listen(connection);
  connection.listen();
}
