// engine/quantization-not-taken and engine/fp16-not-taken on the real engines of the TREx corpus: the QAT ResNet
// (TensorRT 8.4, A100, --fp16 --int8) and the FP32 / FP16 builds of the plain ResNet. The corpus holds no ONNX file
// for these engines, so each test builds the part of the graph it judges with onnx's helper API, named as the
// PyTorch export named it (the names the engine's layers carry), then a close variant that differs by one Q/DQ pair
// or Cast. Expected precisions are read from the raw layer JSON here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readJson, sharedRoot } from '../profiling/corpus';
import { buildModels } from '../support/rule-cases';
import { qatStem } from './qat-stem';
import { loadEngineReport } from '../../server/engine/load-engine';

const A100 = path.join(sharedRoot, 'corpus/trtexec/trex/examples/pytorch/resnet/A100');
const QAT = path.join(A100, 'qat/resnet-qat.onnx.engine.graph.json');
const FP32 = path.join(A100, 'fp32/resnet.onnx.engine.graph.json');
const FP16 = path.join(A100, 'fp16/resnet.onnx.engine.graph.json');

// The plain ResNet's first nodes as its export named them; with \`cast\` the input is cast to FLOAT16 first.
const resnetStem = (cast: boolean) => `
cast = ${cast ? 'True' : 'False'}
x, t = ("input.1", TP.FLOAT)
n = []
if cast:
    n.append(h.make_node("Cast", ["input.1"], ["half_in"], name="Cast_to_half", to=TP.FLOAT16))
    x, t = ("half_in", TP.FLOAT16)
n += [h.make_node("Conv", [x, "w"], ["c0"], name="Conv_0", pads=[3, 3, 3, 3], strides=[2, 2]),
      h.make_node("Relu", ["c0"], ["r1"], name="Relu_1"),
      h.make_node("MaxPool", ["r1"], ["p2"], name="MaxPool_2", kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[2, 2])]
m = model(n, [vi("input.1", shape=[32, 3, 224, 224]), vi("w", t, [64, 3, 7, 7])], [vi("p2", t, [32, 64, 56, 56])])
`;

const onnx = buildModels('engine-precision', {
  'qat-stem': qatStem(''),
  'qat-stem-maxpool-qdq': qatStem('MaxPool_12'),
  'qat-stem-avgpool-qdq': qatStem('GlobalAveragePool_246'),
  'resnet-stem': resnetStem(false),
  'resnet-stem-half': resnetStem(true),
});

const findings = (layers: string, model: string, ruleId: string) =>
  loadEngineReport({ layers, onnx: onnx(model) }).findings.filter((f) => f.ruleId === ruleId);

/** The data type words of a layer's first input in the raw JSON ("Row major linear FP32", "… FP16 format …"). */
function rawInputType(file: string, layer: string): string {
  const raw = readJson(file).Layers.find((l: { Name: string }) => l.Name === layer);
  return raw.Inputs[0]['Format/Datatype'];
}

test('QAT ResNet: every layer whose nodes read Q/DQ runs INT8, so quantization-not-taken stays quiet', () => {
  assert.deepEqual(findings(QAT, 'qat-stem', 'engine/quantization-not-taken'), []);
});

test('QAT ResNet: a Q/DQ pair before MaxPool_12 did not take, the pool runs FP32', () => {
  assert.match(rawInputType(QAT, 'MaxPool_12'), /FP32/);
  const [f, ...rest] = findings(QAT, 'qat-stem-maxpool-qdq', 'engine/quantization-not-taken');
  assert.deepEqual(rest, []);
  assert.deepEqual(f.layers, ['MaxPool_12']);
  assert.match(f.message, /1 layers run in FP32 although their ONNX nodes read DequantizeLinear outputs/);
});

test('QAT ResNet: a Q/DQ pair before GlobalAveragePool_246 did not take, the pool runs FP16 (--fp16 --int8 build)', () => {
  assert.match(rawInputType(QAT, 'GlobalAveragePool_246'), /FP16/);
  const [f, ...rest] = findings(QAT, 'qat-stem-avgpool-qdq', 'engine/quantization-not-taken');
  assert.deepEqual(rest, []);
  assert.deepEqual(f.layers, ['GlobalAveragePool_246']);
  assert.match(f.message, /run in FP16/);
});

test('ResNet cast to FLOAT16: the FP32 build did not take it, the FP16 build did', () => {
  assert.match(rawInputType(FP32, 'Conv_0 + Relu_1'), /FP32/);
  const [f, ...rest] = findings(FP32, 'resnet-stem-half', 'engine/fp16-not-taken');
  assert.deepEqual(rest, []);
  // Conv_0 + Relu_1 and MaxPool_2 both read what follows the cast; only Conv_0 reads the Cast output itself.
  assert.deepEqual(f.layers, ['Conv_0 + Relu_1']);
  assert.deepEqual(findings(FP16, 'resnet-stem-half', 'engine/fp16-not-taken'), []);
  // Without the cast the graph asks for nothing: the FP32 build is quiet too.
  assert.deepEqual(findings(FP32, 'resnet-stem', 'engine/fp16-not-taken'), []);
});
