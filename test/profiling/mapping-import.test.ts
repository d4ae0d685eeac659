// Layer -> ONNX node mapping, the multi-file importer and the `trtexec import` CLI, on corpus files and the
// synthetic TensorRT 10 fixture.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { corpusFiles, readJson, repoRoot, sharedRoot } from './corpus';
import { mapLayersToOnnx, namesFromFusedLayerName, onnxNodesFromMetadata } from '../../server/profiling/layer-mapping';
import { parseLayerInfoJson, parseProfileJson } from '../../server/profiling/trtexec-exports';
import { importTrtexecFiles, importTrtexecTexts, TrtexecImportError } from '../../server/profiling/import-results';
import { parseTrtexecLog } from '../../server/profiling/trtexec-log';
import { trtexecImportCommand } from '../../server/cli/trtexec-import';

const fixtures = path.join(repoRoot, 'test/fixtures/trtexec');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mr-import-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));
const a100fp16 = path.dirname(corpusFiles('.profile.json').find((f) => f.includes('A100/fp16'))!);

test('Metadata entries split on 0x1F, local-function stack dropped', () => {
  assert.deepEqual(
    onnxNodesFromMetadata('[ONNX Layer: /a/Conv]\x1f[ONNX Layer: /b/Mul | /blocks.0/attn (Attention)]'),
    ['/a/Conv', '/b/Mul'],
  );
  assert.deepEqual(onnxNodesFromMetadata('garbage'), []);
});

test('fused names: " + ", PWN(...) nesting, unnamed layers kept whole', () => {
  assert.deepEqual(namesFromFusedLayerName('Conv_5 + Add_6 + Relu_7'), ['Conv_5', 'Add_6', 'Relu_7']);
  assert.deepEqual(namesFromFusedLayerName('features.0.0.weight + QuantizeLinear_8 + Conv_12 + PWN(Clip_16)'), [
    'features.0.0.weight',
    'QuantizeLinear_8',
    'Conv_12',
    'Clip_16',
  ]);
  assert.deepEqual(namesFromFusedLayerName('PWN(PWN(Sigmoid_3), Mul_4)'), ['Sigmoid_3', 'Mul_4']);
  assert.deepEqual(namesFromFusedLayerName('fc.bias + (Unnamed Layer* 306) [Shuffle]'), [
    'fc.bias',
    '(Unnamed Layer* 306) [Shuffle]',
  ]);
});

test('TensorRT 8 corpus engine: fused names, reformat layers go to their consumer, nothing dropped', () => {
  const profile = parseProfileJson(readJson(path.join(a100fp16, 'resnet.onnx.engine.profile.json')));
  const info = parseLayerInfoJson(readJson(path.join(a100fp16, 'resnet.onnx.engine.graph.json')));
  const { layers, unmapped } = mapLayersToOnnx(profile, info);
  assert.deepEqual(
    layers.map((l) => l.name),
    profile.layers.map((l) => l.name),
  );
  const byName = new Map(layers.map((l) => [l.name, l]));
  assert.deepEqual(byName.get('Conv_0 + Relu_1')!.onnxNodes, ['Conv_0', 'Relu_1']);
  const reformat = byName.get('Reformatting CopyNode for Input Tensor 0 to Conv_0 + Relu_1')!;
  assert.deepEqual(reformat.onnxNodes, ['Conv_0', 'Relu_1']);
  assert.equal(reformat.mappedBy, 'consumer');
  assert.deepEqual(byName.get('MaxPool_2')!.onnxNodes, ['MaxPool_2']);
  // Every millisecond is either on a node or in the unmapped total.
  const mapped = layers.filter((l) => l.onnxNodes.length > 0).reduce((s, l) => s + l.averageMs!, 0);
  const total = profile.layers.reduce((s, l) => s + l.averageMs, 0);
  assert.ok(Math.abs(mapped + unmapped.averageMs - total) < 1e-9);
});

