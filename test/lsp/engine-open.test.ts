// The engine view's request over LSP (modelready/engine/open) against the built server: the real QAT ResNet engine
// description of the TREx corpus (TensorRT 8.4, A100) in a workspace, with its --exportProfile file and an ONNX model
// found beside it by name; findings configured by the folder's .modelready.json; a JSON that is no engine description
// answered with a message naming the file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EngineOpenRequest, type EngineOpenResult } from '../../server/contract/engine-view';
import { sharedRoot } from '../profiling/corpus';
import { buildModels } from '../support/rule-cases';
import { LspClient, uriOf } from './lsp-client';

const QAT = path.join(sharedRoot, 'corpus/trtexec/trex/examples/pytorch/resnet/A100/qat/resnet-qat.onnx.engine');

// The stem of the PyTorch export the engine was built from, named as its layers name their ONNX nodes.
const onnx = buildModels('engine-open', {
  stem: `
n = [h.make_node("QuantizeLinear", ["input.1", "s", "z"], ["q"], name="QuantizeLinear_2"),
     h.make_node("DequantizeLinear", ["q", "s", "z"], ["x"], name="DequantizeLinear_3"),
     h.make_node("QuantizeLinear", ["conv1.weight", "s", "z"], ["qw"], name="QuantizeLinear_7"),
     h.make_node("DequantizeLinear", ["qw", "s", "z"], ["w"], name="DequantizeLinear_8"),
     h.make_node("Conv", ["x", "w"], ["c9"], name="Conv_9", pads=[3, 3, 3, 3], strides=[2, 2])]
m = model(n, [vi("input.1", shape=[32, 3, 224, 224]), vi("conv1.weight", shape=[64, 3, 7, 7])],
    [vi("c9", shape=[32, 64, 112, 112])], [const("s", 0.02), const("z", 0, np.int8)])
`,
});

describe('engine view request over LSP', () => {
  let root: string;
  let client: LspClient;
  const layers = () => path.join(root, 'resnet-qat.onnx.engine.graph.json');
  const open = (params: { uri: string; onnxUri?: string }) =>
    client.connection.sendRequest(EngineOpenRequest.method, params) as Promise<EngineOpenResult>;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lsp-engine-'));
    fs.copyFileSync(`${QAT}.graph.json`, layers());
    fs.copyFileSync(`${QAT}.profile.json`, path.join(root, 'resnet-qat.onnx.engine.profile.json'));
    fs.copyFileSync(onnx('stem'), path.join(root, 'resnet-qat.onnx'));
    fs.writeFileSync(
      path.join(root, '.modelready.json'),
      JSON.stringify({ rules: { 'engine/reformat-share': 'error' } }),
    );
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'not-an-engine' }));
    client = LspClient.start();
    await client.initialize(root);
  });

  after(async () => {
    fs.rmSync(root, { recursive: true, force: true });
    assert.equal(await client.stop(), 0, client.stderr);
  });

  it('loads the description with the profile and ONNX model beside it, findings as configured', async () => {
    const got = await open({ uri: uriOf(layers()) });
    assert.ok(got.ok, JSON.stringify(got));
    assert.equal(got.title, 'resnet-qat.onnx.engine.graph.json');
    assert.equal(got.profileUri, uriOf(path.join(root, 'resnet-qat.onnx.engine.profile.json')));
    assert.equal(got.onnxUri, uriOf(path.join(root, 'resnet-qat.onnx')));
    const raw = JSON.parse(fs.readFileSync(layers(), 'utf8')).Layers as { Name: string }[];
    assert.deepEqual(
      got.report.layers.map((l) => l.name),
      raw.map((l) => l.Name),
    );
    const profile = JSON.parse(fs.readFileSync(`${QAT}.profile.json`, 'utf8')) as { name: string; averageMs: number }[];
    const conv = got.report.layers.find((l) => l.name === 'conv1.weight + QuantizeLinear_7 + Conv_9')!;
    assert.equal(conv.averageMs, profile.find((r) => r.name === conv.name)!.averageMs);
    assert.deepEqual(conv.onnxNodes, ['QuantizeLinear_7', 'Conv_9']);
    // The folder's .modelready.json raised the reformat rule from its default (warning) to error.
    assert.deepEqual(
      got.report.findings.map((f) => [f.ruleId, f.severity]),
      [['engine/reformat-share', 'error']],
    );
  });

  it('a JSON file that is no engine description gets a message naming it', async () => {
    const got = await open({ uri: uriOf(path.join(root, 'package.json')) });
    assert.equal(got.ok, false);
    assert.ok(!got.ok && got.message.startsWith(path.join(root, 'package.json')), JSON.stringify(got));
    assert.match(!got.ok ? got.message : '', /not an engine description/);
    const missing = await open({ uri: uriOf(path.join(root, 'gone.json')) });
    assert.ok(!missing.ok && /gone\.json: cannot read: ENOENT/.test(missing.message), JSON.stringify(missing));
  });

  it('an ONNX model picked by the user wins over the one beside; an unreadable one is named', async () => {
    const picked = path.join(root, 'picked', 'other.onnx');
    fs.mkdirSync(path.dirname(picked));
    fs.writeFileSync(picked, 'not onnx');
    const got = await open({ uri: uriOf(layers()), onnxUri: uriOf(picked) });
    assert.ok(!got.ok && got.message.includes(picked), JSON.stringify(got));
  });
});
