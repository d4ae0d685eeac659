// The memory estimate on models small enough to compute by hand (built with Debian's onnx), and on a corpus
// ResNet-50 whose static twin (the dynamo export) states its shapes: both must give the same activation peak.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readOnnxModel } from '../onnx/reader';
import { buildModels } from '../../test/support/rule-cases';
import { estimateMemory } from './estimate';

// r1 = Relu(x), r2 = Relu(r1), c = Concat(r1, r2), y = Add(c, w); "dead" = Neg(x) is read by nobody.
const chain = (batch: string) => `
m = model([h.make_node('Relu', ['x'], ['r1'], name='r1'), h.make_node('Relu', ['r1'], ['r2'], name='r2'),
           h.make_node('Neg', ['x'], ['dead'], name='dead'),
           h.make_node('Concat', ['r1', 'r2'], ['c'], name='concat', axis=1),
           h.make_node('Identity', ['w'], ['w_copy'], name='w_copy'),
           h.make_node('Add', ['c', 'w_copy'], ['y'], name='add')],
          [vi('x', TP.FLOAT, [${batch}, 8])], [vi('y', TP.FLOAT, [${batch}, 16])],
          [const('w', np.zeros(16))])`;

const model = buildModels('memory-estimate', { chain_static: chain('2'), chain_dynamic: chain("'N'") });

test('activation peak, weights and I/O of a hand-computable chain', () => {
  const e = estimateMemory(readOnnxModel(model('chain_static')));
  // Weights: w = 16 floats. I/O: x 2x8 + y 2x16 floats. The Identity of w folds (no activation).
  assert.equal(e.weightBytes, 64);
  assert.equal(e.ioBytes, (16 + 32) * 4);
  // After concat: r1 (64 B) and r2 (64 B) still live + c (128 B) = 256 B; "dead" (64 B) was freed at its node.
  assert.equal(e.activationPeakBytes, 256);
  assert.equal(e.peakAfterNode, 'concat');
  assert.deepEqual(e.unknownSizes, []);
});

test('a symbolic batch is sized from the given input shapes, and unknown without them', () => {
  const file = model('chain_dynamic');
  const e = estimateMemory(readOnnxModel(file), { x: [5, 8] });
  assert.equal(e.activationPeakBytes, 5 * (8 + 8 + 16) * 4);
  assert.equal(e.ioBytes, 5 * (8 + 16) * 4);
  const unsized = estimateMemory(readOnnxModel(file));
  assert.equal(unsized.activationPeakBytes, 0);
  assert.ok(unsized.unknownSizes.includes('c') && unsized.unknownSizes.includes('x'), unsized.unknownSizes.join());
});

test('ResNet-50 with a symbolic batch at batch 1 matches its static dynamo export', () => {
  const corpus = '../shared/corpus/onnx/exported/';
  const dynamic = estimateMemory(readOnnxModel(`${corpus}resnet50_op17.onnx`), { input: [1, 3, 224, 224] });
  const fixed = estimateMemory(readOnnxModel(`${corpus}resnet50_dynamo_op18.onnx`));
  assert.equal(dynamic.activationPeakBytes, fixed.activationPeakBytes);
  // The largest live set of a bottleneck block at 224x224: three 256x56x56 float maps.
  assert.equal(fixed.activationPeakBytes, 3 * 256 * 56 * 56 * 4);
  assert.equal(dynamic.ioBytes, (3 * 224 * 224 + 1000) * 4);
  // About 25.5 M FP32 parameters (torchvision's resnet50 has 25,557,032; the export folds BatchNorm into Conv).
  assert.ok(Math.abs(dynamic.weightBytes / 4 - 25_557_032) < 100_000, String(dynamic.weightBytes));
});
