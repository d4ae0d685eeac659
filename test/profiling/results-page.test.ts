// The results view's page: the graph view's strict CSP, one nonce'd script, no injection through attributes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildResultsViewHtml } from '../../server/profiling/results-html';

const page = {
  nonce: 'AbCdEfGhIjKlMnOpQrStUv',
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://x/results.js',
  styleUri: 'https://x/results.css',
};

test('results page: scripts only by nonce, nothing remote, attributes escaped, weak nonce refused', () => {
  const html = buildResultsViewHtml(page);
  const csp = /content="([^"]*)"/.exec(html)![1].replace(/&#39;/g, "'");
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-AbCdEfGhIjKlMnOpQrStUv'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline/);
  assert.deepEqual(html.match(/<script[^>]*>/g), [`<script nonce="${page.nonce}" src="https://x/results.js">`]);
  const hostile = buildResultsViewHtml({
    ...page,
    title: '</title><script>alert(1)</script>',
    styleUri: 'x" onload="alert(1)',
  });
  assert.doesNotMatch(hostile, /<script>alert|" onload="/);
  assert.throws(() => buildResultsViewHtml({ ...page, nonce: 'short' }), /nonce/);
});
