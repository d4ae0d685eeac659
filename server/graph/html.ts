// The graph view's page, as the extension host serves it in a webview. Pure (no vscode import) so the
// extension and the browser tests build the very same page. Strict CSP: scripts only with the nonce,
// nothing remote; the layout worker is fetched from the extension's media and started from a blob: URL.
import { escapeXml } from './svg';

export interface GraphViewPage {
  /** Fresh random per page load (base64 or hex). */
  nonce: string;
  /** The webview's resource origin (`webview.cspSource`). */
  cspSource: string;
  scriptUri: string;
  workerUri: string;
  styleUri: string;
  title?: string;
}

export function contentSecurityPolicy(page: Pick<GraphViewPage, 'nonce' | 'cspSource'>): string {
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

export function buildGraphViewHtml(page: GraphViewPage): string {
  const csp = contentSecurityPolicy(page);
  const attr = (s: string): string => escapeXml(s);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(page.title ?? 'ONNX graph')}</title>
<link rel="stylesheet" href="${attr(page.styleUri)}" nonce="${attr(page.nonce)}">
</head>
<body>
<div id="app" data-worker-uri="${attr(page.workerUri)}"></div>
<script nonce="${attr(page.nonce)}" src="${attr(page.scriptUri)}"></script>
</body>
</html>
`;
}
