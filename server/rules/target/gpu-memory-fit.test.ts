// target/gpu-memory-fit on the corpus ResNet-50 (symbolic batch) in a Triton model folder: batch 256 is about
// 2.5 GiB per instance, so 10 instances overflow the L4's 24 GiB and fit the L40S's 45 GiB; 4 fit the L4.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { scratchDir } from '../../../test/support/paths';
import { findingsOf } from '../../../test/support/rule-cases';

const repo = scratchDir('gpu-memory-fit');
after(() => fs.rmSync(repo, { recursive: true, force: true }));

function modelFolder(name: string, config: string): string {
  const file = path.join(repo, name, '1', 'model.onnx');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.copyFileSync('../shared/corpus/onnx/exported/resnet50_op17.onnx', file);
  fs.writeFileSync(path.join(repo, name, 'config.pbtxt'), `name: "${name}"\nbackend: "onnxruntime"\n${config}`);
  return file;
}

const ten = modelFolder('ten', 'max_batch_size: 256\ninstance_group [ { count: 10, kind: KIND_GPU } ]\n');
const four = modelFolder('four', 'max_batch_size: 256\ninstance_group [ { count: 4, kind: KIND_GPU } ]\n');
const id = 'target/gpu-memory-fit';

test('fires: 10 instances at batch 256 on an L4', () => {
  const found = findingsOf(id, ten, { target: { gpu: 'L4' } });
  assert.equal(found.length, 1);
  assert.match(
    found[0].message,
    /^estimated GPU memory: 10 instances × 2\.5 GiB \(weights 97\.3 MiB \+ I\/O 148\.0 MiB \+ activation peak 2\.3 GiB at batch 256 \(config\.pbtxt max_batch_size\)\) ≈ 25\.4 GiB of the NVIDIA L4's 24\.0 GiB: does not fit$/,
  );
});

test('quiet: the same folder on an L40S, 4 instances on an L4, or no GPU memory known', () => {
  assert.deepEqual(findingsOf(id, ten, { target: { gpu: 'L40S' } }), []);
  assert.deepEqual(findingsOf(id, four, { target: { gpu: 'L4' } }), []);
  assert.deepEqual(findingsOf(id, ten, { target: { gpu: 'T4' } }), [], 'gpus.json has no memory for the T4');
});

test('a saved profile max is the shape used, over max_batch_size', () => {
  const profiles = [{ input: { min: [1, 3, 224, 224], opt: [8, 3, 224, 224], max: [16, 3, 224, 224] } }];
  assert.deepEqual(findingsOf(id, ten, { target: { gpu: 'L4' }, profiles }), []);
  const bigger = [{ input: { min: [1, 3, 224, 224], opt: [8, 3, 224, 224], max: [1024, 3, 224, 224] } }];
  const found = findingsOf(id, four, { target: { gpu: 'L4' }, profiles: bigger });
  assert.match(found[0]?.message ?? '', /4 instances × .* at the profile's max shapes/);
});
