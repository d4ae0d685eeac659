// `modelready engine a.json --compare b.json`: two real engines of the same ResNet (TREx, A100, FP32 and FP16 builds)
// compared per ONNX node through the run comparison. Expected times and precisions are read from the raw files here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readJson, sharedRoot } from '../profiling/corpus';
import { engineCommand } from '../../server/cli/engine';
import type { EngineComparison } from '../../server/contract/engine';

const A100 = path.join(sharedRoot, 'corpus/trtexec/trex/examples/pytorch/resnet/A100');
const set = (build: string) => ({
  layers: path.join(A100, `${build}/resnet.onnx.engine.graph.json`),
  profile: path.join(A100, `${build}/resnet.onnx.engine.profile.json`),
});
const [FP32, FP16] = [set('fp32'), set('fp16')];

function run(args: string[]) {
  let out = '';
  let err = '';
  const code = engineCommand(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

function compare(args: string[]): EngineComparison {
  const r = run([...args, '--json']);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out).comparison;
}

/** Raw profile time of the layer built from Conv_0 and Relu_1 plus the reformat feeding it, split over its 2 nodes. */
function conv0Ms(profile: string): number {
  const rows = readJson(profile).slice(1) as { name: string; averageMs: number }[];
  const mine = rows.filter((r) => r.name === 'Conv_0 + Relu_1' || r.name.endsWith(' to Conv_0 + Relu_1'));
  assert.ok(mine.length > 0);
  return mine.reduce((s, r) => s + r.averageMs, 0) / 2;
}

const firstInputType = (layers: string, name: string) =>
  readJson(layers).Layers.find((l: { Name: string }) => l.Name === name).Inputs[0]['Format/Datatype'] as string;

test('FP32 vs FP16 build per ONNX node: each node`s time on both sides and the precision it runs in', () => {
  const c = compare([
    FP32.layers,
    '--profile',
    FP32.profile,
    '--compare',
    FP16.layers,
    '--compare-profile',
    FP16.profile,
  ]);
  const conv0 = c.nodes.find((n) => n.node === 'Conv_0')!;
  assert.ok(Math.abs(conv0.baseMs! - conv0Ms(FP32.profile)) < 1e-9);
  assert.ok(Math.abs(conv0.otherMs! - conv0Ms(FP16.profile)) < 1e-9);
  assert.ok(Math.abs(conv0.deltaMs! - (conv0.otherMs! - conv0.baseMs!)) < 1e-12);
  assert.match(firstInputType(FP32.layers, 'Conv_0 + Relu_1'), /FP32/);
  assert.match(firstInputType(FP16.layers, 'Conv_0 + Relu_1'), /FP16/);
  assert.deepEqual([conv0.basePrecision, conv0.otherPrecision], ['FP32', 'FP16']);
  // Biggest absolute change first.
  const changes = c.nodes.map((n) => Math.abs(n.deltaMs ?? 0));
  assert.deepEqual(
    changes,
    [...changes].sort((a, b) => b - a),
  );
  assert.equal(c.precisionChanges, c.nodes.filter((n) => n.basePrecision !== n.otherPrecision).length);
  assert.ok(c.precisionChanges > 40);
});

test('an engine against itself: every node in both, no change; unprofiled engines still compare precision', () => {
  const self = compare([
    FP16.layers,
    '--profile',
    FP16.profile,
    '--compare',
    FP16.layers,
    '--compare-profile',
    FP16.profile,
  ]);
  assert.ok(self.nodes.length > 40);
  for (const n of self.nodes) {
    assert.equal(n.deltaMs, 0, n.node);
    assert.equal(n.basePrecision, n.otherPrecision);
  }
  assert.equal(self.precisionChanges, 0);
  // The NoOp -> reshape -> output reformat chain at the end of the FP16 build maps to Gemm_48, not to its own name.
  assert.ok(!self.nodes.some((n) => n.node.startsWith('Reformatting CopyNode')));
  const untimed = compare([FP32.layers, '--compare', FP16.layers]);
  assert.deepEqual(untimed.nodes.map((n) => n.node).sort(), self.nodes.map((n) => n.node).sort());
  assert.ok(untimed.nodes.every((n) => n.baseMs === null && n.otherMs === null));
  assert.equal(untimed.precisionChanges, compare([FP32.layers, '--compare', FP16.layers]).precisionChanges);
});

test('text report lists the per-node rows; --compare-profile alone is a usage error', () => {
  const text = run([
    FP32.layers,
    '--profile',
    FP32.profile,
    '--compare',
    FP16.layers,
    '--compare-profile',
    FP16.profile,
  ]);
  assert.equal(text.code, 0);
  assert.match(text.out, /per ONNX node against the other engine \(\d+ nodes, \d+ in another precision/);
  assert.match(text.out, /FP32 -> FP16 +Conv_0\n/);
  assert.equal(run([FP32.layers, '--compare-profile', FP16.profile]).code, 2);
  const badOther = run([FP32.layers, '--compare', FP16.profile]);
  assert.equal(badOther.code, 1);
  assert.match(badOther.err, /resnet\.onnx\.engine\.profile\.json: not an engine description/);
});
