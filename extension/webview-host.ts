// The one way the extension hosts a webview (graph editor, results view, profiles form): the page's resources from
// dist/ with a fresh nonce (the page itself is built by server/webview-page.ts), and every raw message handed to a
// host session that checks it first (server/webview-messages.ts); refused messages are logged.
import crypto from 'node:crypto';
import * as vscode from 'vscode';
import { liveViewHtml, type LiveView } from '../server/webview-page';

/** A host session: takes raw messages from its view (it validates them; see server/webview-messages.ts). */
export interface WebviewHostSession {
  receive(raw: unknown): unknown;
}

/** A file of dist/ as the webview may load it. */
export function distUri(context: vscode.ExtensionContext, webview: vscode.Webview, file: string): string {
  return webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'dist', file)).toString();
}

/** Nonce (fresh per page), CSP source and script URI of a page whose bundle is dist/<script>. */
export function pageResources(
  context: vscode.ExtensionContext,
  webview: vscode.Webview,
  script: string,
): { nonce: string; cspSource: string; scriptUri: string } {
  return {
    nonce: crypto.randomBytes(18).toString('base64'),
    cspSource: webview.cspSource,
    scriptUri: distUri(context, webview, script),
  };
}

/** Webview options: scripts on, resources from dist/ only (plus any extra folders). */
export function webviewOptions(
  context: vscode.ExtensionContext,
  ...extraRoots: string[]
): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: ['dist', ...extraRoots].map((f) => vscode.Uri.joinPath(context.extensionUri, f)),
  };
}

/** A panel of a live view (results, engine): its page with dist/<view>.js and .css, kept while hidden. */
export function liveViewPanel(
  context: vscode.ExtensionContext,
  view: LiveView,
  title: string,
  column: vscode.ViewColumn,
): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel(`modelready.${view}`, title, column, {
    ...webviewOptions(context),
    retainContextWhenHidden: true,
  });
  panel.webview.html = liveViewHtml(view, {
    ...pageResources(context, panel.webview, `${view}.js`),
    styleUri: distUri(context, panel.webview, `${view}.css`),
    title,
  });
  return panel;
}

/** Hands the view's messages to `session` until the panel closes; `onDispose` runs then. */
export function connectSession(
  panel: vscode.WebviewPanel,
  session: WebviewHostSession,
  onDispose: () => void = () => undefined,
): void {
  const subscription = panel.webview.onDidReceiveMessage((raw: unknown) => void session.receive(raw));
  panel.onDidDispose(() => {
    subscription.dispose();
    onDispose();
  });
}

/** What a session reports for a refused message, written to an output channel. */
export function logRefusals(output: vscode.OutputChannel, view: string): (reason: string) => void {
  return (reason) => output.appendLine(`${view}: refused a message from the view: ${reason}`);
}
