// The built language server driven over stdio by a real JSON-RPC client, on corpus files: what an editor sees.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import {
  LSPErrorCodes,
  type CodeAction,
  type CompletionItem,
  type Diagnostic,
  type Hover,
  type TextEdit,
} from 'vscode-languageserver-protocol';
import type { FindingsResult, ModelSummaryResult, Readiness } from '../../server/contract/analysis';
import type { GenerateConfigResult } from '../../server/contract/commands';
import { corpusOnnxDir, repoRoot } from '../support/paths';
import { LspClient, uriOf } from './lsp-client';
import { brokenRepository, type BrokenRepository } from './workspaces';

/** Applies LSP text edits to a text (edits must not overlap). */
function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);

describe('language server over stdio', () => {
  let ws: BrokenRepository;
  let client: LspClient;
  let graphOnly: string;
  let corrupt: string;
  let garbageConfig: string;
  let wrongDtypeConfig: string;

  before(async () => {
    ws = brokenRepository('lsp-protocol');
    // A graph-only export whose weights file is absent, and a file that is not ONNX at all.
    graphOnly = path.join(ws.root, 'models/squeezenet_op9.onnx');
    fs.mkdirSync(path.dirname(graphOnly), { recursive: true });
    fs.copyFileSync(path.join(corpusOnnxDir, 'squeezenet_op9.onnx'), graphOnly);
    corrupt = path.join(ws.root, 'models/corrupt.onnx');
    fs.writeFileSync(corrupt, Buffer.from('this is not a protobuf \u0000\u00ff'.repeat(50)));
    // A config that is binary garbage, and one whose INPUT1 data type disagrees with the model's.
    garbageConfig = path.join(ws.root, 'model_repository/garbage/config.pbtxt');
    fs.mkdirSync(path.dirname(garbageConfig), { recursive: true });
    fs.writeFileSync(
      garbageConfig,
      Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x7b, 0x5d, 0x22, 0x0a, 0xc3, 0x28, 0x00, 0x80]),
    );
    wrongDtypeConfig = path.join(ws.root, 'model_repository/wrong_dtype/config.pbtxt');
    fs.mkdirSync(path.join(path.dirname(wrongDtypeConfig), '1'), { recursive: true });
    fs.copyFileSync(ws.model, path.join(path.dirname(wrongDtypeConfig), '1/model.onnx'));
    const wrongDtypeText = ws.brokenText.replace('INPUT9', 'INPUT0').replace('name: "simple"', 'name: "wrong_dtype"');
    fs.writeFileSync(
      wrongDtypeConfig,
      wrongDtypeText.replace(/(name: "INPUT1"\s*data_type: )TYPE_INT32/, '$1TYPE_FP32'),
    );
    client = LspClient.start();
    const init = await client.initialize(ws.root);
    assert.ok(init.capabilities.codeActionProvider);
    assert.deepEqual((init.capabilities.executeCommandProvider as { commands: string[] }).commands.sort(), [
      'modelready.server.applyModelFix',
      'modelready.server.checkWorkspace',
      'modelready.server.convertOpset',
      'modelready.server.editProfiles',
      'modelready.server.generateTritonConfig',
    ]);
  });

  after(async () => {
    const code = await client.stop();
    assert.equal(code, 0, `server exit code (stderr: ${client.stderr})`);
  });

  it('publishes the broken config found by indexing, with rule id, docs link and the model as related information', async () => {
    const diags = client.diagnostics.get(uriOf(ws.config)) ?? (await client.nextDiagnostics(uriOf(ws.config)));
    const d = diags.find((x) => x.code === 'triton/model-io-name');
    assert.ok(d, `diagnostics: ${JSON.stringify(diags)}`);
    assert.equal(d.severity, 1);
    assert.match(d.message, /INPUT9/);
    // The bundled rule reference, at the line of the rule's heading (VS Code opens file URIs at #L<line>).
    const [docsFile, docsLine] = d.codeDescription!.href.split('#L');
    assert.equal(fileURLToPath(docsFile), path.join(repoRoot, 'docs/rules.md'));
    assert.match(
      fs.readFileSync(path.join(repoRoot, 'docs/rules.md'), 'utf8').split('\n')[Number(docsLine) - 1],
      /^#{3,4} triton\/model-io-name$/,
    );
    assert.equal(
      d.range.start.line,
      ws.brokenText.split('\n').findIndex((l) => l.includes('INPUT9')),
    );
    assert.equal(fileURLToPath(d.relatedInformation![0].location.uri), ws.model);
    // The model tensor the misspelt name most likely meant.
    assert.equal(d.relatedInformation![0].message, "model input 'INPUT0': TYPE_INT32 [-1,16]");
  });

  it('relates a config line to the model tensor it disagrees with', async () => {
    const uri = uriOf(wrongDtypeConfig);
    const diags = client.diagnostics.get(uri) ?? (await client.nextDiagnostics(uri));
    assert.deepEqual(codes(diags), ['triton/model-io-dtype']);
    const text = fs.readFileSync(wrongDtypeConfig, 'utf8').split('\n');
    assert.equal(text[diags[0].range.start.line].trim(), 'data_type: TYPE_FP32');
    const related = diags[0].relatedInformation!;
    assert.equal(fileURLToPath(related[0].location.uri), path.join(path.dirname(wrongDtypeConfig), '1/model.onnx'));
    assert.equal(related[0].message, "model input 'INPUT1': TYPE_INT32 [-1,16]");
  });

  it('gives a garbage config.pbtxt its own diagnostic while the other files are analyzed', async () => {
    const uri = uriOf(garbageConfig);
    const diags = client.diagnostics.get(uri) ?? (await client.nextDiagnostics(uri));
    assert.ok(diags.length > 0 && diags.every((d) => d.severity === 1), JSON.stringify(diags));
    assert.ok(codes(diags).includes('triton/syntax'), JSON.stringify(diags));
    assert.equal(diags[0].range.start.line, 0);
  });

  it('publishes .onnx diagnostics on the file URI, and a corrupt model gets its own error without stopping the server', async () => {
    const missing = client.diagnostics.get(uriOf(graphOnly)) ?? (await client.nextDiagnostics(uriOf(graphOnly)));
    assert.ok(codes(missing).includes('onnx/external-data-missing'), JSON.stringify(missing));
    assert.deepEqual(missing[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.match(
      missing.find((d) => d.code === 'onnx/external-data-missing')!.codeDescription!.href,
      /^file:\/\/.*\/docs\/rules\.md#L\d+$/,
    );
    const broken = client.diagnostics.get(uriOf(corrupt)) ?? (await client.nextDiagnostics(uriOf(corrupt)));
    assert.deepEqual(codes(broken), ['onnx/unreadable-model']);
    assert.match(broken[0].message, /corrupt\.onnx/);
    const readiness = await client.connection.sendRequest<Readiness>('modelready/readiness');
    // Two configs and their models, the garbage config, the graph-only and the corrupt model.
    assert.equal(readiness.indexedFiles, 7);
    assert.ok(readiness.errors >= 3, JSON.stringify(readiness));
  });

  it('offers a quick fix whose edit, applied and sent as didChange, clears the diagnostic', async () => {
    const uri = uriOf(ws.config);
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'triton-config', version: 1, text: ws.brokenText },
    });
    const diags = await client.nextDiagnostics(uri);
    const d = diags.find((x) => x.code === 'triton/model-io-name')!;
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'quickfix');
    const fixed = applyEdits(ws.brokenText, actions[0].edit!.changes![uri]);
    assert.match(fixed, /name: "INPUT0"/);
    const cleared = client.nextDiagnostics(uri, (ds) => !codes(ds).includes('triton/model-io-name'));
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: fixed }],
    });
    assert.deepEqual(codes(await cleared), []);
  });

  it('reports syntax errors of garbage edits with ranges, and keeps serving', async () => {
    const uri = uriOf(ws.config);
    const syntax = client.nextDiagnostics(uri, (ds) => codes(ds).includes('triton/syntax'));
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          text: 'name: {{{ ]]] \u0000 "\n',
        },
      ],
    });
    const d = (await syntax).find((x) => x.code === 'triton/syntax')!;
    assert.equal(d.range.start.line, 0);
    const readiness = await client.connection.sendRequest<Readiness>('modelready/readiness');
    assert.ok(readiness.analyzedFiles >= 3);
  });

  it('answers completion and hover in a config buffer', async () => {
    const uri = uriOf(ws.config);
    const text = 'name: "simple"\nplatform: "onnxruntime_onnx"\n\n';
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 4 },
      contentChanges: [{ text }],
    });
    const items = await client.connection.sendRequest<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 2, character: 0 },
    });
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('max_batch_size') && labels.includes('instance_group'), labels.join(','));
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 1, character: 2 },
    });
    assert.ok(hover && JSON.stringify(hover.contents).length > 10, JSON.stringify(hover));
  });

  it('drops stale analyses: diagnostics carry the buffer version and never go back to an older one', async () => {
    const uri = uriOf(ws.config);
    const fixed = ws.brokenText.replace('INPUT9', 'INPUT0');
    const first = client.published.length;
    const lastVersion = 39;
    const settled = client.nextDiagnostics(uri, (_d, p) => p.version === lastVersion);
    // A burst of edits, as fast typing sends them; the last one leaves the broken name.
    for (let version = 10; version <= lastVersion; version++) {
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ text: version % 2 ? ws.brokenText : fixed }],
      });
    }
    assert.ok(codes(await settled).includes('triton/model-io-name'));
    const versions = client.published
      .slice(first)
      .filter((p) => p.uri === uri)
      .map((p) => p.version!);
    assert.deepEqual(
      versions,
      [...versions].sort((a, b) => a - b),
      `published versions ${versions.join(',')}`,
    );
    assert.equal(versions.at(-1), lastVersion);
  });

  it("answers the custom requests: model summary and a file's findings", async () => {
    const summary = await client.connection.sendRequest<ModelSummaryResult>('modelready/modelSummary', {
      uri: uriOf(ws.model),
    });
    assert.ok(summary.ok);
    assert.deepEqual(
      summary.summary.graph.inputs.map((i) => i.name),
      ['INPUT0', 'INPUT1'],
    );
    const bad = await client.connection.sendRequest<ModelSummaryResult>('modelready/modelSummary', {
      uri: uriOf(corrupt),
    });
    assert.equal(bad.ok, false);
    const findings = await client.connection.sendRequest<FindingsResult>('modelready/findings', {
      uri: uriOf(graphOnly),
    });
    assert.ok(findings.findings.some((f) => f.ruleId === 'onnx/external-data-missing'));
    assert.ok(client.notifications.some((n) => n.method === 'modelready/readinessChanged'));
  });

  it('executes Generate Triton config and Check workspace in the server', async () => {
    const modelDir = path.join(ws.root, 'model_repository/generated');
    fs.mkdirSync(path.join(modelDir, '1'), { recursive: true });
    fs.copyFileSync(ws.model, path.join(modelDir, '1/model.onnx'));
    const result = await client.connection.sendRequest<GenerateConfigResult>('workspace/executeCommand', {
      command: 'modelready.server.generateTritonConfig',
      arguments: [{ uri: uriOf(path.join(modelDir, '1/model.onnx')) }],
    });
    assert.ok(result.ok, JSON.stringify(result));
    const written = fs.readFileSync(fileURLToPath(result.uri), 'utf8');
    assert.match(written, /name: "generated"/);
    assert.match(written, /INPUT1/);
    const again = await client.connection.sendRequest<GenerateConfigResult>('workspace/executeCommand', {
      command: 'modelready.server.generateTritonConfig',
      arguments: [{ uri: uriOf(modelDir) }],
    });
    assert.equal(again.ok, false);
    assert.match(again.message, /already exists/);
    const readiness = await client.connection.sendRequest<Readiness>('workspace/executeCommand', {
      command: 'modelready.server.checkWorkspace',
      workDoneToken: 'check-1',
    });
    assert.equal(readiness.indexedFiles, 9);
    assert.equal(readiness.pending, 0);
    assert.equal(readiness.analyzedFiles, 9);
    // Progress on the token the request brought: begin, reports, end.
    const kinds = client.progress.filter((p) => p.token === 'check-1').map((p) => p.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds.at(-1), 'end');
    assert.ok(kinds.includes('report'), kinds.join(','));
    // The first indexing reported on a token the server created.
    const indexing = client.progress.find((p) => p.value.title === 'ModelReady: analyzing the workspace');
    assert.ok(indexing, JSON.stringify(client.progress));
    assert.ok(client.progress.some((p) => p.token === indexing.token && p.value.kind === 'end'));
  });

  it('follows files created and deleted on disk (watching)', async () => {
    const added = path.join(ws.root, 'models/added.onnx');
    const appeared = client.nextDiagnostics(uriOf(added), (ds) => codes(ds).includes('onnx/unreadable-model'));
    fs.writeFileSync(added, 'garbage');
    await appeared;
    const cleared = client.nextDiagnostics(uriOf(added), (ds) => ds.length === 0);
    fs.rmSync(added);
    await cleared;
  });
});

