// What the VS Code client tells the server, over a real stdio connection: settings (initializationOptions and
// workspace/didChangeConfiguration), workspace trust, and the model rewrites behind "Convert opset" and the
// graph view's fix buttons.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { readOnnxModel } from '../../server/onnx/reader';
import type { ApplyModelFixResult, ConvertOpsetResult } from '../../server/contract/commands';
import type { ModelReadyInitializationOptions } from '../../server/contract/settings';
import { corpusOnnxDir } from '../support/paths';
import { LspClient, uriOf } from './lsp-client';
import { brokenRepository, type BrokenRepository } from './workspaces';

const PROFILE_RULE = 'shape/dynamic-input-needs-profile';
const ofRule = (ds: Diagnostic[]) => ds.filter((d) => d.code === PROFILE_RULE);

describe('client settings, trust and model rewrites over stdio', () => {
  let ws: BrokenRepository;
  let client: LspClient;

  before(async () => {
    ws = brokenRepository('lsp-client-settings');
    client = LspClient.start();
    const init: ModelReadyInitializationOptions = {
      workspaceTrusted: false,
      // A warning by default; the user's setting makes it an error. A bad value elsewhere is dropped, not fatal.
      settings: { modelready: { rules: { [PROFILE_RULE]: 'error', 'simplify/identity': 'loud' as never } } },
    };
    const diagnostics = client.nextDiagnostics(uriOf(ws.model), (ds) => ofRule(ds).length > 0);
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uriOf(ws.root),
      workspaceFolders: [{ uri: uriOf(ws.root), name: 'ws' }],
      capabilities: { window: { workDoneProgress: true } },
      initializationOptions: init,
    });
    await client.connection.sendNotification('initialized', {});
    const first = await diagnostics;
    assert.deepEqual(
      ofRule(first).map((d) => d.severity),
      [1, 1],
      'the rules setting raised the warning to error',
    );
    assert.ok(
      first.some((d) => d.code === 'simplify/identity' && d.severity === 3),
      'an invalid severity in settings is ignored',
    );
  });

  after(async () => {
    assert.equal(await client.stop(), 0, client.stderr);
  });

  it('tells in its log that an untrusted workspace gets static analysis only', () => {
    const logs = client.notifications
      .filter((n) => n.method === 'window/logMessage')
      .map((n) => (n.params as { message: string }).message);
    assert.ok(
      logs.some((m) => m.includes('untrusted workspace: static analysis only')),
      logs.join('\n'),
    );
  });

  it('links node findings of a model to their nodes (#node=<name>, what the graph editor reveals)', () => {
    const identity = client.diagnostics.get(uriOf(ws.model))!.find((d) => d.code === 'simplify/identity')!;
    assert.deepEqual(
      identity.relatedInformation!.map((r) => [r.location.uri, r.message]),
      [
        [`${uriOf(ws.model)}#node=Identity%230`, 'node Identity#0'],
        [`${uriOf(ws.model)}#node=Identity%231`, 'same finding (node Identity#1)'],
      ],
    );
  });

  it('re-analyzes with changed settings, and .modelready.json wins over them', async () => {
    // A minute per step, not the client's default 20 s: in one CI run, beside `npm install -g` and the pre-commit
    // tests on two cores, the second step saw no new diagnostics within 20 s (not reproduced since; a publish that
    // never comes still fails here).
    const STEP_MS = 60_000;
    let next = client.nextDiagnostics(uriOf(ws.model), (ds) => ofRule(ds).length === 0, STEP_MS);
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { modelready: { rules: { [PROFILE_RULE]: 'off' } } },
    });
    await next;
    next = client.nextDiagnostics(uriOf(ws.model), (ds) => ofRule(ds).length > 0, STEP_MS);
    fs.writeFileSync(path.join(ws.root, '.modelready.json'), JSON.stringify({ rules: { [PROFILE_RULE]: 'info' } }));
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { modelready: { rules: { [PROFILE_RULE]: 'off' }, target: { tensorrt: '10.8' } } },
    });
    assert.deepEqual(
      ofRule(await next).map((d) => d.severity),
      [3, 3],
    );
  });

  it('converts a model to another opset into <model>.opsetN.onnx, leaving the original as it was', async () => {
    const model = path.join(ws.root, 'squeezenet.onnx');
    fs.copyFileSync(path.join(corpusOnnxDir, 'squeezenet_op9.full.onnx'), model);
    const before = fs.readFileSync(model);
    const convert = (opset: unknown): Promise<ConvertOpsetResult> =>
      client.connection.sendRequest('workspace/executeCommand', {
        command: 'modelready.server.convertOpset',
        arguments: [{ uri: uriOf(model), opset }],
      });
    const result = await convert(11);
    assert.ok(result.ok, JSON.stringify(result));
    const written = fileURLToPath(result.uri);
    assert.equal(path.basename(written), 'squeezenet.opset11.onnx');
    assert.equal(readOnnxModel(written).opsetImports.find((o) => o.domain === '')!.version, 11);
    assert.match(result.summary, /9 -> 11[\s\S]*wrote .*squeezenet\.opset11\.onnx/);
    assert.deepEqual(fs.readFileSync(model), before);

    const outOfRange = await convert(9999);
    assert.equal(outOfRange.ok, false);
    assert.match((outOfRange as { message: string }).message, /target opset 9999 is outside 1\.\.\d+/);
    assert.deepEqual(await convert('11; rm -rf /'), {
      ok: false,
      message: 'opset must be a positive integer, got NaN',
    });
  });

  it('applies a simplify fix the graph view offers into model.simplified.onnx; refuses fixes it does not own', async () => {
    const nodesBefore = readOnnxModel(ws.model).graph!.nodes.length;
    const result: ApplyModelFixResult = await client.connection.sendRequest('workspace/executeCommand', {
      command: 'modelready.server.applyModelFix',
      arguments: [{ uri: uriOf(ws.model), fixId: 'simplify.removeIdentity' }],
    });
    assert.ok(result.ok, JSON.stringify(result));
    const simplified = readOnnxModel(fileURLToPath(result.uri));
    assert.equal(path.basename(simplified.path), 'model.simplified.onnx');
    assert.equal(simplified.graph!.nodes.filter((n) => n.opType === 'Identity').length, 0);
    assert.ok(simplified.graph!.nodes.length < nodesBefore);

    const refused: ApplyModelFixResult = await client.connection.sendRequest('workspace/executeCommand', {
      command: 'modelready.server.applyModelFix',
      arguments: [{ uri: uriOf(ws.model), fixId: 'config.addProfile' }],
    });
    assert.deepEqual(refused, {
      ok: false,
      message: 'fix "config.addProfile" is not a model rewrite the server applies',
    });
  });
});
