// A profile applied in config.pbtxt (the TensorRT accelerator's trt_profile_*_shapes, as `modelready profiles
// --format triton-ort` writes them) counts as configured for shape/dynamic-input-needs-profile, in the CLI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { inputsProfiledInConfigText } from '../../server/shape-profiles/applied-profiles';
import { corpusOnnxDir, repoRoot, scratchDir } from '../support/paths';

const cli = path.join(repoRoot, 'dist/cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: repoRoot });

function modelFolder(name: string, config: string): string {
  const root = scratchDir(name);
  fs.mkdirSync(path.join(root, 'resnet/1'), { recursive: true });
  fs.copyFileSync(path.join(corpusOnnxDir, 'resnet50_op17.onnx'), path.join(root, 'resnet/1/model.onnx'));
  fs.writeFileSync(path.join(root, 'resnet/config.pbtxt'), config);
  return path.join(root, 'resnet/1/model.onnx');
}

const ruleIds = (file: string) =>
  (JSON.parse(run('check', file, '--format', 'json').stdout).diagnostics as { ruleId: string }[]).map((d) => d.ruleId);

test('the ORT TensorRT stanza our profiles command writes makes the dynamic input configured', () => {
  const probe = modelFolder('applied-profile-probe', 'name: "resnet"\nbackend: "onnxruntime"\n');
  const stanza = run('profiles', probe, '--batch', '1,8,32', '--format', 'triton-ort');
  assert.equal(stanza.status, 0, stanza.stderr);
  assert.match(stanza.stdout, /trt_profile_min_shapes/);
  assert.deepEqual([...inputsProfiledInConfigText(stanza.stdout)], ['input']);

  const bare = modelFolder('applied-profile-bare', 'name: "resnet"\nbackend: "onnxruntime"\nmax_batch_size: 0\n');
  assert.ok(ruleIds(bare).includes('shape/dynamic-input-needs-profile'), 'fires without any profile');
  const applied = modelFolder(
    'applied-profile-applied',
    `name: "resnet"\nbackend: "onnxruntime"\nmax_batch_size: 0\n${stanza.stdout}`,
  );
  assert.ok(!ruleIds(applied).includes('shape/dynamic-input-needs-profile'), 'quiet once the config applies one');
});

test('an input missing from one of min/opt/max is not configured', () => {
  const text = `optimization { execution_accelerators { gpu_execution_accelerator : [ {
    name : "tensorrt"
    parameters { key: "trt_profile_min_shapes" value: "input:1x3x224x224,mask:1x7" }
    parameters { key: "trt_profile_opt_shapes" value: "input:8x3x224x224,mask:8x7" }
    parameters { key: "trt_profile_max_shapes" value: "input:32x3x224x224" } } ] } }`;
  assert.deepEqual([...inputsProfiledInConfigText(text)], ['input']);
  assert.deepEqual([...inputsProfiledInConfigText(text.replace(/"tensorrt"/, '"openvino"'))], []);
});
