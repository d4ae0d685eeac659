// The engine view's page, as the extension serves it in a webview (server/webview-page.ts: the CSP and the page frame
// every webview shares).
import { webviewPageHtml, type WebviewPageBase } from '../webview-page';

export interface EngineViewPage extends WebviewPageBase {
  styleUri: string;
}

export function buildEngineViewHtml(page: EngineViewPage): string {
  return webviewPageHtml({
    ...page,
    title: page.title ?? 'TensorRT engine',
    body: '<main id="engine" aria-live="polite"></main>',
  });
}
