// The page the extension serves: strict CSP, nonce on every script, no remote source, no injection.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentSecurityPolicy } from '../webview-page';
import { buildGraphViewHtml } from './html';

const page = {
  nonce: 'AbCdEfGhIjKlMnOpQrStUv',
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://x/webview.js',
  workerUri: 'https://x/webview-worker.js',
  styleUri: 'https://x/webview.css',
};

test('CSP allows scripts only by nonce and nothing remote', () => {
  const csp = contentSecurityPolicy(page);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-AbCdEfGhIjKlMnOpQrStUv'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline|\*|https?:\/\/(?!file\+)/);
  const html = buildGraphViewHtml(page);
  const scripts = html.match(/<script[^>]*>/g) ?? [];
  assert.equal(scripts.length, 1);
  assert.ok(scripts.every((s) => s.includes(`nonce="${page.nonce}"`)));
});

test('a weak nonce is refused and attribute values are escaped', () => {
  assert.throws(() => contentSecurityPolicy({ ...page, nonce: 'short' }), /nonce/);
  const html = buildGraphViewHtml({
    ...page,
    title: '<script>alert(1)</script>',
    styleUri: 'https://x/a.css" onload="alert(1)',
  });
  assert.doesNotMatch(html, /<script>alert/);
  assert.doesNotMatch(html, /" onload="/);
});
