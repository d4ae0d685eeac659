// The results view's page, as the extension serves it in a webview (server/webviewPage.ts: the CSP and the page
// frame every webview shares).
import { webviewPageHtml, type WebviewPageBase } from '../webviewPage';

export interface ResultsViewPage extends WebviewPageBase {
  styleUri: string;
}

export function buildResultsViewHtml(page: ResultsViewPage): string {
  return webviewPageHtml({ ...page, title: page.title ?? 'Profiling results', body: '<main id="results" aria-live="polite"></main>' });
}
