// `modelready engine` on real TREx / trtexec engine descriptions of TensorRT 8.2–8.6 and on the 11.x inspector
// fixture. Expected values are read from the raw JSON here (or off the files by hand), never from the code under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readJson, repoRoot, sharedRoot } from '../profiling/corpus';
import { engineCommand } from '../../server/cli/engine';
import type { EngineReport } from '../../server/contract/engine';
import { parseEngineDescription } from '../../server/engine/parse-engine';

const trtexec = path.join(sharedRoot, 'corpus/trtexec');
const SETS = [
  'trex/examples/pytorch/resnet/A100/qat/resnet-qat.onnx.engine', // TensorRT 8.4, QAT INT8
  'trex/examples/pytorch/resnet/A100/fp16/resnet.onnx.engine',
  'trex/examples/tensorflow/resnet/RTX-3090/fp16/resnet.onnx.engine',
  'trex-history/mobilenet-qat-trex-v0.1.0/mobilenet.qat.onnx.engine', // TensorRT 8.2
].map((p) => ({ layers: path.join(trtexec, `${p}.graph.json`), profile: path.join(trtexec, `${p}.profile.json`) }));
const YOLO_85 = path.join(trtexec, 'trex-history/yolo-int8-orin-trt8.5.2-pr3444');
const TRT11 = path.join(repoRoot, 'test/fixtures/engine/trt11-inspector.json');

