// The instance_group hover's figures: the estimate of a Triton model folder's newest model.onnx under the
// folder's .modelready.json target, times the instances the config text places on one GPU.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { scratchDir } from '../../test/support/paths';
import { resolveConfig } from '../config/config';
import { hoverAt } from '../triton/language/hover';
import { folderInstanceMemory, instancesTimesMemory } from './fit';

const repo = scratchDir('memory-fit');
after(() => fs.rmSync(repo, { recursive: true, force: true }));
const modelDir = path.join(repo, 'resnet');
fs.mkdirSync(path.join(modelDir, '1'), { recursive: true });
fs.copyFileSync('../shared/corpus/onnx/exported/resnet50_op17.onnx', path.join(modelDir, '1', 'model.onnx'));
const configText = 'name: "resnet"\nmax_batch_size: 256\ninstance_group [ { count: 2, kind: KIND_GPU } ]\n';
fs.writeFileSync(path.join(modelDir, 'config.pbtxt'), configText);
fs.writeFileSync(path.join(repo, '.modelready.json'), JSON.stringify({ target: { gpu: 'L4' } }));

test('a model folder: batch 256 from max_batch_size, the L4 from .modelready.json', () => {
  const memory = folderInstanceMemory(modelDir, resolveConfig(modelDir));
  assert.ok(memory);
  assert.equal(memory.gpuMemoryBytes, 24 * 2 ** 30);
  assert.equal(instancesTimesMemory(2, memory), "2 instances × 2.5 GiB ≈ 5.1 GiB of the NVIDIA L4's 24.0 GiB");
  assert.match(memory.breakdown, /^weights 97\.3 MiB \+ I\/O 148\.0 MiB \+ activation peak 2\.3 GiB at batch 256/);
});

test('hover on instance_group shows the instances of the text times one instance', () => {
  const memory = folderInstanceMemory(modelDir, resolveConfig(modelDir))!;
  const hover = hoverAt(configText, configText.indexOf('instance_group') + 3, { instanceMemory: memory });
  assert.match(
    hover?.contents ?? '',
    /Estimated GPU memory: 2 instances × 2\.5 GiB ≈ 5\.1 GiB of the NVIDIA L4's 24\.0 GiB \(an estimate per instance: weights/,
  );
  const none = hoverAt(configText, configText.indexOf('instance_group') + 3, {});
  assert.doesNotMatch(none?.contents ?? '', /Estimated GPU memory/);
});

test('no version folder with a model.onnx, or an unreadable model: no estimate, no throw', () => {
  assert.equal(folderInstanceMemory(path.join(repo, 'missing'), resolveConfig(repo)), undefined);
  const broken = path.join(repo, 'broken');
  fs.mkdirSync(path.join(broken, '3'), { recursive: true });
  fs.writeFileSync(path.join(broken, '3', 'model.onnx'), 'not a model');
  assert.equal(folderInstanceMemory(broken, resolveConfig(broken)), undefined);
});
