// quant/* rules on the QDQ models of test/fixtures/qdq (made by scripts/make-qdq-fixtures.py with onnx 1.23 and run
// in onnxruntime 1.30, see its manifest.json): each fires on one model and stays quiet on its close variant. FP8 Q/DQ
// against the target GPU is target/precision-needs-gpu's verdict, checked here on the FP8 QDQ model and its INT8 twin.
// Each fixture also runs in onnxruntime-node, as ModelReady would run it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { randomFeeds, runModel } from '../../../test/fixes/ort-compare';
import { repoRoot } from '../../../test/support/paths';
import { readOnnxModel } from '../../onnx/reader';
import { findingsOf, ruleCaseTests } from '../../../test/support/rule-cases';

const fixtures = path.join(repoRoot, 'test/fixtures/qdq');
const modelFile = (name: string) => path.join(fixtures, `${name}.onnx`);

type ManifestEntry = { runs: boolean; outputShape: number[]; outputDtype: string };
const manifest = JSON.parse(fs.readFileSync(path.join(fixtures, 'manifest.json'), 'utf8')) as {
  models: Record<string, ManifestEntry>;
};

test('every QDQ fixture ran in onnxruntime when it was made', () => {
  for (const [name, entry] of Object.entries(manifest.models)) {
    assert.equal(entry.runs, true, name);
    assert.ok(fs.existsSync(modelFile(name)), name);
  }
});

test('every QDQ fixture runs in onnxruntime-node, its output of the shape and type onnxruntime gave', async () => {
  for (const [name, entry] of Object.entries(manifest.models)) {
    const feeds = randomFeeds(readOnnxModel(modelFile(name)));
    assert.ok(feeds, `${name}: inputs of a covered type`);
    const outputs = Object.values(await runModel(modelFile(name), feeds));
    assert.equal(outputs.length, 1, name);
    assert.deepEqual([...outputs[0].dims], entry.outputShape, name);
    assert.equal(outputs[0].type, entry.outputDtype, name);
  }
});

ruleCaseTests('quant', modelFile, {
  'quant/residual-add-one-sided': {
    fires: {
      model: 'residual-add-qdq-one',
      node: 'residual_Add',
      message: /input "x" has no Q\/DQ while the other input comes from DequantizeLinear/,
    },
    passes: { model: 'residual-add-qdq-both' },
  },
  'quant/weight-axis': {
    fires: { model: 'conv-weight-axis1', node: 'conv_w_DQ', message: /8 per-channel scales along axis 1/ },
    passes: { model: 'conv-weight-axis0' },
  },
  'quant/nonzero-zero-point': {
    fires: { model: 'int8-zero-point', node: 'conv_in_Q', message: /INT8 zero point 3/ },
    passes: { model: 'int8-symmetric' },
  },
  'quant/dangling-qdq': {
    fires: {
      model: 'q-dangling',
      node: 'act_Q',
      message: /output "act_q" is a graph output without a DequantizeLinear/,
    },
    passes: { model: 'qdq-paired' },
  },
});

test('FP8 Q/DQ vs the target GPU: an error on an A100 (8.0), quiet on an L4 (8.9), an H100, and for the INT8 twin', () => {
  const gpuFindings = (model: string, gpu: string) =>
    findingsOf('target/precision-needs-gpu', modelFile(model), { target: { gpu } });
  const [f, ...rest] = gpuFindings('fp8-qdq', 'A100');
  assert.deepEqual(rest, []);
  assert.equal(f.severity, 'error');
  assert.equal(f.node, 'act_Q');
  assert.match(
    f.message,
    /"act_zp" is FLOAT8E4M3FN \(FP8\), which needs compute capability 8\.9 .* A100 \(compute capability 8\.0\)/,
  );
  for (const gpu of ['L4', 'H100']) assert.deepEqual(gpuFindings('fp8-qdq', gpu), [], gpu);
  assert.deepEqual(gpuFindings('int8-qdq', 'A100'), []);
});

test('INT4 weight-only Q/DQ vs the target GPU: an error on a T4 (7.5), quiet on an A100 (8.0), and for the INT8 twin', () => {
  const gpuFindings = (model: string, gpu: string) =>
    findingsOf('target/precision-needs-gpu', modelFile(model), { target: { gpu } });
  const [f, ...rest] = gpuFindings('int4-weight-only', 'T4');
  assert.deepEqual(rest, []);
  assert.equal(f.node, 'w_DQ');
  assert.match(
    f.message,
    /initializer "w_q" is INT4 \(INT4\), which needs compute capability 8\.0 .* T4 \(compute capability 7\.5\)/,
  );
  assert.deepEqual(gpuFindings('int4-weight-only', 'A100'), []);
  assert.deepEqual(gpuFindings('int8-weight-only', 'T4'), []);
});
