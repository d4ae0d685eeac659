// The read-only custom editor for *.onnx: the graph view (webview/, built to dist/webview.js) in the page of
// server/graph/html.ts, answered by a GraphSession (server/graph/session.ts) that validates every message first.
// Findings come from the language server; fixes run there. Registered with priority "default", so "Open With..."
// still offers the text and hex editors.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { buildGraphViewHtml } from '../server/graph/html';
import type { GraphSession } from '../server/graph/session';
import { graphCode, isOnnxPath } from './lazy-graph';
import type { FindingsParams, FindingsResult } from '../server/contract/analysis';
import type { ApplyModelFixParams, ApplyModelFixResult } from '../server/contract/commands';
import type { GraphHostMessage, GraphOverlay } from '../server/contract/graph-view';
import type { EditProfilesResult } from '../server/contract/shape-profiles';
import { FindingsRequest } from '../server/contract/analysis';
import { SERVER_COMMANDS } from '../server/contract/commands';
import { executeServerCommand, pickModel } from './commands';
import { connectSession, distUri, logRefusals, pageResources, webviewOptions } from './webview-host';

export const GRAPH_VIEW_TYPE = 'modelready.graph';
/** Fixes that need the user's input first (a form, a target opset): their command, called with the model's URI. */
const FIX_COMMANDS: Record<string, string> = {
  'config.addProfile': 'modelready.editProfiles',
  'onnx.upgradeOpset': 'modelready.convertOpset',
};

/** One open graph editor: its panel, and a node to reveal once the view has its skeleton. */
class GraphPanel {
  private session: GraphSession | undefined;
  private loadError: string | undefined;
  private hasSkeleton = false;
  private pendingReveal: Extract<GraphHostMessage, { type: 'graph/reveal' }> | undefined;
  private pendingOverlay: GraphOverlay | undefined;
  /** An engine view of this model is open (extension/engine-view.ts): the view offers "Reveal in engine". */
  private engineLinked = false;
  /** What the current session was built from: a re-analysis with the same findings keeps the view as it is. */
  private loadedFrom: string | undefined;
  /** The load in progress: the view's messages wait for it (its `graph/ready` may come before the model is read). */
  private loading: Promise<void> = Promise.resolve();

  constructor(
    readonly uri: vscode.Uri,
    readonly panel: vscode.WebviewPanel,
    private readonly client: LanguageClient,
    private readonly output: vscode.OutputChannel,
  ) {}

  /** (Re)reads the model and asks the server for its findings; an open view gets the new skeleton. */
  load(): Promise<void> {
    this.loading = this.loading
      .then(() => this.rebuild())
      .catch((error: Error) => this.output.appendLine(`graph: ${this.uri.fsPath}: ${error.stack ?? error.message}`));
    return this.loading;
  }