describe('modelready lsp --stdio (CLI entry)', () => {
  it('starts the same server', async () => {
    const ws = brokenRepository('lsp-cli');
    const client = LspClient.start([path.join(__dirname, '../../dist/cli.js'), 'lsp']);
    await client.initialize(ws.root);
    const diags = await client.nextDiagnostics(uriOf(ws.config));
    assert.ok(codes(diags).includes('triton/model-io-name'));
    assert.equal(await client.stop(), 0);
  });
});

describe('progress for a single analysis', () => {
  it('shows work-done progress while an opened model is analyzed (progressAfterMs 0: from the start)', async () => {
    const ws = brokenRepository('lsp-progress');
    const model = path.join(ws.root, 'vit_b_16_op17.onnx');
    fs.copyFileSync(path.join(corpusOnnxDir, 'vit_b_16_op17.onnx'), model);
    const client = LspClient.start();
    try {
      await client.initialize(ws.root, {}, { progressAfterMs: 0 });
      const uri = uriOf(model);
      await client.nextDiagnostics(uri); // from indexing (a batch, with its own progress)
      const analyzed = client.nextDiagnostics(uri);
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'onnx', version: 1, text: '' },
      });
      assert.ok(codes(await analyzed).includes('onnx/external-data-missing'));
      const begin = client.progress.find(
        (p) => p.value.kind === 'begin' && p.value.title === 'ModelReady: analyzing vit_b_16_op17.onnx',
      );
      assert.ok(begin, JSON.stringify(client.progress));
      // The progress ends right after the diagnostics are sent.
      const ended = () => client.progress.some((p) => p.token === begin.token && p.value.kind === 'end');
      for (let waited = 0; !ended() && waited < 5000; waited += 10) await new Promise((r) => setTimeout(r, 10));
      assert.ok(ended(), JSON.stringify(client.progress));
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
});

