// The graph view's page, as the extension host serves it in a webview. Pure (no vscode import) so the
// extension and the browser tests build the very same page. Strict CSP: scripts only with the nonce,
// nothing remote; the layout worker is fetched from the extension's media and started from a blob: URL.
import { webviewPageHtml, type WebviewPageBase } from '../webview-page';
import { escapeXml } from '../../common/escape-xml';

export interface GraphViewPage extends WebviewPageBase {
  workerUri: string;
  styleUri: string;
}

export function buildGraphViewHtml(page: GraphViewPage): string {
  return webviewPageHtml({
    ...page,
    title: page.title ?? 'ONNX graph',
    body: `<div id="app" data-worker-uri="${escapeXml(page.workerUri)}"></div>`,
  });
}