test('QAT corpus engine: the reformat running a QuantizeLinear maps to that Q node when the graph has it', () => {
  const dir = path.dirname(corpusFiles('.profile.json').find((f) => f.includes('A100/qat'))!);
  const profile = parseProfileJson(readJson(path.join(dir, 'resnet-qat.onnx.engine.profile.json')));
  const info = parseLayerInfoJson(readJson(path.join(dir, 'resnet-qat.onnx.engine.graph.json')));
  const raw = readJson(path.join(dir, 'resnet-qat.onnx.engine.graph.json')).Layers.find(
    (l: { Name: string }) => l.Name === 'QuantizeLinear_2',
  );
  assert.deepEqual([raw.LayerType, raw.Origin], ['Reformat', 'QDQ']);
  const graph = ['QuantizeLinear_2', 'DequantizeLinear_3', 'QuantizeLinear_7', 'DequantizeLinear_8', 'Conv_9'];
  const layer = (options = {}) =>
    mapLayersToOnnx(profile, info, options).layers.find((l) => l.name === 'QuantizeLinear_2')!;
  assert.deepEqual(
    [layer({ onnxNodeNames: graph }).onnxNodes, layer({ onnxNodeNames: graph }).mappedBy],
    [['QuantizeLinear_2'], 'name'],
  );
  // Without the graph the name is not known to be a node: the time goes to the conv the reformat feeds.
  assert.deepEqual([layer().onnxNodes, layer().mappedBy], [['QuantizeLinear_7', 'Conv_9'], 'consumer']);
  // A reformat named "Reformatting CopyNode … to X" is never X itself.
  const copy = mapLayersToOnnx(profile, info, { onnxNodeNames: [...graph, 'MaxPool_12'] }).layers.find(
    (l) => l.name === 'Reformatting CopyNode for Output Tensor 0 to MaxPool_12',
  )!;
  assert.deepEqual([copy.onnxNodes, copy.mappedBy], [['MaxPool_12'], 'consumer']);
});

test('QAT corpus engine: folded weight names are not nodes; with the ONNX node list only real nodes remain', () => {
  const dir = path.dirname(corpusFiles('.profile.json').find((f) => f.includes('mobilenet'))!);
  const profile = parseProfileJson(readJson(path.join(dir, 'mobilenet.qat.onnx.engine.profile.json')));
  const info = parseLayerInfoJson(readJson(path.join(dir, 'mobilenet.qat.onnx.engine.graph.json')));
  const name = 'features.0.0.weight + QuantizeLinear_8 + Conv_12 + PWN(Clip_16)';
  assert.ok(profile.layers.some((l) => l.name === name));
  const plain = mapLayersToOnnx(profile, info).layers.find((l) => l.name === name)!;
  assert.deepEqual(plain.onnxNodes, ['QuantizeLinear_8', 'Conv_12', 'Clip_16']);
  const withGraph = mapLayersToOnnx(profile, info, { onnxNodeNames: ['Conv_12', 'Clip_16'] }).layers.find(
    (l) => l.name === name,
  )!;
  assert.deepEqual(withGraph.onnxNodes, ['Conv_12', 'Clip_16']);
});

test('TensorRT 10 layer info: Metadata wins, copies go to their consumer, unknown Myelin time is reported unmapped', () => {
  const profile = parseProfileJson(readJson(path.join(fixtures, 'trt10-synthetic.profile.json')));
  const info = parseLayerInfoJson(readJson(path.join(fixtures, 'trt10-synthetic.layers.json')));
  const { layers, unmapped } = mapLayersToOnnx(profile, info);
  assert.deepEqual(
    layers.map((l) => [l.onnxNodes, l.mappedBy]),
    [
      [['/stem/conv/Conv', '/stem/act/Relu'], 'consumer'],
      [['/stem/conv/Conv', '/stem/act/Relu'], 'metadata'],
      [['/attn/MatMul', '/attn/Mul', '/attn/Softmax'], 'consumer'],
      [['/attn/MatMul', '/attn/Mul', '/attn/Softmax'], 'metadata'],
      [[], 'unmapped'],
    ],
  );
  assert.deepEqual(unmapped, { layers: ['__myl_Unknown_1'], averageMs: 0.15, percentage: 15 });
});

test('ForeignNode blocks expand to every node between their ends when the graph order is known', () => {
  const profile = {
    iterations: 1,
    layers: [{ name: '{ForeignNode[/a/MatMul.../c/Add]}', timeMs: 1, averageMs: 1, medianMs: 1, percentage: 100 }],
  };
  assert.deepEqual(mapLayersToOnnx(profile, undefined).layers[0].onnxNodes, ['/a/MatMul', '/c/Add']);
  const full = mapLayersToOnnx(profile, undefined, { onnxNodeNames: ['/x', '/a/MatMul', '/b/Mul', '/c/Add', '/y'] })
    .layers[0];
  assert.deepEqual(full.onnxNodes, ['/a/MatMul', '/b/Mul', '/c/Add']);
  assert.equal(full.mappedBy, 'foreign-node');
});

