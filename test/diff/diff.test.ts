// `modelready diff` on model pairs with known edits: exported on the device by scripts/gen-diff-pairs.py
// (pairs.json records the edit and onnxruntime's output difference), and made here with our own
// convert-opset and simplify. Each diff must report exactly the known edit.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { diffModels, type ModelDiff } from '../../server/diff/diff-models';
import { readOnnxModel } from '../../server/onnx/reader';
import { debianPython, repoRoot, scratchDir } from '../support/paths';
import { writeWithIdentity } from './with-identity';

const fixtures = path.join(repoRoot, 'test/fixtures/diff');
const pairs = JSON.parse(fs.readFileSync(path.join(fixtures, 'pairs.json'), 'utf8'));
const cli = path.join(repoRoot, 'dist/cli.js');

const diff = (a: string, b: string) =>
  diffModels(readOnnxModel(path.join(fixtures, a)), readOnnxModel(path.join(fixtures, b)));
const pair = (name: string) => pairs.pairs.find((p: { name: string }) => p.name === name);

function assertNoNodeEdits(d: ModelDiff) {
  assert.deepEqual([d.added, d.removed, d.changed], [[], [], []]);
  assert.equal(d.matched, 5);
}

test('one layer changed: only the LeakyReLU alpha, matched by name', () => {
  const d = diff('base.onnx', 'slope-changed.onnx');
  assert.equal(d.matched, 5);
  assert.deepEqual([d.added, d.removed], [[], []]);
  assert.equal(d.changed.length, 1);
  assert.equal(d.changed[0].a, '/encoder/act/LeakyRelu');
  assert.equal(d.changed[0].matchedBy, 'name');
  assert.match(d.changed[0].changes.join(), /^attribute alpha: 0\.1\d* -> 0\.2\d*$/);
  assert.deepEqual(d.initializers, { changed: [], added: [], removed: [] });
  assert.ok(pair('slope-changed').ortMaxAbsDiff > 0, 'onnxruntime saw the edit');
});

test('renamed submodule: every node and initializer paired across the rename, nothing changed', () => {
  const d = diff('base.onnx', 'renamed.onnx');
  assertNoNodeEdits(d);
  assert.deepEqual(d.matchedBy, { name: 1, 'structure+weights': 4, structure: 0, topology: 0 });
  assert.deepEqual(
    d.matches.find((m) => m.a === '/encoder/fc2/Gemm'),
    { a: '/encoder/fc2/Gemm', b: '/backbone/fc2/Gemm', by: 'structure+weights' },
  );
  assert.deepEqual(d.initializers, { changed: [], added: [], removed: [] });
  assert.equal(pair('renamed').ortMaxAbsDiff, 0);
});

test('different opset: only the opset import (and IR version) change', () => {
  const d = diff('base-op13.onnx', 'base.onnx');
  assertNoNodeEdits(d);
  assert.deepEqual(d.opsets.changed, ['ai.onnx: 13 -> 17']);
  assert.deepEqual(d.io.changed, []);
  assert.equal(pair('opset').ortMaxAbsDiff, 0);
});

test('weight-only change: the initializer changed with its max abs difference; no node changed', () => {
  const d = diff('base.onnx', 'weight-changed.onnx');
  assertNoNodeEdits(d);
  assert.equal(d.initializers.changed.length, 1);
  const [c] = d.initializers.changed;
  assert.deepEqual([c.a, c.changes], ['encoder.fc2.weight', ['bytes']]);
  assert.ok(Math.abs(c.maxAbsDiff! - 0.5) < 1e-6, `max abs diff ${c.maxAbsDiff}`);
});

test('TorchScript vs dynamo exporter: renamed nodes, explicit default attributes, external data; all pair up', () => {
  const d = diff('base-op18.onnx', 'base-dynamo.onnx');
  assertNoNodeEdits(d);
  assert.equal(d.matchedBy['structure+weights'], 5);
  assert.deepEqual(d.initializers.changed, [], 'weights read from the .data file hash equal');
  assert.deepEqual(d.opsets.changed, []);
  assert.equal(pair('exporters').ortMaxAbsDiff, 0);
});

function runCli(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: repoRoot });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('our convert-opset: the converted model differs only in its opset', () => {
  const out = path.join(scratchDir('diff-convert'), 'base-op18.onnx');
  runCli('convert-opset', path.join(fixtures, 'base.onnx'), '--to', '18', '--out', out);
  const d = JSON.parse(runCli('diff', path.join(fixtures, 'base.onnx'), out, '--json'));
  assert.deepEqual([d.added, d.removed, d.changed, d.matched], [[], [], [], 5]);
  assert.deepEqual(d.opsets.changed, ['ai.onnx: 17 -> 18']);
  assert.deepEqual(d.findings.new, []);
});

