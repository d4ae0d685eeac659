// Every webview page ModelReady serves (graph view, results view, profiles form) is built here, so they share one
// strict Content-Security-Policy: scripts only with a fresh nonce, nothing remote, no inline handlers. Pure (no vscode
// import), so the extension and the browser tests serve the very same pages.
import { escapeXml } from '../common/escape-xml';

export interface WebviewPageBase {
  /** Fresh random per page load (base64 or hex). */
  nonce: string;
  /** The webview's resource origin (`webview.cspSource`). */
  cspSource: string;
  scriptUri: string;
  /** A stylesheet beside the script; pages without one carry their CSS in `inlineStyle`. */
  styleUri?: string;
  title?: string;
}

export interface WebviewPage extends WebviewPageBase {
  title: string;
  /** CSS written by us (never model strings); served in a nonce'd <style>. */
  inlineStyle?: string;
  /** The body's markup before the script: written by us, with every value already escaped. */
  body: string;
}

export function contentSecurityPolicy(page: Pick<WebviewPageBase, 'nonce' | 'cspSource'>): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(page.nonce)) throw new Error('nonce must be at least 16 base64/hex characters');
  return [
    "default-src 'none'",
    `script-src 'nonce-${page.nonce}'`,
    `style-src ${page.cspSource} 'nonce-${page.nonce}'`,
    `img-src ${page.cspSource} data: blob:`,
    `font-src ${page.cspSource}`,
    `connect-src ${page.cspSource}`,
    'worker-src blob:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function webviewPageHtml(page: WebviewPage): string {
  const attr = (s: string): string => escapeXml(s);
  const nonce = attr(page.nonce);
  const style = [
    page.styleUri ? `<link rel="stylesheet" href="${attr(page.styleUri)}" nonce="${nonce}">\n` : '',
    page.inlineStyle ? `<style nonce="${nonce}">\n${page.inlineStyle.trim()}\n</style>\n` : '',
  ].join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(page))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(page.title)}</title>
${style}</head>
<body>
${page.body}
<script nonce="${nonce}" src="${attr(page.scriptUri)}"></script>
</body>
</html>
`;
}

/** The views whose script fills one live `<main>` (results, engine): the page differs only in the id and title. */
export const LIVE_VIEWS = { results: 'Profiling results', engine: 'TensorRT engine' } as const;
export type LiveView = keyof typeof LIVE_VIEWS;

export function liveViewHtml(view: LiveView, page: WebviewPageBase & { styleUri: string }): string {
  return webviewPageHtml({
    ...page,
    title: page.title ?? LIVE_VIEWS[view],
    body: `<main id="${view}" aria-live="polite"></main>`,
  });
}
