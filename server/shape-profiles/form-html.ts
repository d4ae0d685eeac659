// The profiles form's page, as the extension serves it in a webview (server/webview-page.ts: the CSP and the page
// frame every webview shares).
import { webviewPageHtml, type WebviewPageBase } from '../webview-page';

export type ProfilesFormPage = Omit<WebviewPageBase, 'styleUri'>;

const FORM_STYLE = `body { font-family: var(--vscode-font-family, sans-serif); font-size: var(--vscode-font-size, 13px); color: var(--vscode-foreground, #333); padding: 0 16px 16px; }
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
`;

export function buildProfilesFormHtml(page: ProfilesFormPage): string {
  return webviewPageHtml({
    ...page,
    title: page.title ?? 'Dynamic-shape profiles',
    inlineStyle: FORM_STYLE,
    body: '<div id="app"></div>',
  });
}
