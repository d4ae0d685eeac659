// `modelready profiles` through the built CLI: the formats CI scripts read, --save, and the check afterwards.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { corpusOnnxDir, repoRoot, scratchDir } from '../support/paths';

const cli = path.join(repoRoot, 'dist/cli.js');
const run = (cwd: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

test('profiles --format json|trtexec|triton-*: the proposal and what it turns into', () => {
  const dir = scratchDir('profiles-cli');
  const bert = path.join(corpusOnnxDir, 'bert_base_op14.onnx');
  const json = run(dir, 'profiles', bert, '--format', 'json', '--sequence', '1,64,384');
  assert.equal(json.code, 0, json.stderr);
  const out = JSON.parse(json.stdout);
  assert.equal(out.source, 'proposal');
  assert.deepEqual(out.profiles, [
    {
      input_ids: { min: [1, 1], opt: [8, 64], max: [32, 384] },
      attention_mask: { min: [1, 1], opt: [8, 64], max: [32, 384] },
    },
  ]);
  assert.deepEqual(out.problems, []);

  const flags = run(dir, 'profiles', bert, '--format', 'trtexec', '--strategy', 'max-throughput');
  assert.equal(flags.code, 0);
  assert.equal(
    flags.stdout,
    'trtexec --onnx=bert_base_op14.onnx --minShapes=input_ids:1x1,attention_mask:1x1 --optShapes=input_ids:32x512,attention_mask:32x512 --maxShapes=input_ids:32x512,attention_mask:32x512\n',
  );
  const old = run(
    dir,
    'profiles',
    bert,
    '--format',
    'trtexec',
    '--strategy',
    'min-latency,static',
    '--target-trt',
    '8.6',
  );
  assert.equal(old.code, 1);
  assert.match(old.stderr, /trtexec 8\.6 builds one optimization profile per engine/);
  // The same through the Triton release whose -py3 container runs TensorRT 8.6.3 (its help text lacks --profile).
  const viaTriton = run(
    dir,
    'profiles',
    bert,
    '--format',
    'trtexec',
    '--strategy',
    'min-latency,static',
    '--target-triton',
    '24.02',
  );
  assert.equal(viaTriton.code, 1);
  assert.match(viaTriton.stderr, /trtexec 8\.6\.3 builds one optimization profile per engine/);

  assert.match(run(dir, 'profiles', bert, '--format', 'triton-trt').stdout, /^max_batch_size: 32\n/);
  assert.match(
    run(dir, 'profiles', bert, '--format', 'triton-ort').stdout,
    /key: "trt_profile_max_shapes" value: "input_ids:32x512,attention_mask:32x512"/,
  );
  assert.equal(run(dir, 'profiles', bert, '--strategy', 'fastest').code, 2);
  assert.equal(run(dir, 'profiles', bert, '--batch', '8,4,2').code, 2);
  const missing = run(dir, 'profiles', path.join(dir, 'nope.onnx'));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.onnx/);
});

test('profiles --save writes .modelready.json; check then no longer asks for a profile', () => {
  const dir = scratchDir('profiles-cli-save');
  const modelFile = path.join(dir, 'model.onnx');
  fs.copyFileSync(path.join(corpusOnnxDir, 'squeezenet_op9.onnx'), modelFile);
  const before = run(dir, 'check', modelFile, '--format', 'json');
  assert.ok(
    JSON.parse(before.stdout).diagnostics.some(
      (d: { ruleId: string }) => d.ruleId === 'shape/dynamic-input-needs-profile',
    ),
  );
  const saved = run(dir, 'profiles', modelFile, '--strategy', 'dynamic,static', '--save');
  assert.equal(saved.code, 0, saved.stderr);
  assert.match(saved.stderr, /saved 2 profile\(s\) for model\.onnx/);
  const config = JSON.parse(fs.readFileSync(path.join(dir, '.modelready.json'), 'utf8'));
  assert.deepEqual(config.profiles['model.onnx'][1], {
    data: { min: [32, 3, 224, 224], opt: [32, 3, 224, 224], max: [32, 3, 224, 224] },
  });
  const after = JSON.parse(run(dir, 'check', modelFile, '--format', 'json').stdout);
  assert.deepEqual(
    after.diagnostics.filter((d: { ruleId: string }) => d.ruleId.startsWith('shape/')),
    [],
  );
  // Without --strategy the saved profiles are shown.
  const shown = JSON.parse(run(dir, 'profiles', modelFile, '--format', 'json').stdout);
  assert.equal(shown.source, 'saved');
  assert.equal(shown.profiles.length, 2);
});