test('our simplify: the dropped Identity is removed and its consumer reads the Identity input', () => {
  const dir = scratchDir('diff-simplify');
  const withIdentity = writeWithIdentity(path.join(dir, 'with-identity.onnx'));
  const simplified = path.join(dir, 'simplified.onnx');
  runCli('simplify', withIdentity, '--out', simplified);
  const d = JSON.parse(runCli('diff', withIdentity, simplified, '--json'));
  assert.deepEqual(d.removed, [{ node: '/encoder/copy', op: 'Identity' }]);
  assert.deepEqual(d.added, []);
  assert.deepEqual(
    d.changed.map((c: { a: string; changes: string[] }) => [c.a, c.changes]),
    [['/encoder/fc2/Gemm', ['input 0: copy -> /encoder/act/LeakyRelu_output_0 (different source)']]],
  );
  // The finding model A had and B has not is listed as fixed.
  assert.deepEqual(
    d.findings.fixed.map((f: { ruleId: string; node?: string; file: string }) => [f.ruleId, f.node, f.file]),
    [['simplify/identity', '/encoder/copy', withIdentity]],
  );
  assert.deepEqual(d.findings.new, []);
});

test('text output prints the dynamo source file:line under a changed node matched by topology', () => {
  const text = runCli('diff', path.join(fixtures, 'base.onnx'), path.join(fixtures, 'base-dynamo.onnx'));
  assert.match(text, /matched 5 nodes/);
  const twoModels = runCli('diff', path.join(fixtures, 'slope-changed.onnx'), path.join(fixtures, 'base-dynamo.onnx'));
  assert.match(
    twoModels,
    /~ \/encoder\/act\/LeakyRelu -> node_leaky_relu \[LeakyRelu\][^\n]*\n\s+at \S*scripts\/gen-diff-pairs\.py:31 \(encoder\.act\)/,
  );
});

test('bad input: a garbage file is a usage error naming it, not a crash', () => {
  const garbage = path.join(scratchDir('diff-bad'), 'garbage.onnx');
  fs.writeFileSync(garbage, 'not a model');
  const r = spawnSync(process.execPath, [cli, 'diff', garbage, path.join(fixtures, 'base.onnx')], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /garbage\.onnx/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

function makeModels(dir: string, script: string): void {
  const made = spawnSync(debianPython, ['-c', script, dir], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
}

test('a 20,000-node chain renamed end to end pairs up by structure (no stack overflow)', () => {
  const dir = scratchDir('diff-chain');
  makeModels(
    dir,
    `
import sys, onnx
from onnx import helper, TensorProto
def chain(prefix):
    nodes, x = [], 'x'
    for i in range(20000):
        nodes.append(helper.make_node('Relu' if i % 2 else 'Sigmoid', [x], [f'{prefix}{i}'], name=f'{prefix}/n{i}'))
        x = f'{prefix}{i}'
    nodes.append(helper.make_node('Identity', [x], ['y'], name=f'{prefix}/out'))
    vi = lambda n: helper.make_tensor_value_info(n, TensorProto.FLOAT, [4])
    return helper.make_model(helper.make_graph(nodes, 'g', [vi('x')], [vi('y')]))
onnx.save(chain('a'), sys.argv[1] + '/a.onnx')
onnx.save(chain('b'), sys.argv[1] + '/b.onnx')
`,
  );
  const d = diffModels(readOnnxModel(path.join(dir, 'a.onnx')), readOnnxModel(path.join(dir, 'b.onnx')));
  assert.deepEqual([d.added, d.removed, d.changed], [[], [], []]);
  assert.equal(d.matchedBy['structure+weights'], 20001);
});

test('a Constant whose value tensor changed is reported (attribute tensors hashed by content)', () => {
  const dir = scratchDir('diff-constant');
  makeModels(
    dir,
    `
import sys, onnx
from onnx import helper, TensorProto
def model(value):
    c = helper.make_node('Constant', [], ['c'], name='const', value=helper.make_tensor('v', TensorProto.FLOAT, [2], value))
    add = helper.make_node('Add', ['x', 'c'], ['y'], name='add')
    vi = lambda n: helper.make_tensor_value_info(n, TensorProto.FLOAT, [2])
    return helper.make_model(helper.make_graph([c, add], 'g', [vi('x')], [vi('y')]))
onnx.save(model([1.0, 2.0]), sys.argv[1] + '/a.onnx')
onnx.save(model([1.0, 3.0]), sys.argv[1] + '/b.onnx')
`,
  );
  const d = diffModels(readOnnxModel(path.join(dir, 'a.onnx')), readOnnxModel(path.join(dir, 'b.onnx')));
  assert.deepEqual(
    d.changed.map((c) => [c.a, c.changes.length, c.changes[0].startsWith('attribute value: tensor FLOAT[2]')]),
    [['const', 1, true]],
  );
});
