// Pinned stack files over LSP: diagnostics on an open requirements.txt (its unsaved text), and the quick fix that
// pins the target's version.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, uriOf } from './lsp-client';

describe('stack files over LSP', () => {
  let root: string;
  let client: LspClient;
  let requirements: string;
  const unpinned = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'stack/unpinned');

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lsp-stack-'));
    fs.writeFileSync(path.join(root, '.modelready.json'), JSON.stringify({ target: { triton: '24.12' } }));
    requirements = path.join(root, 'requirements.txt');
    fs.writeFileSync(requirements, 'tensorrt==10.7.0.23\n');
    client = LspClient.start();
    await client.initialize(root);
  });

  after(async () => {
    fs.rmSync(root, { recursive: true, force: true });
    assert.equal(await client.stop(), 0, client.stderr);
  });

  it('diagnoses the buffer as typed and offers to pin the target version', async () => {
    const uri = uriOf(requirements);
    const text = '# build\ntensorrt\nonnx==1.17.0\n';
    const next = client.nextDiagnostics(uri, (ds) => unpinned(ds).length > 0);
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'pip-requirements', version: 1, text },
    });
    const [diagnostic] = unpinned(await next);
    assert.equal(diagnostic.range.start.line, 1);
    assert.match(diagnostic.message, /tensorrt is not pinned to one version \(the target's is 10\.7\.0\.23\)/);
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    assert.deepEqual(
      actions.map((a) => [a.title, a.edit?.changes?.[uri]?.[0].newText]),
      [["Pin tensorrt to the target's version (tensorrt==10.7.0.23)", 'tensorrt==10.7.0.23']],
    );
  });

  it('the readiness (status bar tooltip) names the resolved target', async () => {
    const readiness = await client.connection.sendRequest<{ target?: string }>('modelready/readiness');
    assert.equal(readiness.target, 'Triton 24.12 · TensorRT 10.7.0.23 · ONNX Runtime 1.20.1');
  });
});
