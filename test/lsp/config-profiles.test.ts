// A profile saved in config.pbtxt (trt_profile_*_shapes) through the built language server and a real JSON-RPC
// client: the corner diagnostic on the parameter, its quick fix as a WorkspaceEdit over the buffer, and the
// diagnostic gone once the edited text is sent back.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { POSITION_TABLE } from '../shape-profiles/corner-models';
import { buildModels } from '../support/rule-cases';
import { scratchDir } from '../support/paths';
import { applyEdits } from '../triton/helpers';
import { LspClient, uriOf } from './lsp-client';

const CORNER = 'shape/profile-corner-invalid';
const modelFile = buildModels('lsp-config-corners', { position_table: POSITION_TABLE });

const config = (max: string) =>
  'name: "pe"\nbackend: "onnxruntime"\nmax_batch_size: 0\n' +
  'input [{ name: "x" data_type: TYPE_FP32 dims: [-1, -1, 64] }]\n' +
  'optimization { execution_accelerators { gpu_execution_accelerator: [ {\n  name: "tensorrt"\n' +
  '  parameters { key: "trt_profile_min_shapes" value: "x:1x1x64" }\n' +
  '  parameters { key: "trt_profile_opt_shapes" value: "x:4x128x64" }\n' +
  `  parameters { key: "trt_profile_max_shapes" value: "x:${max}" }\n} ] } }\n`;

describe('a profile in config.pbtxt over LSP', () => {
  let client: LspClient;
  let root: string;
  let configFile: string;

  before(async () => {
    root = scratchDir('lsp-config-corners');
    fs.mkdirSync(path.join(root, 'pe/1'), { recursive: true });
    fs.copyFileSync(modelFile('position_table'), path.join(root, 'pe/1/model.onnx'));
    configFile = path.join(root, 'pe/config.pbtxt');
    fs.writeFileSync(configFile, config('8x1024x64'));
    client = LspClient.start();
    await client.initialize(root);
  });

  after(async () => {
    assert.equal(await client.stop(), 0, client.stderr);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('publishes the corner on trt_profile_max_shapes; the quick fix narrows it in the buffer and clears it', async () => {
    const uri = uriOf(configFile);
    const text = fs.readFileSync(configFile, 'utf8');
    const published = client.nextDiagnostics(uri, (ds) => ds.some((d) => d.code === CORNER), 60000);
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'triton-config', version: 1, text },
    });
    const corner = (await published).filter((d: Diagnostic) => d.code === CORNER);
    assert.equal(corner.length, 1);
    assert.equal(corner[0].range.start.line, 8, 'the max parameter line');
    assert.match(corner[0].message, /profile at max \(x \[8, 1024, 64\]\)/);

    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: corner[0].range,
      context: { diagnostics: corner },
    });
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Narrow the profile in config.pbtxt to the range where the graph is valid'],
    );
    const fixed = applyEdits(text, actions[0].edit!.changes![uri]);
    assert.equal(fixed, config('8x512x64'));

    const cleared = client.nextDiagnostics(uri, (ds) => !ds.some((d) => d.code === CORNER), 60000);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: fixed }],
    });
    assert.deepEqual(
      (await cleared).filter((d) => d.code?.toString().startsWith('shape/')),
      [],
    );
  });
});
