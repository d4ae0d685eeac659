// The results view's page, built like the graph view's: the same strict CSP (scripts only with a fresh nonce,
// nothing remote), attribute values escaped. Pure, so the extension and the browser test serve the same page.
import { contentSecurityPolicy } from '../graph/html';
import { escapeXml } from '../graph/svg';

export interface ResultsViewPage {
  nonce: string;
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  title?: string;
}

export function buildResultsViewHtml(page: ResultsViewPage): string {
  const attr = (s: string): string => escapeXml(s);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(page))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(page.title ?? 'Profiling results')}</title>
<link rel="stylesheet" href="${attr(page.styleUri)}" nonce="${attr(page.nonce)}">
</head>
<body>
<main id="results" aria-live="polite"></main>
<script nonce="${attr(page.nonce)}" src="${attr(page.scriptUri)}"></script>
</body>
</html>
`;
}
