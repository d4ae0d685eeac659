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
import type { GraphHostMessage } from '../contract/graph-view';

const resnet = path.join(corpusOnnxDir, 'resnet50_op17.onnx');

test('edge labels are short: f32 [batch,3,224,224], symbolic dims by name, ? unknown, [] a scalar', () => {
  assert.equal(edgeLabel('FLOAT', 'batch×3×224×224'), 'f32 [batch,3,224,224]');
  assert.equal(edgeLabel('INT64', 'scalar'), 'i64 []');
  assert.equal(edgeLabel('FLOAT16', '?×past+seq'), 'f16 [?,past+seq]');
  assert.equal(edgeLabel('BFLOAT16', undefined), 'bf16');
  assert.equal(edgeLabel(undefined, undefined), '');
});

test('resnet50 (no value_info in the file): the skeleton goes out with stored types, then every op output port gets an inferred dtype and shape', async () => {
  const model = readOnnxModel(resnet);
  assert.equal(model.graph!.valueInfo.length, 0, 'the export stores no intermediate types');
  const stored = new GraphModel('main', 'resnet', resnet, model.graph!, []);
  const posted: GraphHostMessage[] = [];
  const session = new GraphSession(model, [], { post: (m) => void posted.push(structuredClone(m)) });
  const ops = (g: GraphModel) => g.nodes.filter((n) => n.kind === 'op');
  assert.ok(
    ops(stored).some((n) => n.outputs.some((p) => p.shape === undefined)),
    'value_info alone leaves gaps',
  );
  session.receive({ type: 'graph/ready' });
  assert.deepEqual(
    posted.map((m) => m.type),
    ['graph/skeleton'],
    'the skeleton leaves before inference runs',
  );
  const first = posted[0] as Extract<GraphHostMessage, { type: 'graph/skeleton' }>;
  const untyped = first.contents!.flatMap((c) => c.edges).filter((e) => e.shape === undefined);
  assert.ok(untyped.length > 0, 'the first contents carry the stored types only');
  session.receive({ type: 'graph/painted' });
  await session.shapesDone;
  const inferred = session.main;
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
  // The view learns every change: the message retypes each edge it was sent untyped.
  const shapes = posted[1] as Extract<GraphHostMessage, { type: 'graph/shapes' }>;
  assert.equal(shapes.type, 'graph/shapes');
  const sent = new Map(shapes.tensors.map((t) => [t.tensor, t]));
  for (const e of untyped) {
    const t = sent.get(e.tensor);
    assert.ok(t?.dtype && t.shape, `edge ${e.tensor} retyped`);
    assert.equal(t.shape, edges.find((x) => x.tensor === e.tensor)!.shape);
  }
  // Types that were right already are not sent again.
  const input = inferred.nodes.find((n) => n.kind === 'input')!;
  assert.ok(!sent.has(input.outputs[0].tensor), 'the declared graph input is not resent');
  // A skeleton asked for later carries the types: nothing more to send.
  session.receive({ type: 'graph/ready' });
  await session.shapesDone;
  assert.equal(posted.length, 3);
  const again = posted[2] as Extract<GraphHostMessage, { type: 'graph/skeleton' }>;
  assert.ok(again.contents!.flatMap((c) => c.edges).every((e) => e.dtype && e.shape));
});

test('inference waits until the skeleton was handed over (VS Code: postMessage settles) and the view painted it, then types follow', async () => {
  const model = readOnnxModel(resnet);
  const posted: GraphHostMessage[] = [];
  let handOver!: () => void;
  const handedOver = new Promise<void>((resolve) => (handOver = resolve));
  const session = new GraphSession(model, [], {
    post: (m) => {
      posted.push(m);
      return m.type === 'graph/skeleton' ? handedOver : undefined;
    },
  });
  session.receive({ type: 'graph/ready' });
  // Several timer turns: a timer alone would have let inference run by now.
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(
    posted.map((m) => m.type),
    ['graph/skeleton'],
    'no inference while the skeleton is on its way',
  );
  handOver();
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(
    posted.map((m) => m.type),
    ['graph/skeleton'],
    'no inference while the view paints its first screen',
  );
  session.receive({ type: 'graph/painted' });
  await session.shapesDone;
  assert.deepEqual(
    posted.map((m) => m.type),
    ['graph/skeleton', 'graph/shapes'],
  );
});

test('a view that never says it painted still gets the types after the wait', async () => {
  const posted: GraphHostMessage[] = [];
  const session = new GraphSession(readOnnxModel(resnet), [], { post: (m) => void posted.push(m) });
  session.receive({ type: 'graph/ready' });
  await session.shapesDone;
  assert.deepEqual(
    posted.map((m) => m.type),
    ['graph/skeleton', 'graph/shapes'],
  );
});

test('the first skeleton made ahead (prepare, while the webview loads) is the one an ask makes, and the types still follow it', async () => {
  const model = readOnnxModel(resnet);
  const asked: GraphHostMessage[] = [];
  new GraphSession(model, [], { post: (m) => void asked.push(structuredClone(m)) }).receive({ type: 'graph/ready' });
  const posted: GraphHostMessage[] = [];
  const session = new GraphSession(model, [], { post: (m) => void posted.push(structuredClone(m)) });
  session.prepare();
  assert.equal(posted.length, 0, 'nothing is sent before the view asks');
  session.receive({ type: 'graph/ready' });
  // The same message but for the layouts' own timings (ms).
  const untimed = (m: GraphHostMessage[]) => JSON.stringify(m, (key, value: unknown) => (key === 'ms' ? 0 : value));
  assert.ok(untimed(posted) === untimed(asked), 'the skeleton made ahead differs from the one made when asked');
  session.receive({ type: 'graph/painted' });
  await session.shapesDone;
  assert.deepEqual(
    posted.map((m) => m.type),
    ['graph/skeleton', 'graph/shapes'],
  );
});
