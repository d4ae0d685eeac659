// The profiles form's page, as the extension serves it in a webview. Pure (no vscode import) so the extension and
// the browser test build the very same page; the CSP is the graph view's (scripts only with the nonce, nothing remote).
import { contentSecurityPolicy } from '../graph/html';
import { escapeXml } from '../graph/svg';

export interface ProfilesFormPage {
  /** Fresh random per page load (base64 or hex). */
  nonce: string;
  cspSource: string;
  scriptUri: string;
  title?: string;
}

export function buildProfilesFormHtml(page: ProfilesFormPage): string {
  const attr = (s: string): string => escapeXml(s);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(page))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(page.title ?? 'Dynamic-shape profiles')}</title>
<style nonce="${attr(page.nonce)}">
body { font-family: var(--vscode-font-family, sans-serif); font-size: var(--vscode-font-size, 13px); color: var(--vscode-foreground, #333); padding: 0 16px 16px; }
h1 { font-size: 1.3em; margin: 12px 0 4px; }
h2 { font-size: 1.05em; margin: 16px 0 6px; }
.toolbar { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin: 8px 0; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: 3px 8px 3px 0; vertical-align: middle; }
td.static { color: var(--vscode-descriptionForeground, #777); }
vscode-textfield { width: 11em; }
pre { background: var(--vscode-textCodeBlock-background, #f3f3f3); padding: 8px; white-space: pre-wrap; word-break: break-all; margin: 4px 0; }
.problems li { color: var(--vscode-errorForeground, #c00); }
.notes li { color: var(--vscode-descriptionForeground, #777); }
.status { min-height: 1.4em; }
</style>
</head>
<body>
<div id="app"></div>
<script nonce="${attr(page.nonce)}" src="${attr(page.scriptUri)}"></script>
</body>
</html>
`;
}