describe('cancellation', () => {
  it('answers a request the client cancelled with RequestCancelled, and the next one normally', async () => {
    const ws = brokenRepository('lsp-cancel');
    // Two models whose analyses keep both workers busy for a while, so the request surely waits for a worker
    // while its cancellation arrives.
    const models = ['bert_base_op14.onnx', 'vit_b_16_op17.onnx'].map((name) => path.join(ws.root, 'models', name));
    fs.mkdirSync(path.join(ws.root, 'models'));
    for (const m of models) fs.copyFileSync(path.join(corpusOnnxDir, path.basename(m)), m);
    const client = LspClient.start();
    try {
      await client.initialize(ws.root);
      // Indexing analyzes the repository's two small files first; after them the workers are on the two models.
      await Promise.all([client.nextDiagnostics(uriOf(ws.config)), client.nextDiagnostics(uriOf(ws.model))]);
      const uri = uriOf(ws.config);
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'triton-config', version: 1, text: ws.brokenText },
      });
      const params = {
        textDocument: { uri },
        position: { line: ws.brokenText.split('\n').findIndex((l) => l.startsWith('max_batch_size')), character: 0 },
      };
      const source = new CancellationTokenSource();
      const cancelled = client.connection.sendRequest<CompletionItem[]>(
        'textDocument/completion',
        params,
        source.token,
      );
      source.cancel();
      await assert.rejects(cancelled, (error: { code?: number }) => error.code === LSPErrorCodes.RequestCancelled);
      const items = await client.connection.sendRequest<CompletionItem[]>('textDocument/completion', params);
      assert.ok(
        items.some((i) => i.label === 'instance_group'),
        JSON.stringify(items.map((i) => i.label)),
      );
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
});