function run(args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = engineCommand(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

function report(args: string[]): EngineReport {
  const r = run([...args, '--json']);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
}

for (const set of SETS) {
  test(`every layer in engine order with its type and profile time: ${path.basename(set.layers)}`, () => {
    const raw = readJson(set.layers).Layers;
    const profile = new Map<string, { averageMs: number; percentage: number }>(
      readJson(set.profile)
        .slice(1)
        .map((r: { name: string; averageMs: number; percentage: number }) => [r.name, r]),
    );
    const got = report([set.layers, '--profile', set.profile]);
    assert.deepEqual(
      got.layers.map((l) => l.name),
      raw.map((l: { Name: string }) => l.Name),
    );
    assert.deepEqual(
      got.layers.map((l) => l.type),
      raw.map((l: { LayerType: string }) => l.LayerType),
    );
    for (const l of got.layers) {
      assert.equal(l.averageMs, profile.get(l.name)?.averageMs ?? null, l.name);
      assert.equal(l.percentage, profile.get(l.name)?.percentage ?? null, l.name);
      assert.deepEqual(Object.keys(got).sort(), ['findings', 'layers', 'tensorrtVersion']);
    }
    assert.ok(
      got.layers.some((l) => l.type === 'Reformat' || l.type === 'NoOp'),
      'copy layers are kept',
    );
  });
}

test('precision is the first input data type as TREx reads it; formats and shapes come apart', () => {
  const [qat] = SETS;
  const got = report([qat.layers]);
  const byName = new Map(got.layers.map((l) => [l.name, l]));
  // Read off resnet-qat.onnx.engine.graph.json by hand.
  const conv = byName.get('conv1.weight + QuantizeLinear_7 + Conv_9')!;
  assert.equal(conv.precision, 'INT8');
  assert.deepEqual(conv.inputs[0], {
    name: 'onnx::DequantizeLinear_125',
    format: 'Four wide channel vectorized row major',
    dataType: 'INT8',
    shape: [32, 3, 224, 224],
  });
  assert.equal(conv.outputs[0].dataType, 'FP32');
  assert.equal(conv.tactic, 'ampere_fp32_icudnn_int8x4_128x64_relu_medium_nn_v1');
  assert.deepEqual(conv.onnxNodes, ['QuantizeLinear_7', 'Conv_9']);
  assert.equal(byName.get('MaxPool_12')!.precision, 'FP32');
  assert.equal(byName.get('QuantizeLinear_15')!.precision, 'FP16');
});

test('name-only layer info (TensorRT 8.5, no detailed verbosity): names kept, unknown facts null', () => {
  const raw = readJson(path.join(YOLO_85, 'layer_info.json')).Layers as string[];
  const got = report([path.join(YOLO_85, 'layer_info.json'), '--profile', path.join(YOLO_85, 'profile.json')]);
  assert.deepEqual(
    got.layers.map((l) => l.name),
    raw,
  );
  for (const l of got.layers) {
    assert.equal(l.type, null);
    assert.equal(l.precision, null);
    assert.equal(l.tactic, null);
  }
  assert.ok(got.layers.filter((l) => l.averageMs !== null).length > raw.length / 2);
});

test('TensorRT 11 inspector: split Format/DataType, I/O Tensors profiles, Metadata mapping, Myelin region', () => {
  const got = report([TRT11]);
  assert.deepEqual(
    got.layers.map((l) => [l.type, l.precision]),
    [
      ['Reformat', 'FP32'],
      ['CaskConvolution', 'FP16'],
      ['Myelin', 'FP16'],
    ],
  );
  assert.deepEqual(got.layers[1].inputs[0].format, 'Channel major where channel % 8 == 0');
  assert.deepEqual(got.layers[1].onnxNodes, ['/conv1/Conv', '/relu/Relu']);
  assert.deepEqual(got.layers[0].onnxNodes, ['/conv1/Conv', '/relu/Relu'], 'reformat time goes to the layer it feeds');
  const myelin = got.findings.filter((f) => f.ruleId === 'engine/myelin-region');
  assert.equal(myelin.length, 1);
  assert.match(myelin[0].message, /swallowed 3 ONNX nodes \(\/pool\/GlobalAveragePool … \/fc\/Gemm\)/);
});

test('reformat share fires on the QAT ResNet (25% in reformats) and stays quiet on its FP16 build', () => {
  const [qat, fp16] = SETS;
  const rawShare = (set: (typeof SETS)[number]) => {
    const reformats = new Set(
      readJson(set.layers)
        .Layers.filter((l: { LayerType: string }) => l.LayerType === 'Reformat')
        .map((l: { Name: string }) => l.Name),
    );
    return readJson(set.profile)
      .slice(1)
      .filter((r: { name: string }) => reformats.has(r.name))
      .reduce((s: number, r: { percentage: number }) => s + r.percentage, 0);
  };
  const fired = report([qat.layers, '--profile', qat.profile]).findings.filter(
    (f) => f.ruleId === 'engine/reformat-share',
  );
  assert.equal(fired.length, 1);
  assert.ok(rawShare(qat) > 10);
  assert.match(fired[0].message, new RegExp(`${rawShare(qat).toFixed(1)}%`));
  assert.ok(rawShare(fp16) <= 10);
  assert.deepEqual(
    report([fp16.layers, '--profile', fp16.profile]).findings.filter((f) => f.ruleId === 'engine/reformat-share'),
    [],
  );
  // Without a profile there are no times, so no share to judge.
  assert.deepEqual(
    report([qat.layers]).findings.filter((f) => f.ruleId === 'engine/reformat-share'),
    [],
  );
});

test('bad input: a clear error naming the file, exit 1; usage errors exit 2', () => {
  const notJson = run([path.join(repoRoot, 'README.md')]);
  assert.equal(notJson.code, 1);
  assert.match(notJson.err, /README\.md: not JSON/);
  const wrongKind = run([SETS[0].profile]);
  assert.equal(wrongKind.code, 1);
  assert.match(wrongKind.err, /resnet-qat\.onnx\.engine\.profile\.json: not an engine description/);
  const badProfile = run([SETS[0].layers, '--profile', SETS[0].layers]);
  assert.equal(badProfile.code, 1);
  assert.match(badProfile.err, /graph\.json: not an --exportProfile file/);
  const missing = run([path.join(repoRoot, 'no-such.json')]);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /no-such\.json: cannot read: ENOENT/);
  assert.equal(run([]).code, 2);
});

test('TensorRT 11 I/O Tensors keep per-profile min/opt/max shapes; 8.x Bindings keep names only', () => {
  const trt11 = parseEngineDescription(readJson(TRT11));
  assert.deepEqual(trt11.ioTensors[0], {
    name: 'input_0',
    ioMode: 'Input',
    dataType: 'FP32',
    shape: [-1, 3, 224, 224],
    profiles: [
      {
        min: [1, 3, 224, 224],
        opt: [8, 3, 224, 224],
        max: [32, 3, 224, 224],
        format: 'Row major linear FP32 format (kLINEAR)',
      },
      {
        min: [1, 3, 224, 224],
        opt: [1, 3, 224, 224],
        max: [1, 3, 224, 224],
        format: 'Row major linear FP32 format (kLINEAR)',
      },
    ],
  });
  const trt8 = parseEngineDescription(readJson(SETS[0].layers));
  assert.deepEqual(
    trt8.ioTensors.map((t) => [t.name, t.ioMode, t.profiles.length]),
    [
      ['input.1', null, 0],
      ['422', null, 0],
    ],
  );
});

test('two engines of one model compared per ONNX node: FP32 vs FP16 build differ, an engine against itself does not', () => {
  const a100 = path.join(trtexec, 'trex/examples/pytorch/resnet/A100');
  const fp32 = path.join(a100, 'fp32/resnet.onnx.engine.graph.json');
  const fp16 = path.join(a100, 'fp16/resnet.onnx.engine.graph.json');
  // Read off the two files: Conv_0 + Relu_1 runs with FP32 inputs in the fp32 build and FP16 in the fp16 build.
  const differs = report([fp32, '--compare', fp16]).findings.filter((f) => f.ruleId === 'engine/precision-differs');
  assert.equal(differs.length, 1);
  assert.match(differs[0].message, /ONNX nodes run in FP32 here and FP16 in the other engine \(Conv_0, Relu_1/);
  const self = report([fp16, '--compare', fp16]).findings.filter((f) => f.ruleId === 'engine/precision-differs');
  assert.deepEqual(self, []);
});
