// `modelready target` and the --target-* flags of `check`, through the built CLI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/paths';
import { planBytes } from '../support/plan-bytes';

const cli = path.join(repoRoot, 'dist/cli.js');
function run(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
const workspace = (config: unknown) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelready-target-'));
  fs.writeFileSync(path.join(dir, '.modelready.json'), JSON.stringify(config, null, 2));
  return dir;
};

test('target --json: the documented shape, null for the unknown, sources per fact', () => {
  const dir = workspace({ target: { triton: '25.08', gpu: 'L4' } });
  const r = run(dir, 'target', '--json');
  assert.equal(r.code, 0, r.stderr);
  const t = JSON.parse(r.stdout);
  for (const key of [
    'triton',
    'tensorrt',
    'onnxruntime',
    'cuda',
    'driver',
    'gpu',
    'computeCapability',
    'gpuMemoryBytes',
  ])
    assert.ok(key in t, key);
  assert.equal(t.triton, '25.08');
  assert.equal(t.tensorrt, null, "25.08's -py3 TensorRT is not stated anywhere in the corpus");
  assert.equal(t.onnxruntime, '1.23.0+1d1712fdaf');
  assert.equal(t.cuda, '13.0.0.044');
  assert.equal(t.driver, '575');
  assert.equal(t.computeCapability, '8.9');
  assert.equal(t.gpuMemoryBytes, 25769803776);
  assert.match(t.sources.triton, /\.modelready\.json \(target\.triton\)/);
  assert.match(t.sources.onnxruntime, /compatibility\.md/);
  assert.deepEqual(t.conflicts, []);
});

test('target: flags override the file; a conflict exits 1 and is printed', () => {
  const dir = workspace({ target: { triton: '24.12' } });
  const r = run(dir, 'target', '--target-trt', '10.4', '--target-gpu', 'T4');
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^tensorrt\s+10\.4\s+\(--target-trt/m);
  assert.match(r.stdout, /error: target\.tensorrt 10\.4 is not the TensorRT of Triton 24\.12/);
  assert.equal(run(dir, 'target', '--target-gpu', 'nonsense;rm').code, 2);
});

test('check --target-triton/--target-gpu: the conflict is a finding on the flag; quiet for a compatible pair', () => {
  const dir = workspace({});
  const bad = run(dir, 'check', '.', '--target-triton', '25.02', '--target-gpu', 'V100', '--format', 'json');
  const findings = JSON.parse(bad.stdout).diagnostics as { ruleId: string; file: string; message: string }[];
  const conflict = findings.filter((f) => f.ruleId === 'target/conflict');
  assert.equal(conflict.length, 1);
  assert.match(conflict[0].message, /Triton 25\.02 refuses GPUs below compute capability 7\.5/);
  assert.equal(bad.code, 1);
  const good = run(dir, 'check', '.', '--target-triton', '25.02', '--target-gpu', 'A10', '--format', 'json');
  assert.equal(JSON.parse(good.stdout).diagnostics.length, 0);
  assert.equal(good.code, 0);
});

test('check: a conflict pinned in .modelready.json points at the key', () => {
  const dir = workspace({ target: { triton: '24.12', tensorrt: '10.4' } });
  const r = run(dir, 'check', '.', '--format', 'json');
  const [finding] = JSON.parse(r.stdout).diagnostics as { file: string; range: { start: { line: number } } }[];
  assert.equal(path.basename(finding.file), '.modelready.json');
  assert.equal(finding.range.start.line, 3, 'line of "tensorrt" (the pinned field at fault) in the file');
});

test('check <workspace>: Dockerfile, requirements and model repository pinned inconsistently; each conflict names both places', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelready-stack-'));
  fs.cpSync(path.join(repoRoot, 'test/fixtures/stack/inconsistent'), dir, { recursive: true });
  fs.mkdirSync(path.join(dir, 'models/detector/1'));
  fs.writeFileSync(path.join(dir, 'models/detector/1/model.plan'), planBytes(236));
  fs.writeFileSync(path.join(dir, '.modelready.json'), JSON.stringify({ target: { triton: '25.01' } }, null, 2));
  const r = run(dir, 'check', '.', '--format', 'json');
  assert.equal(r.code, 1, r.stderr);
  type Shown = { ruleId: string; file: string; message: string; related?: { file: string }[] };
  const conflicts = (JSON.parse(r.stdout).diagnostics as Shown[]).filter((f) =>
    ['stack/version-mismatch', 'stack/plan-version'].includes(f.ruleId),
  );
  const named = conflicts.map((f) => `${f.ruleId} ${f.file} <-> ${f.related?.map((x) => x.file).join(',')}`).sort();
  assert.deepEqual(named, [
    'stack/plan-version models/detector/1/model.plan <-> .modelready.json',
    'stack/plan-version models/detector/1/model.plan <-> Dockerfile',
    'stack/version-mismatch Dockerfile <-> .modelready.json',
    'stack/version-mismatch requirements.txt <-> .modelready.json',
    'stack/version-mismatch requirements.txt <-> Dockerfile',
  ]);
  // And SARIF carries the other place as a related location.
  const sarif = JSON.parse(run(dir, 'check', '.', '--format', 'sarif').stdout);
  const results = sarif.runs[0].results as { ruleId: string; relatedLocations?: unknown[] }[];
  assert.ok(results.filter((x) => x.ruleId.startsWith('stack/')).some((x) => (x.relatedLocations ?? []).length > 0));
});

test('check: .modelready.json rules apply to the stack rules too (off, and a changed severity)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelready-stack-rules-'));
  fs.cpSync(path.join(repoRoot, 'test/fixtures/stack/inconsistent'), dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, '.modelready.json'),
    JSON.stringify({ rules: { 'stack/unpinned': 'off', 'stack/version-mismatch': 'warning' } }),
  );
  const shown = JSON.parse(run(dir, 'check', '.', '--format', 'json').stdout).diagnostics as {
    ruleId: string;
    severity: string;
  }[];
  assert.deepEqual(
    shown.filter((f) => f.ruleId.startsWith('stack/')).map((f) => [f.ruleId, f.severity]),
    [['stack/version-mismatch', 'warning']],
  );
});
