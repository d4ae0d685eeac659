// The model writer: splicing keeps every untouched byte, edits produce models onnx accepts, external
// data keeps resolving, and a writer killed mid-way leaves the original intact and no partial file.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { derivedModelPath, ModelWriteError, writeModel } from '../../server/fixes/model-writer';
import { int64Tensor, nodeSpecOf } from '../../server/fixes/node-spec';
import { readOnnxModel } from '../../server/onnx/reader';
import { walkTensors } from '../../server/onnx/walk';
import { corpusModels, onnxTestdataModels, repoRoot } from '../support/paths';
import { describe as describeModel, makeTestModels, md5, onnxCheck } from './support';

const dir = makeTestModels('writer');

test('round trip without edits, and with the graph and opsets rebuilt unchanged, is byte-identical', () => {
  const models = [...corpusModels().filter((f) => fs.statSync(f).size < 200e6), ...onnxTestdataModels().slice(0, 200)];
  const out = path.join(dir, 'roundtrip.onnx');
  let rebuilt = 0;
  for (const file of models) {
    const model = readOnnxModel(file);
    // Models with external data may only be written beside their data (tested below).
    if ([...walkTensors(model)].some((t) => t.external)) continue;
    writeModel(model, {}, out);
    assert.equal(md5(out), md5(file), `${file}: plain round trip`);
    if (!model.graph) continue;
    writeModel(model, { graph: {}, opsetImports: model.opsetImports }, out);
    // Files written by protobuf put the opset imports in one run; only then is the rebuild exact.
    assert.equal(md5(out), md5(file), `${file}: graph and opsets re-assembled`);
    rebuilt++;
  }
  assert.ok(rebuilt > 100, `rebuilt ${rebuilt} models`);
});

test('re-encoded nodes, added and removed initializers produce a model onnx.checker accepts', () => {
  const file = path.join(dir, 'cleanup.onnx');
  const model = readOnnxModel(file);
  const nodes = model.graph!.nodes;
  // Re-encode every node from its spec (attributes copied from the file), drop the unused initializer,
  // add a new one and rename the Reshape's shape input to it.
  const replaceNodes = new Map(nodes.map((n, i) => [i, [nodeSpecOf(n)]]));
  const reshape = nodes.findIndex((n) => n.opType === 'Reshape');
  replaceNodes.set(reshape, [{ ...nodeSpecOf(nodes[reshape]), inputs: ['b', 'fixed_shape'] }]);
  const unused = model.graph!.initializers.findIndex((t) => t.name === 'unused');
  const out = derivedModelPath(file, 'edited');
  assert.equal(out, path.join(dir, 'cleanup.edited.onnx'));
  writeModel(
    model,
    {
      graph: {
        replaceNodes,
        removeInitializers: new Set([unused]),
        addInitializers: [int64Tensor('fixed_shape', [-1, 8])],
      },
    },
    out,
  );
  assert.deepEqual(
    onnxCheck([out]).map((r) => r.ok),
    [true],
  );
  const before = describeModel(file);
  const after = describeModel(out);
  assert.deepEqual(
    after.nodes.map((n) => n.op),
    before.nodes.map((n) => n.op),
  );
  assert.deepEqual(
    after.nodes.map((n) => n.attrs),
    before.nodes.map((n) => n.attrs),
  );
  assert.ok(!('unused' in after.initializers));
  assert.deepEqual(after.initializers.fixed_shape, { dtype: 'int64', dims: [2], values: [-1, 8] });
  assert.deepEqual(after.initializers.w1, before.initializers.w1);
});

test('external data keeps resolving beside the original; writing it elsewhere is refused', () => {
  const file = path.join(dir, 'external.onnx');
  const model = readOnnxModel(file);
  const out = derivedModelPath(file, 'opset13');
  writeModel(model, { graph: { replaceNodes: new Map([[1, [nodeSpecOf(model.graph!.nodes[1])]]]) } }, out);
  assert.equal(readOnnxModel(out).graph!.initializers[0].external?.location, 'weights.bin');
  assert.deepEqual(
    onnxCheck([out]).map((r) => r.ok),
    [true],
  );
  fs.mkdirSync(path.join(dir, 'elsewhere'), { recursive: true });
  assert.throws(() => writeModel(model, {}, path.join(dir, 'elsewhere/external.onnx')), ModelWriteError);
});

test('the original is never overwritten unless asked; in place keeps a .bak', () => {
  const file = path.join(dir, 'cleanup.onnx');
  const copy = path.join(dir, 'inplace.onnx');
  fs.copyFileSync(file, copy);
  const model = readOnnxModel(copy);
  assert.throws(() => writeModel(model, {}, copy), /refusing to overwrite/);
  const result = writeModel(model, { opsetImports: [{ domain: '', version: 14 }] }, copy, { inPlace: true });
  assert.equal(result.backup, `${copy}.bak`);
  assert.equal(md5(`${copy}.bak`), md5(file));
  assert.deepEqual(readOnnxModel(copy).opsetImports, [{ domain: '', version: 14 }]);
});

function killMidWrite(model: string, out: string, mode: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'test/fixes/write-child.ts'), model, out, mode],
      { cwd: repoRoot },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('started')) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve(stdout) : reject(new Error(`child ended ${code} ${signal}: ${stdout} ${stderr}`)),
    );
  });
}

for (const mode of ['new-file', 'in-place']) {
  test(`a writer killed with SIGKILL mid-way (${mode}) leaves the original intact and nothing under the final name`, async () => {
    const original = path.join(dir, `big-${mode}.onnx`);
    fs.copyFileSync(path.join(dir, 'big.onnx'), original);
    const before = md5(original);
    const out = mode === 'in-place' ? original : derivedModelPath(original, 'edited');
    const report = await killMidWrite(original, out, mode);
    const [, written, total] = report.trim().split(' ').map(Number);
    assert.ok(written > 0 && written < total, `killed after ${written} of ${total} bytes`);
    assert.equal(md5(original), before);
    if (mode === 'new-file') assert.ok(!fs.existsSync(out), 'no output under the final name');
    assert.ok(!fs.existsSync(`${original}.bak`), 'no backup before the new file is complete');
    const leftovers = fs.readdirSync(dir).filter((f) => f.includes('.tmp-'));
    assert.ok(leftovers.length >= 1, 'the partial output was a temp file');
    for (const f of leftovers) fs.rmSync(path.join(dir, f));
  });
}
