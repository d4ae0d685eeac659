// The stack rules on real files (test/fixtures/stack): each fires on a file and stays quiet on a close variant.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../test/support/paths';
import { defaultConfig, type ModelReadyConfig } from '../config/config';
import { planBytes } from '../../test/support/plan-bytes';
import { pinTargetVersionEdits } from './pin-fix';
import { checkPlanFile, checkStackFile, checkWorkspaceStack } from './stack-check';

const fixtures = path.join(repoRoot, 'test/fixtures/stack');
const withTarget = (target: ModelReadyConfig['target']): ModelReadyConfig => ({
  ...defaultConfig(fixtures),
  target,
});
const ids = (findings: { ruleId: string }[]) => findings.map((f) => f.ruleId).sort();

test('stack/unpinned fires on bounds and bare names, quiet on exact pins; the fix pins the target version', () => {
  const config = withTarget({ triton: '24.12' });
  const loose = checkStackFile(path.join(fixtures, 'inconsistent/requirements.txt'), config);
  const unpinned = loose.filter((f) => f.ruleId === 'stack/unpinned');
  assert.deepEqual(
    unpinned.map((f) => f.range?.start.line),
    [2, 5],
  );
  assert.match(unpinned[0].message, /onnx>=1\.16 is not pinned to one version/);
  assert.deepEqual(ids(checkStackFile(path.join(fixtures, 'consistent/requirements.txt'), config)), []);

  const file = path.join(fixtures, 'environment.yml');
  const text = fs.readFileSync(file, 'utf8');
  const env = checkStackFile(file, withTarget({ tensorrt: '10.7' }));
  assert.deepEqual(ids(env), ['stack/unpinned'], 'tritonclient[grpc] only');
  assert.equal(env[0].fixes, undefined, 'the target implies no tritonclient version');
  const pyproject = path.join(fixtures, 'pyproject.toml');
  const edits = pinTargetVersionEdits(pyproject, fs.readFileSync(pyproject, 'utf8'), withTarget({ triton: '25.01' }));
  assert.deepEqual(
    edits.map((e) => [e.package, e.newText]),
    [['onnxruntime', 'onnxruntime==1.20.1']],
  );
  assert.deepEqual(pinTargetVersionEdits(file, text, withTarget({})), [], 'no target: nothing to pin to');
});

test('stack/version-mismatch against the target: tensorrt pin and serving image; quiet when they agree', () => {
  const requirements = path.join(fixtures, 'inconsistent/requirements.txt');
  const [mismatch] = checkStackFile(requirements, withTarget({ triton: '24.12' })).filter(
    (f) => f.ruleId === 'stack/version-mismatch',
  );
  assert.match(mismatch.message, /tensorrt==10\.4\.0 pins tensorrt 10\.4\.0, but the target runs 10\.7\.0\.23/);
  assert.equal(mismatch.severity, 'error');
  assert.equal(mismatch.range?.start.line, 1);
  assert.equal(mismatch.related?.[0].message, 'target.triton = 24.12');
  assert.deepEqual(
    checkStackFile(path.join(fixtures, 'consistent/requirements.txt'), withTarget({ triton: '24.12' })),
    [],
  );

  const dockerfile = path.join(fixtures, 'inconsistent/Dockerfile');
  const image = checkStackFile(dockerfile, withTarget({ triton: '25.01' }));
  assert.deepEqual(ids(image), ['stack/version-mismatch']);
  assert.match(image[0].message, /is Triton 24\.12, but the target is Triton 25\.01/);
  assert.deepEqual(checkStackFile(dockerfile, withTarget({ triton: '24.12' })), []);
});

test('stack/plan-version: error only when the version words prove a mismatch, info otherwise', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plans-'));
  const plan = (name: string, word: number) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, planBytes(word));
    return file;
  };
  const old = checkPlanFile(plan('old.plan', 236), withTarget({ triton: '24.12' }));
  assert.equal(old[0].severity, 'error');
  assert.match(
    old[0].message,
    /this plan was built by TensorRT 8\.6 \(serialization version 236\); the target runs TensorRT 10\.7\.0\.23 \(version 239\) and will refuse it/,
  );
  const same = checkPlanFile(plan('same.plan', 239), withTarget({ triton: '24.12' }));
  assert.equal(same[0].severity, 'info');
  assert.match(
    same[0].message,
    /built by TensorRT 10\.4–10\.8; the target's TensorRT 10\.7\.0\.23 writes the same word/,
  );
  const unknownWord = checkPlanFile(plan('new.plan', 250), withTarget({ tensorrt: '11.1' }));
  assert.equal(unknownWord[0].severity, 'info', 'neither word is known: nothing is proven');
  const notPlan = path.join(dir, 'text.plan');
  fs.writeFileSync(notPlan, 'step 1: export\n');
  assert.match(checkPlanFile(notPlan, withTarget({}))[0].message, /not a TensorRT plan: no TensorRT engine magic/);
});

test('workspace: the engine-building TensorRT and a plan against the serving image, each naming both places', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-'));
  fs.cpSync(path.join(fixtures, 'inconsistent'), dir, { recursive: true });
  fs.mkdirSync(path.join(dir, 'models/detector/1'));
  fs.writeFileSync(path.join(dir, 'models/detector/1/model.plan'), planBytes(236));
  const files = ['Dockerfile', 'requirements.txt', 'models/detector/1/model.plan'].map((f) => path.join(dir, f));
  const findings = checkWorkspaceStack(files);
  assert.deepEqual(ids(findings), ['stack/plan-version', 'stack/version-mismatch']);
  for (const f of findings) {
    assert.equal(f.related?.[0].file, path.join(dir, 'Dockerfile'));
    assert.equal(f.related?.[0].range?.start.line, 1);
    assert.match(f.message, /Dockerfile:2 serves with nvcr\.io\/nvidia\/tritonserver:24\.12-py3/);
  }
  // The close variant: TensorRT 10.7 pinned and a plan it wrote.
  fs.cpSync(path.join(fixtures, 'consistent/requirements.txt'), files[1]);
  fs.writeFileSync(files[2], planBytes(239));
  assert.deepEqual(checkWorkspaceStack(files), []);
});