  private async rebuild(): Promise<void> {
    let findings: FindingsResult['findings'] = [];
    try {
      findings = (
        await this.client.sendRequest(FindingsRequest, {
          uri: this.uri.toString(),
        } satisfies FindingsParams)
      ).findings;
    } catch (error) {
      this.output.appendLine(`graph: no findings for ${this.uri.fsPath}: ${String(error)}`);
    }
    let stamp: string;
    try {
      const stat = await vscode.workspace.fs.stat(this.uri);
      stamp = `${stat.size}:${stat.mtime}:${JSON.stringify(findings)}`;
    } catch (error) {
      stamp = String(error);
    }
    if (stamp === this.loadedFrom) return;
    this.loadedFrom = stamp;
    const { readOnnxModel, GraphSession, opDocsFor } = graphCode();
    try {
      const model = readOnnxModel(this.uri.fsPath);
      this.session = new GraphSession(
        model,
        findings,
        {
          post: (message) => this.post(message),
          onInvalid: logRefusals(this.output, 'graph view'),
          docs: (op, domain) => opDocsFor(model, op, domain),
          applyFix: (fix) =>
            void this.applyFix(fix.fixId).catch((error: Error) =>
              vscode.window.showErrorMessage(`ModelReady: the fix failed: ${error.message}`),
            ),
          revealInEngine: (nodeName) =>
            void vscode.commands.executeCommand('modelready.engine.revealNode', this.uri, nodeName),
          exportFile: (format, data) =>
            void exportImage(this.uri, format, data).catch((error: Error) =>
              vscode.window.showErrorMessage(`ModelReady: export failed: ${error.message}`),
            ),
          openSource: (file, line) => void openSourceLine(file, line),
        },
        { sourceRoot: vscode.workspace.getWorkspaceFolder(this.uri)?.uri.fsPath },
      );
      // The webview is loading meanwhile: its first ask for the graph is then answered at once.
      this.session.prepare();
      this.loadError = undefined;
    } catch (error) {
      // Unreadable model: the view says why (the same message is in Problems), never a blank page.
      this.session = undefined;
      this.loadError = error instanceof Error ? error.message : String(error);
    }
    if (this.hasSkeleton) this.deliver({ type: 'graph/ready' });
  }

  /** A raw message from the webview: the session validates it before anything acts on it. */
  receive(raw: unknown): void {
    void this.loading.then(() => this.deliver(raw));
  }

  private deliver(raw: unknown): void {
    if (this.session) this.session.receive(raw);
    else
      void this.panel.webview.postMessage({
        type: 'graph/error',
        message: `${this.uri.fsPath}: ${this.loadError ?? 'the model could not be read'}`,
      } satisfies GraphHostMessage);
  }

  /** Colours the nodes (profiling time shares); sent once the view has its skeleton. */
  showOverlay(overlay: GraphOverlay): void {
    if (this.hasSkeleton) this.post({ type: 'graph/overlay', overlay });
    else this.pendingOverlay = overlay;
  }

  setEngineLinked(linked: boolean): void {
    this.engineLinked = linked;
    if (this.hasSkeleton) this.post({ type: 'graph/engineLinked', linked });
  }

  /** Selects and centres `nodeName`, with `together` selected too (the nodes of one engine layer). */
  reveal(nodeName: string, together: string[] = []): void {
    const message = { type: 'graph/reveal' as const, nodeName, ...(together.length > 0 ? { together } : {}) };
    if (this.hasSkeleton) this.post(message);
    else this.pendingReveal = message;
  }

  /** Settles once VS Code handed the message to the webview (the session infers shapes after the skeleton's). */
  private post(message: GraphHostMessage): Thenable<boolean> {
    const delivered = this.panel.webview.postMessage(message);
    if (message.type === 'graph/skeleton' && !this.hasSkeleton) {
      this.hasSkeleton = true;
      if (this.pendingReveal !== undefined) this.post(this.pendingReveal);
      this.pendingReveal = undefined;
      if (this.pendingOverlay) this.post({ type: 'graph/overlay', overlay: this.pendingOverlay });
      this.pendingOverlay = undefined;
      if (this.engineLinked) this.post({ type: 'graph/engineLinked', linked: true });
    }
    return delivered;
  }

