// The model diff in the graph view: "Compare ONNX Models" (two files selected in the Explorer, or picked) and
// "Compare with HEAD" (a modified .onnx against its committed version, whose bytes come from the Git extension's
// API). The language server computes the diff (modelready/diffModels); a DiffGraphSession hosts the overlaid graph
// in a graph-view page, validating every message like the graph editor's session.
import path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DiffModelsRequest, type DiffModelsParams, type ModelDiffView } from '../server/contract/model-diff';
import { buildGraphViewHtml } from '../server/graph/html';
import { graphCode, isOnnxPath } from './lazy-graph';
import { pickModel, targetUri } from './commands';
import { connectSession, distUri, logRefusals, pageResources, webviewOptions } from './webview-host';

const DIFF_VIEW_TYPE = 'modelready.diff';
const isOnnx = (uri: vscode.Uri) => isOnnxPath(uri.path);

/** The two models of an Explorer multi-selection (clicked item, all selected items), else two the user picks. */
async function twoModels(clicked: unknown, selected: unknown): Promise<[vscode.Uri, vscode.Uri] | undefined> {
  const chosen = Array.isArray(selected) ? selected.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
  const onnx = chosen.filter(isOnnx);
  if (onnx.length === 2) return [onnx[0], onnx[1]];
  if (chosen.length > 0 && onnx.length !== 2) {
    void vscode.window.showErrorMessage(
      `ModelReady: Compare ONNX Models needs exactly two .onnx files selected; ${onnx.length} of the ${chosen.length} selected are .onnx files.`,
    );
    return undefined;
  }
  const a = await pickModel(clicked, 'Compare: the first (older) model');
  if (!a) return undefined;
  const b = await pickModel(undefined, `Compare ${path.basename(a.fsPath)} with which model?`);
  return b ? [a, b] : undefined;
}

/** The HEAD blob of `uri` through the built-in Git extension, or a message saying why there is none. */
async function headBytes(uri: vscode.Uri): Promise<Uint8Array | string> {
  const git = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!git) return 'the Git extension is not available';
  const api = (git.isActive ? git.exports : await git.activate()).getAPI(1);
  const repository = await repositoryOf(api, uri);
  if (!repository) return `${uri.fsPath} is not in a Git repository`;
  try {
    return await repository.buffer('HEAD', uri.fsPath);
  } catch {
    return `${uri.fsPath} has no committed version in HEAD`;
  }
}

const GIT_SCAN_WAIT_MS = 15_000;

/**
 * The repository holding `uri`. Right after a folder opens, the Git extension is still scanning it and knows no
 * repository yet: wait for its scan to end, then ask it to open the file's repository itself.
 */
async function repositoryOf(api: GitApi, uri: vscode.Uri): Promise<GitRepository | null> {
  if (api.state !== 'initialized') {
    await new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        listener.dispose();
        resolve();
      };
      const timer = setTimeout(finish, GIT_SCAN_WAIT_MS);
      const listener = api.onDidChangeState((state) => state === 'initialized' && finish());
    });
  }
  return api.getRepository(uri) ?? (await api.openRepository(vscode.Uri.file(path.dirname(uri.fsPath))));
}

async function openDiff(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  output: vscode.OutputChannel,
  params: DiffModelsParams,
  labels: { a: string; b: string },
): Promise<void> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `ModelReady: comparing ${labels.a} with ${labels.b}` },
    () => client.sendRequest(DiffModelsRequest, params),
  );
  if (!result.ok) {
    void vscode.window.showErrorMessage(`ModelReady: ${result.message}`);
    return;
  }
  const title = `${labels.a} ↔ ${labels.b}`;
  const panel = vscode.window.createWebviewPanel(DIFF_VIEW_TYPE, title, vscode.ViewColumn.Active, {
    ...webviewOptions(context),
    retainContextWhenHidden: true,
  });
  panel.webview.html = buildGraphViewHtml({
    ...pageResources(context, panel.webview, 'webview.js'),
    workerUri: distUri(context, panel.webview, 'webview-worker.js'),
    styleUri: distUri(context, panel.webview, 'webview.css'),
    title,
  });
  connectSession(panel, diffSession(panel, output, params, result.view, labels), () => {});
}

function diffSession(
  panel: vscode.WebviewPanel,
  output: vscode.OutputChannel,
  params: DiffModelsParams,
  view: ModelDiffView,
  labels: { a: string; b: string },
) {
  const { readOnnxModel, readOnnxModelFromBuffer, DiffGraphSession, opDocsFor } = graphCode();
  const model = readOnnxModel(vscode.Uri.parse(params.b.uri).fsPath);
  const a = params.a;
  // Model A for the side-by-side panes, read when the view asks: the file, or the HEAD revision's bytes.
  const readA = () =>
    a.bytes === undefined
      ? readOnnxModel(vscode.Uri.parse(a.uri).fsPath)
      : readOnnxModelFromBuffer(Buffer.from(a.bytes, 'base64'), labels.a);
  return new DiffGraphSession(
    model,
    view,
    labels,
    {
      post: (message) => void panel.webview.postMessage(message),
      onInvalid: logRefusals(output, 'diff view'),
      docs: (op, domain) => opDocsFor(model, op, domain),
    },
    readA,
  );
}

export function registerModelDiff(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  output: vscode.OutputChannel,
): void {
  const failed = (error: Error) => vscode.window.showErrorMessage(`ModelReady: ${error.message}`);
  context.subscriptions.push(
    vscode.commands.registerCommand('modelready.compareModels', async (clicked: unknown, selected: unknown) => {
      const pair = await twoModels(clicked, selected);
      if (!pair) return;
      const [a, b] = pair;
      const labels = { a: vscode.workspace.asRelativePath(a), b: vscode.workspace.asRelativePath(b) };
      await openDiff(context, client, output, { a: { uri: a.toString() }, b: { uri: b.toString() } }, labels).catch(
        failed,
      );
    }),
    // From the Explorer, the editor title or the Source Control view (its argument has the file as resourceUri).
    vscode.commands.registerCommand('modelready.compareWithHead', async (arg: unknown) => {
      const resource = (arg as { resourceUri?: unknown } | undefined)?.resourceUri;
      const uri = targetUri(resource instanceof vscode.Uri ? resource : arg);
      if (!uri || !isOnnx(uri)) {
        void vscode.window.showErrorMessage('ModelReady: Compare with HEAD works on an .onnx file.');
        return;
      }
      const head = await headBytes(uri);
      if (typeof head === 'string') {
        void vscode.window.showErrorMessage(`ModelReady: cannot compare with HEAD: ${head}.`);
        return;
      }
      const name = vscode.workspace.asRelativePath(uri);
      const a = { uri: uri.toString(), bytes: Buffer.from(head).toString('base64') };
      await openDiff(
        context,
        client,
        output,
        { a, b: { uri: uri.toString() } },
        {
          a: `${name} (HEAD)`,
          b: name,
        },
      ).catch(failed);
    }),
  );
}

interface GitRepository {
  buffer(ref: string, path: string): Promise<Uint8Array>;
}

/** The part of the Git extension's API 1 used here (extensions/git/src/api/git.d.ts). */
interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  getRepository(uri: vscode.Uri): GitRepository | null;
  openRepository(root: vscode.Uri): Promise<GitRepository | null>;
}

interface GitExtension {
  getAPI(version: 1): GitApi;
}
