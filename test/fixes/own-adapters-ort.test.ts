// ModelReady's own down-conversions (server/fixes/opset-own-adapters.ts: LayerNormalization to primitives, Split
// num_outputs to a split input, Pad axes folded into pads; with onnx's Reduce* axes input -> attribute and Resize
// 18 -> 17) on real exports: PyTorch dynamo models at opset 18 (scripts/gen-fidelity-goldens.py,
// scripts/export-opset18-models.py) brought to 17 and 16 compute what the originals compute under onnxruntime.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { convertOpset, planOpsetConversion } from '../../server/fixes/opset-convert';
import { readOnnxModel } from '../../server/onnx/reader';
import { debianPython, repoRoot, scratchDir } from '../support/paths';
import { maxDifference, randomFeeds, runModel } from './ort-compare';

const dir = scratchDir('own-adapters');
after(() => fs.rmSync(dir, { recursive: true, force: true }));
execFileSync(debianPython, [path.join(repoRoot, 'test/fixes/own_adapter_models.py'), dir]);
const fixtures = path.join(repoRoot, 'test/fixtures/onnx-1.23');

const cases: { file: string; own: Record<number, string[]> }[] = [
  {
    file: path.join(fixtures, 'encoder_dynamo_op18.onnx'),
    own: { 17: ['Split'], 16: ['Split', 'LayerNormalization', 'LayerNormalization', 'LayerNormalization'] },
  },
  { file: path.join(fixtures, 'block_dynamo_op18.onnx'), own: { 17: [], 16: ['LayerNormalization'] } },
  {
    file: path.join(dir, 'own_adapters_op18.onnx'),
    own: { 17: ['Pad', 'Split'], 16: ['Pad', 'Split', 'LayerNormalization'] },
  },
];

for (const { file, own } of cases)
  for (const target of [17, 16])
    test(`${path.basename(file)} -> opset ${target} computes the same under onnxruntime`, async () => {
      const model = readOnnxModel(file);
      const out = path.join(dir, `${path.basename(file, '.onnx')}.op${target}.onnx`);
      const { plan } = convertOpset(model, target, out);
      const ours = plan.changes.filter((c) => c.change.includes("ModelReady's own")).map((c) => c.opType);
      assert.deepEqual(ours, own[target]);
      const converted = readOnnxModel(out);
      assert.equal(converted.opsetImports.find((o) => o.domain === '')?.version, target);
      const ops = new Set(converted.graph!.nodes.map((n) => n.opType));
      if (target < 17) assert.ok(!ops.has('LayerNormalization'), 'no LayerNormalization left');
      const feeds = randomFeeds(model)!;
      const diff = maxDifference(await runModel(file, feeds), await runModel(out, feeds));
      assert.ok(diff <= 1e-4, `max difference ${diff}`);
    });

test('GroupNormalization 18 -> 21 repeats the per-group scale and bias per channel (onnx keeps them per group)', async () => {
  const file = path.join(dir, 'group_norm_op18.onnx');
  const out = path.join(dir, 'group_norm.op21.onnx');
  const { plan } = convertOpset(readOnnxModel(file), 21, out);
  assert.deepEqual(
    plan.changes.map((c) => c.opType),
    ['GroupNormalization'],
  );
  const feeds = randomFeeds(readOnnxModel(file))!;
  const diff = maxDifference(await runModel(file, feeds), await runModel(out, feeds));
  assert.ok(diff <= 1e-4, `max difference ${diff}`);
});

test('a LayerNormalization whose input type is unknown is refused, not guessed', () => {
  const file = path.join(dir, 'own_adapters_op18.onnx');
  execFileSync(debianPython, [
    '-c',
    `import onnx; m = onnx.load(${JSON.stringify(file)}); del m.graph.value_info[:]; onnx.save(m, ${JSON.stringify(path.join(dir, 'untyped.onnx'))})`,
  ]);
  const plan = planOpsetConversion(readOnnxModel(path.join(dir, 'untyped.onnx')), 16);
  const refused = plan.refusals.find((r) => r.opType === 'LayerNormalization');
  assert.match(refused?.reason ?? '', /element type of input "padded" is unknown/);
});
