// A second editor: Debian's Neovim, headless, with its built-in LSP client, starts `modelready lsp --stdio`
// on a broken config.pbtxt from the corpus. Proves the server works with a client other than VS Code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { repoRoot } from '../support/paths';
import { brokenRepository } from './workspaces';

interface NvimDiagnostic {
  lnum: number;
  col: number;
  message: string;
  severity: number;
  source: string;
  code?: string;
  user_data?: { lsp?: { code?: string; codeDescription?: { href: string } } };
}

it('Neovim receives our diagnostics for a broken config.pbtxt and sees them go when the line is fixed', () => {
  const ws = brokenRepository('lsp-neovim');
  const out = path.join(ws.root, 'nvim-diagnostics.json');
  const brokenLine = ws.brokenText.split('\n').findIndex((l) => l.includes('"INPUT9"'));
  const result = spawnSync('nvim', ['--headless', '--clean', '-u', path.join(__dirname, 'neovim/init.lua')], {
    cwd: ws.root,
    timeout: 60_000,
    encoding: 'utf8',
    env: {
      ...process.env,
      MODELREADY_NODE: process.execPath,
      MODELREADY_CLI: path.join(repoRoot, 'dist/cli.js'),
      MODELREADY_ROOT: ws.root,
      MODELREADY_FILE: ws.config,
      MODELREADY_RULE: 'triton/model-io-name',
      MODELREADY_FIX_LINE: String(brokenLine),
      MODELREADY_FIX_TEXT: ws.brokenText.split('\n')[brokenLine].replace('INPUT9', 'INPUT0'),
      MODELREADY_OUT: out,
    },
  });
  assert.equal(result.status, 0, `nvim: ${result.error ?? ''}\n${result.stdout}\n${result.stderr}`);
  const seen = JSON.parse(fs.readFileSync(out, 'utf8')) as {
    filetype: string;
    received: boolean;
    cleared: boolean;
    broken: NvimDiagnostic[];
    fixed: NvimDiagnostic[];
  };
  assert.equal(seen.filetype, 'triton-config');
  assert.equal(seen.received, true, JSON.stringify(seen));
  const d = seen.broken.find((x) => (x.code ?? x.user_data?.lsp?.code) === 'triton/model-io-name');
  assert.ok(d, JSON.stringify(seen.broken));
  assert.equal(d.source, 'modelready');
  assert.equal(d.severity, 1); // vim.diagnostic.severity.ERROR
  assert.equal(d.lnum, brokenLine);
  assert.match(d.message, /unexpected inference input 'INPUT9', allowed inputs are: INPUT0, INPUT1/);
  assert.match(d.user_data!.lsp!.codeDescription!.href, /^file:\/\/.*\/docs\/rules\.md#L\d+$/);
  assert.equal(seen.cleared, true, JSON.stringify(seen.fixed));
  assert.deepEqual(seen.fixed, []);
});
