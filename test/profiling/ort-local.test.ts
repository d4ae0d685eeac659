// "Run with ONNX Runtime (local)" for real on the CPU with corpus models: min/opt/max smoke runs, failures as
// findings, per-node times that land on the model's own node names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { sharedRoot } from './corpus';
import { nodeTimesFromOrtProfile, runOrtLocal } from '../../server/profiling/ort-local';
import { readOnnxModel } from '../../server/onnx/reader';

const exported = path.join(sharedRoot, 'corpus/onnx/exported');

test('dynamic model at its profile extremes; per-node times map onto the graph', async () => {
  const model = path.join(exported, 'llama_tiny_op17.full.onnx');
  const range = { min: [1, 1], opt: [1, 16], max: [2, 64] };
  const result = await runOrtLocal(model, { input_ids: range, attention_mask: range }, { iterations: 3 });
  assert.deepEqual(
    result.runs.map((r) => [r.point, r.ok]),
    [
      ['min', true],
      ['opt', true],
      ['max', true],
    ],
  );
  assert.deepEqual(result.runs[2].shapes, { input_ids: [2, 64], attention_mask: [2, 64] });
  assert.deepEqual(result.findings, []);
  const nodeNames = new Set((readOnnxModel(model).graph?.nodes ?? []).map((n) => n.name));
  assert.ok(result.nodes.length > 10);
  for (const n of result.nodes) assert.ok(nodeNames.has(n.name), `ORT node ${n.name} is a node of the model`);
  const total = result.nodes.reduce((s, n) => s + n.percentage, 0);
  assert.ok(Math.abs(total - 100) < 1e-6);
  assert.ok(result.nodes[0].averageMs >= result.nodes[result.nodes.length - 1].averageMs, 'slowest first');
});

test('a profile shape the model cannot take becomes an error finding naming the shape', async () => {
  const model = path.join(exported, 'squeezenet_op9.full.onnx');
  const result = await runOrtLocal(
    model,
    { data: { min: [1, 3, 224, 224], opt: [1, 3, 224, 224], max: [1, 5, 224, 224] } },
    { iterations: 1 },
  );
  assert.deepEqual(
    result.runs.map((r) => r.ok),
    [true, true, false],
  );
  assert.equal(result.findings.length, 1);
  assert.equal(result.findings[0].severity, 'error');
  assert.match(result.findings[0].message, /at the profile's max shapes \(data: 1x5x224x224\)/);
  assert.ok(result.nodes.length > 0, 'opt still profiled');
});

test('ORT profile reader rejects non-trace input and skips non-kernel events', () => {
  assert.throws(() => nodeTimesFromOrtProfile({ not: 'an array' }, 1), /not a JSON array/);
  const nodes = nodeTimesFromOrtProfile(
    [
      { cat: 'Session', name: 'model_loading_uri', dur: 1000 },
      { cat: 'Node', name: 'Conv_1_kernel_time', dur: 300, args: { op_name: 'Conv' } },
      { cat: 'Node', name: 'Conv_1_fence_before', dur: 5 },
      { cat: 'Node', name: 'Relu_2_kernel_time', dur: 100, args: { op_name: 'Relu' } },
    ],
    1,
  );
  assert.deepEqual(nodes, [
    { name: 'Conv_1', opType: 'Conv', averageMs: 0.3, runs: 1, percentage: 75 },
    { name: 'Relu_2', opType: 'Relu', averageMs: 0.1, runs: 1, percentage: 25 },
  ]);
});