// Warning lines in the layout trtexec prints them (as seen in public logs); the figures are illustrative.
const WARNING_LOG = `&&&& RUNNING TensorRT.trtexec [TensorRT v8601] # trtexec --onnx=m.onnx
[12/28/2023-10:51:16] [I] === Performance summary ===
[12/28/2023-10:51:16] [I] Throughput: 24.3 qps
[12/28/2023-10:51:16] [I] Latency: min = 1.5 ms, max = 2.5 ms, mean = 2 ms, median = 2 ms, percentile(99%) = 2.4 ms
[12/28/2023-10:51:16] [I] End-to-End Host Latency: min = 1.6 ms, max = 2.6 ms, mean = 2.1 ms, median = 2.05 ms, percentile(99%) = 2.5 ms
[12/28/2023-10:51:16] [W] * Throughput may be bound by Enqueue Time rather than GPU Compute and the GPU may be under-utilized.
[12/28/2023-10:51:16] [W]   If not already in use, --useCudaGraph (utilize CUDA graphs where possible) may increase the throughput.
[12/28/2023-10:51:16] [W] * GPU compute time is unstable, with coefficient of variance = 5.58526%.
[12/28/2023-10:51:16] [W]   If not already in use, locking GPU clock frequency or adding --useSpinWait may improve the stability.
[12/28/2023-10:51:16] [I] Explanations of the performance metrics are printed in the verbose logs.
&&&& FAILED TensorRT.trtexec [TensorRT v8601] # trtexec --onnx=m.onnx
`;

test('log warnings (enqueue-bound, unstable GPU time), End-to-End Host Latency, FAILED status', () => {
  const s = parseTrtexecLog(WARNING_LOG);
  assert.equal(s.tensorrtVersion, '8.6.1');
  assert.equal(s.status, 'failed');
  assert.deepEqual(
    s.warnings.map((w) => w.kind),
    ['enqueue-bound', 'unstable-gpu-time'],
  );
  assert.equal(s.warnings[1].coefficientOfVariancePercent, 5.58526);
  assert.match(s.warnings[0].message, /--useCudaGraph/);
  assert.deepEqual(s.endToEndHostLatency, {
    minMs: 1.6,
    maxMs: 2.6,
    meanMs: 2.1,
    medianMs: 2.05,
    percentilesMs: { '99': 2.5 },
  });
});

test('garbage log text yields no figures instead of throwing; huge warning floods stay bounded', () => {
  const s = parseTrtexecLog('\u0000\u0001 not a log\n=== Performance summary ===\nLatency: min = x ms\n');
  assert.equal(s.latency, undefined);
  const flood = parseTrtexecLog('[W] * something\n'.repeat(10000));
  assert.equal(flood.warnings.length, 101);
});

test('import: log + profile + layer info + times + TREx metadata from one corpus run, log figures win', async () => {
  const tmp = fs.mkdtempSync(path.join(scratch, 'all-'));
  const { renderLog } = await import('../fixtures/trtexec-double/render-log.mjs');
  const meta = readJson(path.join(a100fp16, 'resnet.onnx.engine.profile.metadata.json'));
  const log = renderLog({ version: '8.2.1', commandLine: 'trtexec', profileMetadata: meta, buildMetadata: undefined });
  fs.writeFileSync(path.join(tmp, 'run.log'), [...log.build, ...log.inference, ...log.end].join('\n'));
  const files = [
    path.join(tmp, 'run.log'),
    ...['profile', 'graph', 'timing', 'build.metadata', 'metadata'].map((k) =>
      path.join(a100fp16, `resnet.onnx.engine.${k}.json`),
    ),
  ];
  const run = await importTrtexecFiles(files);
  assert.deepEqual(
    run.summary.sources.map((s) => s.kind),
    ['log', 'profile', 'layer-info', 'times', 'trex-build-metadata', 'trex-device-metadata'],
  );
  assert.equal(run.summary.gpuCompute!.minMs, meta.performance_summary['GPU Compute Time'][0]);
  assert.equal(run.summary.timedInferences, 3698);
  assert.equal(run.summary.buildOptions!['Precision'], 'FP32+FP16');
  assert.equal(run.summary.device!.name, 'NVIDIA A100 80GB PCIe');
  assert.equal(run.layers.length, readJson(files[1]).length - 1);
});

