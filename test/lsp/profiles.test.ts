// The profiles quick fix and `modelready.server.editProfiles` through the built language server and a real
// JSON-RPC client, on a Triton repository holding a corpus model: what the editor and the profiles form see.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ApplyWorkspaceEditParams, CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import type { EditProfilesResult } from '../../server/contract/shape-profiles';
import { parseModelConfig } from '../../server/triton';
import { generateConfigFromModel } from '../../server/triton/language';
import { readOnnxSignature } from '../../server/triton/validate/onnx-signature';
import { LineMap } from '../../server/triton/textformat/lines';
import { corpusOnnxDir, scratchDir } from '../support/paths';
import { LspClient, uriOf } from './lsp-client';

const NEEDS_PROFILE = 'shape/dynamic-input-needs-profile';
const CORNER = 'shape/profile-corner-invalid';

function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineMap(text);
  return edits
    .map((e) => ({ from: lines.offset(e.range.start), to: lines.offset(e.range.end), text: e.newText }))
    .sort((a, b) => b.from - a.from)
    .reduce((t, e) => t.slice(0, e.from) + e.text + t.slice(e.to), text);
}

describe('profiles over LSP', () => {
  let client: LspClient;
  let root: string;
  let modelFile: string;
  let configPbtxt: string;
  const applied: ApplyWorkspaceEditParams[] = [];
  const editProfiles = (argument: unknown) =>
    client.connection.sendRequest<EditProfilesResult>('workspace/executeCommand', {
      command: 'modelready.server.editProfiles',
      arguments: [argument],
    });

  before(async () => {
    root = scratchDir('lsp-profiles');
    modelFile = path.join(root, 'repo/bert/1/model.onnx');
    fs.mkdirSync(path.dirname(modelFile), { recursive: true });
    fs.copyFileSync(path.join(corpusOnnxDir, 'bert_base_op14.onnx'), modelFile);
    configPbtxt = path.join(root, 'repo/bert/config.pbtxt');
    fs.writeFileSync(configPbtxt, generateConfigFromModel('bert', readOnnxSignature(modelFile)));
    fs.writeFileSync(
      path.join(root, '.modelready.json'),
      JSON.stringify({ target: { tensorrt: '10.13' }, rules: { 'trt/op-unsupported': 'warning' } }, null, 2),
    );
    client = LspClient.start();
    // The editor's side of workspace/applyEdit: write the edits to the file, as VS Code would on save.
    client.connection.onRequest('workspace/applyEdit', (params: ApplyWorkspaceEditParams) => {
      applied.push(params);
      for (const [uri, edits] of Object.entries(params.edit.changes ?? {})) {
        const file = fileURLToPath(uri);
        fs.writeFileSync(file, applyEdits(fs.readFileSync(file, 'utf8'), edits));
      }
      return { applied: true };
    });
    await client.initialize(root);
  });

  after(async () => {
    assert.equal(await client.stop(), 0, client.stderr);
  });

  it('offers the quick fix on the diagnostic, and running it saves the proposal and clears the diagnostic', async () => {
    const uri = uriOf(modelFile);
    const diags = (await client.nextDiagnostics(uri, (ds) => ds.some((d) => d.code === NEEDS_PROFILE), 60000)).filter(
      (d) => d.code === NEEDS_PROFILE,
    );
    assert.equal(diags.length, 2, 'input_ids and attention_mask');
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diags[0].range,
      context: { diagnostics: diags },
    });
    assert.deepEqual(
      actions.map((a) => a.command?.command),
      ['modelready.server.editProfiles', 'modelready.editProfiles'],
    );
    assert.equal(actions[0].isPreferred, true);

    const cleared = client.nextDiagnostics(uri, (ds: Diagnostic[]) => !ds.some((d) => d.code === NEEDS_PROFILE), 60000);
    const result = await client.connection.sendRequest<EditProfilesResult>('workspace/executeCommand', {
      command: actions[0].command!.command,
      arguments: actions[0].command!.arguments,
    });
    assert.ok(result.ok, JSON.stringify(result));
    const config = JSON.parse(fs.readFileSync(path.join(root, '.modelready.json'), 'utf8'));
    assert.deepEqual(config.rules, { 'trt/op-unsupported': 'warning' }, 'other keys kept');
    assert.deepEqual(config.profiles['repo/bert/1/model.onnx'].input_ids, {
      min: [1, 1],
      opt: [8, 128],
      max: [32, 512],
    });
    const after = await cleared;
    assert.ok(!after.some((d) => d.code?.toString().startsWith('shape/')), JSON.stringify(after));
  });

  it("get returns the saved profiles, proposal, flags, stanzas and the model folder's config", async () => {
    const result = await editProfiles({
      action: 'get',
      modelUri: uriOf(modelFile),
      strategies: ['min-latency', 'static'],
    });
    assert.ok(result.ok, JSON.stringify(result));
    const { view } = result;
    assert.equal(view.modelKey, 'repo/bert/1/model.onnx');
    assert.equal(view.saved.length, 1);
    assert.deepEqual(
      view.proposal.map((p) => p.input_ids.max),
      [
        [1, 1],
        [32, 512],
      ],
    );
    assert.match(
      view.outputs.trtexecShell!,
      /^trtexec --onnx=model\.onnx --minShapes=input_ids:1x1,attention_mask:1x1 /,
    );
    assert.match(view.outputs.tritonOnnxruntime!, /trt_profile_opt_shapes/);
    assert.equal(view.tritonConfigUri, configPbtxt);
    assert.equal(view.tritonBackend, 'onnxruntime');
    assert.deepEqual(view.problems, []);
  });

  it('refuses bad arguments and profiles the rules reject, writing nothing', async () => {
    const before = fs.readFileSync(path.join(root, '.modelready.json'), 'utf8');
    for (const bad of [
      undefined,
      { action: 'get', modelUri: 'https://example.com/m.onnx' },
      { action: 'save', modelUri: uriOf(modelFile), profiles: [{ input_ids: { min: ['1'], opt: [1], max: [1] } }] },
      { action: 'drop', modelUri: uriOf(modelFile) },
    ]) {
      const r = await editProfiles(bad);
      assert.equal(r.ok, false, JSON.stringify(bad));
    }
    const rejected = await editProfiles({
      action: 'save',
      modelUri: uriOf(modelFile),
      profiles: [
        {
          input_ids: { min: [1, 1], opt: [8, 64], max: [32, 512] },
          attention_mask: { min: [1, 1], opt: [8, 128], max: [32, 512] },
        },
      ],
    });
    assert.equal(rejected.ok, false);
    assert.ok(!rejected.ok && rejected.problems?.some((p) => /dim "seq" is shared/.test(p)), JSON.stringify(rejected));
    assert.equal(fs.readFileSync(path.join(root, '.modelready.json'), 'utf8'), before);
  });

  it('applyToConfig edits config.pbtxt through workspace/applyEdit; the result parses and carries the profile', async () => {
    const got = await editProfiles({ action: 'get', modelUri: uriOf(modelFile) });
    assert.ok(got.ok);
    const result = await editProfiles({
      action: 'applyToConfig',
      modelUri: uriOf(modelFile),
      profiles: got.view.saved,
    });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(applied.length, 1);
    assert.deepEqual(Object.keys(applied[0].edit.changes!), [uriOf(configPbtxt)]);
    const text = fs.readFileSync(configPbtxt, 'utf8');
    assert.deepEqual(
      parseModelConfig(text).diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.match(text, /key: "trt_profile_max_shapes" value: "input_ids:32x512,attention_mask:32x512"/);
  });
});

