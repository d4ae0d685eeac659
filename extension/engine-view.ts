// The engine view: "ModelReady: Open Engine Description" loads a TensorRT layer JSON through the language server
// (modelready/engine/open: profile and ONNX model found beside it, or the model picked) and shows it in a webview
// panel hosted like every view (webview-host.ts) by an EngineSession that validates each message. "Reveal in ONNX
// graph" opens the model's graph beside the engine; the graph's "Reveal in engine" selects the layers here.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EngineOpenRequest, type EngineOpenParams, type EngineOpenResult } from '../server/contract/engine-view';
import { EngineSession } from '../server/engine/engine-session';
import { targetUri } from './commands';
import { connectSession, liveViewPanel, logRefusals } from './webview-host';

type Opened = Extract<EngineOpenResult, { ok: true }>;

/** One engine panel; its session is replaced when the user picks the ONNX model after opening. */
class EnginePanel {
  session: EngineSession;

  constructor(
    readonly panel: vscode.WebviewPanel,
    public opened: Opened,
    private readonly output: vscode.OutputChannel,
    private readonly pickModel: () => void,
  ) {
    this.session = this.sessionFor(opened);
  }

  get onnx(): string | null {
    return this.opened.onnxUri;
  }

  show(opened: Opened): void {
    this.opened = opened;
    this.session = this.sessionFor(opened);
    this.session.receive({ type: 'engine/ready' });
  }

  receive(raw: unknown): void {
    this.session.receive(raw);
  }

  private sessionFor(opened: Opened): EngineSession {
    return new EngineSession(opened.title, opened.report, {
      post: (message) => void this.panel.webview.postMessage(message),
      onInvalid: logRefusals(this.output, 'engine view'),
      revealInOnnx: (nodes) => {
        const onnx = this.opened.onnxUri;
        if (onnx) void vscode.commands.executeCommand('modelready.graph.revealBeside', vscode.Uri.parse(onnx), nodes);
        else this.pickModel();
      },
    });
  }
}

export class EnginePanels {
  private readonly panels = new Map<string, EnginePanel>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
    private readonly output: vscode.OutputChannel,
  ) {}

  async open(arg: unknown): Promise<void> {
    const target = targetUri(arg);
    const uri = target && /\.json$/i.test(target.path) ? target : await pickJson();
    if (!uri) return;
    const opened = await this.request({ uri: uri.toString() });
    if (!opened) return;
    const key = uri.toString();
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal();
      this.replace(existing, opened);
    } else this.create(key, opened);
    if (!opened.onnxUri) void this.offerModelPick(key);
  }

  /** The ONNX model's engine panels select the layers built from `node`; false when none is open. */
  revealNode(model: vscode.Uri, node: string): boolean {
    const views = this.linkedTo(model);
    for (const view of views) {
      // Shown where it already is (beside the graph since "Reveal in ONNX graph"), not moved to a new group.
      view.panel.reveal(view.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
      view.session.revealNode(node);
    }
    if (views.length === 0)
      void vscode.window.showInformationMessage(
        'ModelReady: no engine view of this model is open (ModelReady: Open Engine Description).',
      );
    return views.length > 0;
  }

  linkedTo(model: vscode.Uri): EnginePanel[] {
    return [...this.panels.values()].filter((p) => p.onnx === model.toString());
  }

  private async request(params: EngineOpenParams): Promise<Opened | undefined> {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'ModelReady: reading the engine description' },
      () => this.client.sendRequest(EngineOpenRequest, params),
    );
    if (result.ok) return result;
    void vscode.window.showErrorMessage(`ModelReady: ${result.message}`);
    return undefined;
  }

  private create(key: string, opened: Opened): void {
    const panel = liveViewPanel(this.context, 'engine', `Engine: ${opened.title}`, vscode.ViewColumn.Active);
    const view = new EnginePanel(panel, opened, this.output, () => void this.offerModelPick(key));
    this.panels.set(key, view);
    linkGraph(opened.onnxUri, true);
    connectSession(panel, view, () => {
      this.panels.delete(key);
      if (view.onnx && this.linkedTo(vscode.Uri.parse(view.onnx)).length === 0) linkGraph(view.onnx, false);
    });
  }

  private replace(view: EnginePanel, opened: Opened): void {
    const before = view.onnx;
    view.show(opened);
    if (before && before !== opened.onnxUri && this.linkedTo(vscode.Uri.parse(before)).length === 0)
      linkGraph(before, false);
    linkGraph(opened.onnxUri, true);
  }

  /** No ONNX model beside the description: reveal in the graph needs one, so offer to pick it. */
  private async offerModelPick(key: string): Promise<void> {
    const pick = 'Pick the ONNX model…';
    const answer = await vscode.window.showInformationMessage(
      'ModelReady: no ONNX model found beside the engine description; "Reveal in ONNX graph" needs the model it was built from.',
      pick,
    );
    if (answer !== pick) return;
    const [onnx] =
      (await vscode.window.showOpenDialog({
        filters: { 'ONNX model': ['onnx'] },
        title: 'The ONNX model of this engine',
      })) ?? [];
    const view = this.panels.get(key);
    if (!onnx || !view) return;
    const opened = await this.request({
      uri: key,
      profileUri: view.opened.profileUri ?? undefined,
      onnxUri: onnx.toString(),
    });
    if (opened) this.replace(view, opened);
  }
}

function linkGraph(onnx: string | null, linked: boolean): void {
  if (onnx) void vscode.commands.executeCommand('modelready.graph.engineLinked', vscode.Uri.parse(onnx), linked);
}

async function pickJson(): Promise<vscode.Uri | undefined> {
  const [file] =
    (await vscode.window.showOpenDialog({
      filters: { 'TensorRT layer info (JSON)': ['json'] },
      title: 'Open a TensorRT engine description (trtexec --exportLayerInfo)',
    })) ?? [];
  return file;
}

export function registerEngineView(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  output: vscode.OutputChannel,
): void {
  const panels = new EnginePanels(context, client, output);
  context.subscriptions.push(
    vscode.commands.registerCommand('modelready.openEngine', (arg: unknown) =>
      panels.open(arg).catch((error: Error) => vscode.window.showErrorMessage(`ModelReady: ${error.message}`)),
    ),
    // Internal: the graph view's "Reveal in engine" and whether to offer it.
    vscode.commands.registerCommand('modelready.engine.revealNode', (model: vscode.Uri, node: string) =>
      panels.revealNode(model, node),
    ),
    vscode.commands.registerCommand(
      'modelready.engine.isLinked',
      (model: vscode.Uri) => panels.linkedTo(model).length > 0,
    ),
  );
}
