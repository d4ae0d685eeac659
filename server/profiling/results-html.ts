// The results view's page, as the extension serves it in a webview (server/webview-page.ts: the CSP and the page
// frame every webview shares).
import { webviewPageHtml, type WebviewPageBase } from '../webview-page';

export interface ResultsViewPage extends WebviewPageBase {
  styleUri: string;
}

export function buildResultsViewHtml(page: ResultsViewPage): string {
  return webviewPageHtml({
    ...page,
    title: page.title ?? 'Profiling results',
    body: '<main id="results" aria-live="polite"></main>',
  });
}