describe("a profile past the graph's range over LSP", () => {
  let client: LspClient;
  let root: string;
  let modelFile: string;

  before(async () => {
    root = scratchDir('lsp-corners');
    modelFile = path.join(root, 'repo/bert/1/model.onnx');
    fs.mkdirSync(path.dirname(modelFile), { recursive: true });
    fs.copyFileSync(path.join(corpusOnnxDir, 'bert_base_op14.onnx'), modelFile);
    const wide = { min: [1, 1], opt: [8, 128], max: [32, 1024] };
    fs.writeFileSync(
      path.join(root, '.modelready.json'),
      JSON.stringify({ profiles: { 'repo/bert/1/model.onnx': { input_ids: wide, attention_mask: wide } } }, null, 2),
    );
    client = LspClient.start();
    await client.initialize(root);
  });

  after(async () => {
    assert.equal(await client.stop(), 0, client.stderr);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('BERT at sequence 1024: the corner diagnostic, its narrow quick fix, the saved narrower profile', async () => {
    const uri = uriOf(modelFile);
    const configFile = path.join(root, '.modelready.json');
    const diags = (await client.nextDiagnostics(uri, (ds) => ds.some((d) => d.code === CORNER), 60000)).filter(
      (d) => d.code === CORNER,
    );
    assert.match(diags[0].message, /profile at max \(input_ids \[32, 1024\], attention_mask \[32, 1024\]\): Expand/);
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diags[0].range,
      context: { diagnostics: diags },
    });
    assert.deepEqual(
      actions.map((a) => [a.title, a.command?.arguments]),
      [['Narrow the profile to the range where the graph is valid', [{ action: 'narrow', modelUri: uri }]]],
    );
    const cleared = client.nextDiagnostics(uri, (ds: Diagnostic[]) => !ds.some((d) => d.code === CORNER), 60000);
    const result = await client.connection.sendRequest<EditProfilesResult>('workspace/executeCommand', {
      command: actions[0].command!.command,
      arguments: actions[0].command!.arguments,
    });
    assert.ok(result.ok, JSON.stringify(result));
    const saved = JSON.parse(fs.readFileSync(configFile, 'utf8')).profiles['repo/bert/1/model.onnx'];
    assert.deepEqual(saved.input_ids, { min: [1, 1], opt: [8, 128], max: [32, 512] });
    assert.deepEqual(saved.attention_mask, saved.input_ids);
    await cleared;
  });
});
