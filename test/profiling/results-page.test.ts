// The live views' pages (results, engine): the graph view's strict CSP, one nonce'd script, no injection through
// attributes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LIVE_VIEWS, liveViewHtml, type LiveView } from '../../server/webview-page';

for (const view of Object.keys(LIVE_VIEWS) as LiveView[]) {
  const page = {
    nonce: 'AbCdEfGhIjKlMnOpQrStUv',
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    scriptUri: `https://x/${view}.js`,
    styleUri: `https://x/${view}.css`,
  };

  test(`${view} page: scripts only by nonce, nothing remote, attributes escaped, weak nonce refused`, () => {
    const html = liveViewHtml(view, page);
    const csp = /content="([^"]*)"/.exec(html)![1].replace(/&#39;/g, "'");
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-AbCdEfGhIjKlMnOpQrStUv'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline/);
    assert.deepEqual(html.match(/<script[^>]*>/g), [`<script nonce="${page.nonce}" src="https://x/${view}.js">`]);
    assert.match(html, new RegExp(`<main id="${view}" aria-live="polite"></main>`));
    assert.match(html, new RegExp(`<title>${LIVE_VIEWS[view]}</title>`));
    const hostile = liveViewHtml(view, {
      ...page,
      title: '</title><script>alert(1)</script>',
      styleUri: 'x" onload="alert(1)',
    });
    assert.doesNotMatch(hostile, /<script>alert|" onload="/);
    assert.throws(() => liveViewHtml(view, { ...page, nonce: 'short' }), /nonce/);
  });
}