test('import errors name the file and the problem', async () => {
  const tmp = fs.mkdtempSync(path.join(scratch, 'bad-'));
  const cases: [string, string | Buffer, RegExp][] = [
    ['broken.json', '[{"count": 1}, {"name": "x", "timeMs": 1', /broken\.json: invalid JSON/],
    ['other.json', '{"hello": 1}', /other\.json: JSON, but not a trtexec export/],
    ['notes.txt', 'just some notes', /notes\.txt: not a trtexec log/],
    ['bin.log', Buffer.from([1, 0, 2]), /bin\.log: binary data/],
    [
      'badrow.json',
      '[{"count": 1}, {"name": "x", "timeMs": "1", "averageMs": 1, "percentage": 1}]',
      /badrow\.json: profile entry 1 "timeMs" is not a number/,
    ],
  ];
  for (const [name, content, pattern] of cases) {
    fs.writeFileSync(path.join(tmp, name), content);
    await assert.rejects(
      importTrtexecFiles([path.join(tmp, name)]),
      (e: Error) => e instanceof TrtexecImportError && pattern.test(e.message),
    );
  }
  await assert.rejects(importTrtexecFiles([path.join(tmp, 'missing.log')]), /missing\.log: cannot read \(ENOENT\)/);
  assert.throws(() => importTrtexecTexts([]), /at least one/);
});

test('CLI `trtexec import --json` prints summary and layers in profile order with ONNX nodes', async () => {
  let out = '';
  let err = '';
  const files = ['profile', 'graph', 'profile.metadata'].map((k) =>
    path.join(a100fp16, `resnet.onnx.engine.${k}.json`),
  );
  const code = await trtexecImportCommand([...files, '--json'], {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  assert.equal(code, 0, err);
  const json = JSON.parse(out);
  const raw = readJson(files[0]).slice(1);
  assert.equal(json.summary.throughputQps, 1155.36);
  assert.deepEqual(
    json.layers.map((l: { name: string }) => l.name),
    raw.map((r: { name: string }) => r.name),
  );
  assert.deepEqual(Object.keys(json.layers[0]), ['name', 'averageMs', 'medianMs', 'percentage', 'onnxNodes']);
  assert.deepEqual(json.layers[1], {
    name: 'Conv_0 + Relu_1',
    averageMs: 0.111616,
    medianMs: 0.111616,
    percentage: 10.9768,
    onnxNodes: ['Conv_0', 'Relu_1'],
  });

  let usage = '';
  assert.equal(await trtexecImportCommand(['--bogus'], { stdout: () => {}, stderr: (t) => (usage += t) }), 2);
  assert.match(usage, /usage: modelready trtexec import/);
  let bad = '';
  assert.equal(await trtexecImportCommand(['/nonexistent/x.log'], { stdout: () => {}, stderr: (t) => (bad += t) }), 1);
  assert.match(bad, /x\.log: cannot read/);
});

test("CLI --onnx: layer names are checked against the model's real nodes; a bad model is a clear error", async () => {
  const profile = path.join(a100fp16, 'resnet.onnx.engine.profile.json');
  const modelPath = path.join(sharedRoot, 'corpus/onnx/exported/squeezenet_op9.onnx');
  let out = '';
  assert.equal(
    await trtexecImportCommand([profile, '--onnx', modelPath, '--json'], {
      stdout: (t) => (out += t),
      stderr: () => {},
    }),
    0,
  );
  // The ResNet engine's layer names are not nodes of SqueezeNet: with the graph given, nothing may be guessed.
  const json = JSON.parse(out);
  assert.ok(json.layers.every((l: { onnxNodes: string[] }) => l.onnxNodes.length === 0));
  assert.equal(json.summary.unmapped.layers.length, json.layers.length);
  let err = '';
  const bogus = path.join(scratch, 'mr-not-a-model.onnx');
  fs.writeFileSync(bogus, 'definitely not protobuf');
  assert.equal(
    await trtexecImportCommand([profile, '--onnx', bogus], { stdout: () => {}, stderr: (t) => (err += t) }),
    1,
  );
  assert.match(err, /not-a-model/);
});

test('import: a --dumpProfile log alone yields layers (rounded), marked as coming from the log', async () => {
  const { renderLog } = await import('../fixtures/trtexec-double/render-log.mjs');
  const raw = readJson(path.join(a100fp16, 'resnet.onnx.engine.profile.json'));
  const log = renderLog({
    version: '10.13.0',
    commandLine: 'trtexec',
    profileMetadata: readJson(path.join(a100fp16, 'resnet.onnx.engine.profile.metadata.json')),
    buildMetadata: undefined,
    profile: raw,
  });
  const run = importTrtexecTexts([{ file: 'run.log', text: [...log.build, ...log.inference, ...log.end].join('\n') }]);
  assert.equal(run.summary.profileSource, 'log-dump');
  assert.equal(run.layers.length, raw.length - 1);
  assert.deepEqual(run.layers[1].onnxNodes, ['Conv_0', 'Relu_1']);
  assert.equal(run.layers[1].averageMs, Number(raw[2].averageMs.toFixed(4)));
  assert.equal('dumpedProfile' in run.summary, false);
});
