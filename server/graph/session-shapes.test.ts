// Shapes where users look: a PyTorch export that stores no value_info still gets every port typed by inference,
// so the graph view's edges, its node details and the CLI SVG show dtype and shape.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { edgeLabel } from '../../common/graph-drawing/scene';
import { readOnnxModel } from '../onnx/reader';
import { corpusOnnxDir } from '../../test/support/paths';
import { GraphModel } from './build';
import { GraphSession } from './session';

const resnet = path.join(corpusOnnxDir, 'resnet50_op17.onnx');

test('edge labels are short: f32 [batch,3,224,224], symbolic dims by name, ? unknown, [] a scalar', () => {
  assert.equal(edgeLabel('FLOAT', 'batch×3×224×224'), 'f32 [batch,3,224,224]');
  assert.equal(edgeLabel('INT64', 'scalar'), 'i64 []');
  assert.equal(edgeLabel('FLOAT16', '?×past+seq'), 'f16 [?,past+seq]');
  assert.equal(edgeLabel('BFLOAT16', undefined), 'bf16');
  assert.equal(edgeLabel(undefined, undefined), '');
});

test('resnet50 (no value_info in the file): every op output port has an inferred dtype and shape', () => {
  const model = readOnnxModel(resnet);
  assert.equal(model.graph!.valueInfo.length, 0, 'the export stores no intermediate types');
  const stored = new GraphModel('main', 'resnet', resnet, model.graph!, []);
  const inferred = new GraphSession(model, [], { post: () => undefined }).main;
  const ops = (g: GraphModel) => g.nodes.filter((n) => n.kind === 'op');
  assert.ok(
    ops(stored).some((n) => n.outputs.some((p) => p.shape === undefined)),
    'value_info alone leaves gaps',
  );
  for (const node of ops(inferred))
    for (const port of node.outputs) assert.ok(port.dtype && port.shape, `${node.name} ${port.tensor}`);
  const conv = ops(inferred).find((n) => n.op === 'Conv')!;
  assert.deepEqual(
    [conv.inputs[0].shape, conv.outputs[0].dtype, conv.outputs[0].shape],
    ['batch×3×224×224', 'FLOAT', 'batch×64×112×112'],
  );
  // The edges the view draws carry the same types (what edge labels and the SVG show).
  const edges = [...Array(inferred.groupCount).keys()].flatMap((g) => inferred.content(g)?.edges ?? []);
  assert.ok(edges.length > 0 && edges.every((e) => e.dtype && e.shape), 'every edge typed');
});