  private async applyFix(fixId: string): Promise<void> {
    const command = FIX_COMMANDS[fixId];
    if (command) {
      await vscode.commands.executeCommand(command, this.uri);
      return;
    }
    if (fixId === 'profiles.narrow') {
      const narrowed = await executeServerCommand<EditProfilesResult>(this.client, SERVER_COMMANDS.editProfiles, {
        action: 'narrow',
        modelUri: this.uri.toString(),
      });
      if (narrowed.ok)
        void vscode.window.showInformationMessage(`ModelReady: narrowed profiles saved to ${narrowed.view.configFile}`);
      else
        void vscode.window.showErrorMessage(
          `ModelReady: ${narrowed.message}${narrowed.problems?.length ? `: ${narrowed.problems.join('; ')}` : ''}`,
        );
      return;
    }
    const params: ApplyModelFixParams = { uri: this.uri.toString(), fixId };
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'ModelReady: applying the fix' },
      () => executeServerCommand<ApplyModelFixResult>(this.client, SERVER_COMMANDS.applyModelFix, params),
    );
    if (!result.ok) {
      void vscode.window.showErrorMessage(`ModelReady: ${result.message}`);
      return;
    }
    this.output.appendLine(result.summary);
    const open = 'Open the new model';
    // The first line says what changed; the whole report is in the output channel.
    if (
      (await vscode.window.showInformationMessage(
        `ModelReady: ${result.summary.split('\n')[0]}; wrote ${vscode.Uri.parse(result.uri).fsPath}`,
        open,
      )) === open
    ) {
      await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.parse(result.uri), GRAPH_VIEW_TYPE);
    }
  }
}

/** A node's Python source line (one-based), beside the graph so the graph stays in view. */
async function openSourceLine(file: string, line: number): Promise<void> {
  const at = new vscode.Position(Math.max(0, line - 1), 0);
  await vscode.window.showTextDocument(vscode.Uri.file(file), {
    viewColumn: vscode.ViewColumn.Beside,
    selection: new vscode.Range(at, at),
  });
}

/** Save dialog, then the SVG text or the PNG data URL's bytes. */
async function exportImage(model: vscode.Uri, format: 'svg' | 'png', data: string): Promise<void> {
  let bytes: Uint8Array;
  if (format === 'svg') {
    bytes = new TextEncoder().encode(data);
  } else {
    const prefix = 'data:image/png;base64,';
    if (!data.startsWith(prefix)) {
      void vscode.window.showErrorMessage(
        'ModelReady: the view sent a PNG export that is not a PNG data URL; nothing was written.',
      );
      return;
    }
    bytes = Buffer.from(data.slice(prefix.length), 'base64');
  }
  const target = await vscode.window.showSaveDialog({
    defaultUri: model.with({ path: model.path.replace(/\.onnx$/i, '') + `.${format}` }),
    filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
    title: 'Export the graph view',
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, bytes);
  void vscode.window.showInformationMessage(`ModelReady: wrote ${target.fsPath}`);
}

class GraphEditorProvider implements vscode.CustomReadonlyEditorProvider {
  readonly panels = new Set<GraphPanel>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
    private readonly output: vscode.OutputChannel,
  ) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    const linkedNode = nodeOfLink(document.uri);
    if (linkedNode !== undefined) {
      // A diagnostic's node link (`model.onnx#node=…`, server/lsp/diagnostics.ts nodeUri): reveal the node in the
      // model's own graph editor rather than opening a second one for the same file.
      panel.dispose();
      await vscode.commands.executeCommand('modelready.revealNode', {
        uri: document.uri.with({ fragment: '' }),
        nodeName: linkedNode,
      });
      return;
    }
    const webview = panel.webview;
    webview.options = webviewOptions(this.context, 'media');
    webview.html = buildGraphViewHtml({
      ...pageResources(this.context, webview, 'webview.js'),
      workerUri: distUri(this.context, webview, 'webview-worker.js'),
      styleUri: distUri(this.context, webview, 'webview.css'),
      title: document.uri.path.split('/').pop(),
    });
    const view = new GraphPanel(document.uri, panel, this.client, this.output);
    this.panels.add(view);
    const disposables: vscode.Disposable[] = [];
    connectSession(panel, view, () => {
      this.panels.delete(view);
      for (const d of disposables) d.dispose();
    });
    // The model changed on disk or the server re-analyzed it: rebuild the view's data.
    const reload = debounce(() => void view.load(), 200);
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.joinPath(document.uri, '..'), document.uri.path.split('/').pop()!),
    );
    disposables.push(watcher, watcher.onDidChange(reload), watcher.onDidCreate(reload));
    disposables.push(
      vscode.languages.onDidChangeDiagnostics(
        (e) => e.uris.some((u) => u.toString() === document.uri.toString()) && reload(),
      ),
    );
    view.setEngineLinked(
      (await vscode.commands.executeCommand<boolean>('modelready.engine.isLinked', document.uri)) === true,
    );
    await view.load();
  }

  panelsFor(uri: vscode.Uri): GraphPanel[] {
    return [...this.panels].filter((p) => p.uri.toString() === uri.toString());
  }
}

