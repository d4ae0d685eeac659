// Graph cleanup on a purpose-built model and the corpus: the checker accepts the result, onnxruntime
// gives the same outputs on random inputs, and the report counts what went.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { simplifyModel } from '../../server/fixes/simplify';
import { readOnnxModel } from '../../server/onnx/reader';
import { corpusModels } from '../support/paths';
import { maxDifference, randomFeeds, runModel } from './ort-compare';
import { describe as describeModel, makeTestModels, onnxCheck } from './support';

const dir = makeTestModels('simplify');

test('cleanup removes Identity, Dropout, dead nodes, unused and duplicate initializers, and folds the shape chain', async () => {
  const file = path.join(dir, 'cleanup.onnx');
  const model = readOnnxModel(file);
  const { report, written } = simplifyModel(model);
  assert.equal(written.path, path.join(dir, 'cleanup.simplified.onnx'));
  assert.deepEqual(report.removed, { identity: 1, dropout: 1, dead: 2, folded: 4 });
  assert.equal(report.initializersDeduplicated, 1);
  assert.ok(report.bytesAfter! < report.bytesBefore);
  assert.deepEqual(
    onnxCheck([written.path]).map((r) => r.ok),
    [true],
  );
  const after = describeModel(written.path);
  assert.deepEqual(
    after.nodes.map((n) => n.op),
    ['MatMul', 'MatMul', 'Reshape', 'Identity'],
  );
  // Both MatMuls read the same weight now; the folded shape is an initializer.
  assert.equal(after.nodes[0].inputs[1], after.nodes[1].inputs[1]);
  assert.deepEqual(after.initializers[after.nodes[2].inputs[1]], { dtype: 'int64', dims: [2], values: [-1, 8] });
  const feeds = randomFeeds(model)!;
  assert.ok(maxDifference(await runModel(file, feeds), await runModel(written.path, feeds)) <= 1e-5);
});

test('corpus models: checker passes and onnxruntime outputs match after cleanup', async () => {
  const models = corpusModels().filter((f) => f.endsWith('.full.onnx'));
  assert.ok(models.length >= 3);
  for (const file of models) {
    const model = readOnnxModel(file);
    const out = path.join(dir, path.basename(file).replace('.full.onnx', '.simplified.onnx'));
    const { report } = simplifyModel(model, out);
    assert.ok(report.nodesAfter < report.nodesBefore, `${file}: something removed`);
    assert.deepEqual(
      onnxCheck([out]).map((r) => r.error ?? 'ok'),
      ['ok'],
      file,
    );
    const feeds = randomFeeds(model)!;
    const diff = maxDifference(await runModel(file, feeds), await runModel(out, feeds));
    assert.ok(diff <= 1e-5, `${file}: max difference ${diff}`);
    fs.rmSync(out);
  }
});
