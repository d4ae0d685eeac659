// Triton findings over LSP obey the same configuration as ONNX ones (one pipeline): the `modelready.rules`
// setting, `.modelready.json` `rules` (which win over the setting) and its `ignore` globs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { ModelReadyInitializationOptions } from '../../server/contract/settings';
import { LspClient, uriOf } from './lsp-client';
import { brokenRepository, type BrokenRepository } from './workspaces';

const RULE = 'triton/model-io-name';
const ofRule = (ds: Diagnostic[]) => ds.filter((d) => d.code === RULE);

describe('Triton findings obey settings and .modelready.json over LSP', () => {
  let ws: BrokenRepository;
  let client: LspClient;
  const reconfigure = (rules: Record<string, string>) =>
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { modelready: { rules } } });

  before(async () => {
    ws = brokenRepository('lsp-triton-rules');
    client = LspClient.start();
    const init: ModelReadyInitializationOptions = { settings: { modelready: { rules: { [RULE]: 'warning' } } } };
    const first = client.nextDiagnostics(uriOf(ws.config), (ds) => ofRule(ds).length > 0);
    await client.initialize(ws.root, {}, init);
    assert.deepEqual(
      ofRule(await first).map((d) => d.severity),
      [2],
      'the setting lowered the error to a warning',
    );
  });

  after(async () => {
    fs.rmSync(ws.root, { recursive: true, force: true });
    assert.equal(await client.stop(), 0, client.stderr);
  });

  it('drops the findings of a rule the setting switches off', async () => {
    const next = client.nextDiagnostics(uriOf(ws.config), (ds) => ofRule(ds).length === 0);
    await reconfigure({ [RULE]: 'off' });
    assert.deepEqual(ofRule(await next), []);
  });

  it('.modelready.json rules win over the setting', async () => {
    fs.writeFileSync(path.join(ws.root, '.modelready.json'), JSON.stringify({ rules: { [RULE]: 'info' } }));
    const next = client.nextDiagnostics(uriOf(ws.config), (ds) => ofRule(ds).length > 0);
    await reconfigure({ [RULE]: 'error' }); // the server re-analyzes when the settings change
    assert.deepEqual(
      ofRule(await next).map((d) => d.severity),
      [3],
    );
  });

  it('a config matched by an ignore glob gets no diagnostics', async () => {
    fs.writeFileSync(path.join(ws.root, '.modelready.json'), JSON.stringify({ ignore: ['**/config.pbtxt'] }));
    const next = client.nextDiagnostics(uriOf(ws.config), (ds) => ds.length === 0);
    await reconfigure({});
    assert.deepEqual(await next, []);
  });
});
