// TensorRT findings on a model inside a Triton model folder hold only when its config serves it with TensorRT (the
// ONNX Runtime backend's TensorRT accelerator, or a TensorRT plan); served by plain ONNX Runtime they are info scoped
// "if you move this model to TensorRT".
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { analyzeFile } from '../../server/analyze';
import { defaultConfig } from '../../server/config/config';
import { debianPython, scratchDir } from '../support/paths';

const repo = scratchDir('serving-engine');
after(() => fs.rmSync(repo, { recursive: true, force: true }));

// A detection-style model: NonZero gives trt/data-dependent-shape (a warning on TensorRT).
function modelFolder(name: string, config: string): string {
  const file = path.join(repo, name, '1', 'model.onnx');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const script = `import onnx, sys
from onnx import helper as h, TensorProto as TP
g = h.make_graph([h.make_node('NonZero', ['x'], ['y'], name='nz')], 'g', [h.make_tensor_value_info('x', TP.FLOAT, [8])], [h.make_tensor_value_info('y', TP.INT64, [1, None])])
onnx.save(h.make_model(g, opset_imports=[h.make_opsetid('', 13)]), sys.argv[1])`;
  execFileSync(debianPython, ['-c', script, file]);
  fs.writeFileSync(path.join(repo, name, 'config.pbtxt'), config);
  return file;
}

const trtFindings = (file: string) =>
  analyzeFile(file, { config: defaultConfig(repo) }).filter((f) => f.ruleId === 'trt/data-dependent-shape');

test('served by plain ONNX Runtime: TensorRT findings are info scoped to a move to TensorRT', () => {
  const file = modelFolder('ort', 'name: "ort"\nplatform: "onnxruntime_onnx"\nmax_batch_size: 0\n');
  const [f] = trtFindings(file);
  assert.equal(f.severity, 'info');
  assert.match(f.message, /^if you move this model to TensorRT: NonZero output shape depends/);
  assert.match(f.message, /ort\/config\.pbtxt serves it with ONNX Runtime without the TensorRT accelerator/);
});

test('served with the TensorRT accelerator, or outside a model folder: TensorRT findings keep their severity', () => {
  const file = modelFolder(
    'ort_trt',
    'name: "ort_trt"\nbackend: "onnxruntime"\nmax_batch_size: 0\noptimization { execution_accelerators { gpu_execution_accelerator : [ { name : "tensorrt" } ] } }\n',
  );
  const [f] = trtFindings(file);
  assert.equal(f.severity, 'warning');
  assert.doesNotMatch(f.message, /if you move/);
  const loose = path.join(repo, 'loose.onnx');
  fs.copyFileSync(file, loose);
  assert.equal(trtFindings(loose)[0].severity, 'warning');
});