function debounce(run: () => void, ms: number): () => void {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
}

/** The node a `…#node=<name>` link names (`Uri.fragment` is already percent-decoded). */
function nodeOfLink(uri: vscode.Uri): string | undefined {
  return uri.fragment.startsWith('node=') ? uri.fragment.slice('node='.length) : undefined;
}

/** `modelready.revealNode` arguments, from a command link or another extension: checked, not trusted. */
function revealArgs(arg: unknown): { uri: vscode.Uri; nodeName: string } | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { uri, nodeName } = arg as Record<string, unknown>;
  if (typeof nodeName !== 'string' || nodeName.length > 4096) return undefined;
  const parsed = uri instanceof vscode.Uri ? uri : typeof uri === 'string' ? vscode.Uri.parse(uri, true) : undefined;
  return parsed && isOnnxPath(parsed.path) ? { uri: parsed, nodeName } : undefined;
}

export function registerGraphEditor(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  output: vscode.OutputChannel,
): void {
  const provider = new GraphEditorProvider(context, client, output);
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(GRAPH_VIEW_TYPE, provider, {
      webviewOptions: { retainContextWhenHidden: true },
      supportsMultipleEditorsPerDocument: false,
    }),
    vscode.commands.registerCommand('modelready.showGraph', async (arg: unknown) => {
      const uri = await pickModel(arg, 'Show the graph of which model?');
      if (uri) await vscode.commands.executeCommand('vscode.openWith', uri, GRAPH_VIEW_TYPE);
    }),
    vscode.commands.registerCommand('modelready.revealNode', async (arg: unknown) => {
      const target = revealArgs(arg);
      if (!target) {
        void vscode.window.showErrorMessage(
          'ModelReady: Reveal node in graph expects { uri: <model.onnx>, nodeName }.',
        );
        return;
      }
      await vscode.commands.executeCommand('vscode.openWith', target.uri, GRAPH_VIEW_TYPE);
      for (const view of provider.panelsFor(target.uri)) view.reveal(target.nodeName);
    }),
    // Internal: the engine view's "Reveal in ONNX graph" opens the graph beside the engine view, focus kept there, and
    // selects every node the layer was built from.
    vscode.commands.registerCommand('modelready.graph.revealBeside', async (uri: vscode.Uri, nodeNames: string[]) => {
      const options = { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true };
      const open = provider.panelsFor(uri);
      if (open.length > 0) open[0].panel.reveal(undefined, true);
      else await vscode.commands.executeCommand('vscode.openWith', uri, GRAPH_VIEW_TYPE, options);
      for (const view of provider.panelsFor(uri)) view.reveal(nodeNames[0], nodeNames.slice(1));
    }),
    // Internal: an engine view of the model opened or closed.
    vscode.commands.registerCommand('modelready.graph.engineLinked', (uri: vscode.Uri, linked: boolean) => {
      for (const view of provider.panelsFor(uri)) view.setEngineLinked(linked);
    }),
    // Internal (not in the palette): the results view's "Show on graph" and the ORT run colour the model's graph.
    vscode.commands.registerCommand('modelready.graph.showOverlay', async (uri: vscode.Uri, overlay: GraphOverlay) => {
      await vscode.commands.executeCommand('vscode.openWith', uri, GRAPH_VIEW_TYPE);
      for (const view of provider.panelsFor(uri)) view.showOverlay(overlay);
    }),
  );
}
