import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { before, test } from 'node:test';
import { resolveExternalData } from '../../server/onnx/external-data';
import { externalDataFindings } from '../../server/onnx/read-findings';
import { readOnnxModel } from '../../server/onnx/reader';
import { debianPython, repoRoot, scratchDir } from '../support/paths';

let dir = '';
before(() => {
  dir = scratchDir('external');
  execFileSync(debianPython, [path.join(repoRoot, 'test/onnx/make_external_models.py'), dir]);
});

const resolve = (name: string) => resolveExternalData(readOnnxModel(path.join(dir, 'models', `${name}.onnx`)));

test('present external data is found with its size', () => {
  const [file] = resolve('ok');
  assert.deepEqual(
    { ...file },
    { location: 'ok.bin', bytes: 64, exists: true, fileBytes: 64, requiredBytes: 64, tensors: ['w'] },
  );
});

test('length defaults to the tensor size from its dims', () => {
  const [file] = resolve('nolength');
  assert.equal(file.bytes, 64);
  assert.equal(file.problem, undefined);
});

test('missing, short, escaping and absolute locations are each reported', () => {
  assert.equal(resolve('missing')[0].problem, 'missing');
  assert.equal(resolve('short')[0].problem, 'too-short');
  assert.equal(resolve('escapes')[0].problem, 'escapes-model-folder');
  assert.equal(resolve('absolute')[0].problem, 'absolute-path');
  // Outside files are never opened: even though ../outside.bin exists, it is not reported as existing.
  assert.equal(resolve('escapes')[0].exists, false);
});

test('findings name the file, the location and the rule', () => {
  const model = readOnnxModel(path.join(dir, 'models', 'short.onnx'));
  const [finding] = externalDataFindings(model);
  assert.equal(finding.ruleId, 'onnx/external-data-short');
  assert.equal(finding.file, model.path);
  assert.match(finding.message, /"short.bin" has 10 bytes but tensors read up to byte 64/);
  assert.deepEqual(externalDataFindings(readOnnxModel(path.join(dir, 'models', 'ok.onnx'))), []);
});
