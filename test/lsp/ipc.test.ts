// The server bundle started the way vscode-languageclient starts it with TransportKind.ipc: a forked Node
// process with `--node-ipc`, spoken to over the IPC channel (stdout stays free for logging).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { CodeAction } from 'vscode-languageserver-protocol';
import type { Readiness } from '../../server/contract/analysis';
import { LspClient, uriOf } from './lsp-client';
import { brokenRepository } from './workspaces';

it('serves diagnostics, code actions and custom requests over Node IPC (--node-ipc)', async () => {
  const ws = brokenRepository('lsp-ipc');
  const client = LspClient.startIpc();
  const init = await client.initialize(ws.root);
  assert.equal(init.serverInfo?.name, 'modelready');
  const diags = await client.nextDiagnostics(uriOf(ws.config), (ds) =>
    ds.some((d) => d.code === 'triton/model-io-name'),
  );
  const uri = uriOf(ws.config);
  await client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'triton-config', version: 1, text: ws.brokenText },
  });
  const d = diags.find((x) => x.code === 'triton/model-io-name')!;
  const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: d.range,
    context: { diagnostics: [d] },
  });
  assert.equal(actions[0]?.kind, 'quickfix');
  const readiness = await client.connection.sendRequest<Readiness>('modelready/readiness');
  assert.equal(readiness.indexedFiles, 2);
  assert.equal(await client.stop(), 0, client.stderr);
});
