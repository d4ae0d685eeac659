// Writing profiles: text-format strings, the .modelready.json writer (atomic, schema-valid), config.pbtxt edits per
// backend, bounded message checks, every corpus config.
import assert from 'node:assert/strict';
import { repoWith } from './model-repo';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { loadConfigFile } from '../../server/config/config';
import { writeModelProfiles } from '../../server/config/write-profiles';
import {
  configEditFor,
  openProfileSession,
  profilesView,
  ProfilesRejectedError,
  saveProfiles,
} from '../../server/shape-profiles/service';
import { ProfileStanzaError, textFormatString } from '../../server/shape-profiles/triton-stanza';
import { profileConfigEdit } from '../../server/shape-profiles/config-profile-edit';
import {
  checkEditProfilesParams,
  checkProfileList,
  checkProfilesViewMessage,
} from '../../server/shape-profiles/form-messages';
import { checkProfiles, modelInputShapes, proposeProfiles } from '../../server/shape-profiles/profiles';
import { readOnnxModel } from '../../server/onnx/reader';
import { parseModelConfig } from '../../server/triton';
import { generateConfigFromModel } from '../../server/triton/language';
import { decodeString } from '../../server/triton/textformat/tokenizer';
import { readOnnxSignature } from '../../server/triton/validate/onnx-signature';
import { corpusDir, corpusOnnxDir, repoRoot, scratchDir } from '../support/paths';

const model = (name: string) => path.join(corpusOnnxDir, `${name}.onnx`);
const inputsOf = (name: string) => modelInputShapes(readOnnxModel(model(name)));

test('text-format strings round-trip through our tokenizer', () => {
  for (const s of ['plain', 'a"b\\c', 'tab\there\nline', 'ünïcode', '\x01\x7f'])
    assert.equal(decodeString(textFormatString(s)), s);
});

test('.modelready.json: other keys kept, written atomically, accepted by the reader, the JSON schema and the rules', () => {
  const dir = scratchDir('profiles-config');
  const modelsDir = path.join(dir, 'models/bert/1');
  fs.mkdirSync(modelsDir, { recursive: true });
  const modelFile = path.join(modelsDir, 'model.onnx');
  fs.copyFileSync(model('bert_base_op14'), modelFile);
  const configFile = path.join(dir, '.modelready.json');
  const original = {
    $schema: './schemas/modelready.schema.json',
    target: { tensorrt: '10.13', triton: '25.01' },
    rules: { 'trt/op-unsupported': 'warning' },
    ignore: ['build/**'],
    profiles: { 'other/model.onnx': { x: { min: [1], opt: [2], max: [3] } } },
    hosts: { gpu1: { host: 'gpu1.example', user: 'me' } },
  };
  fs.writeFileSync(configFile, JSON.stringify(original, null, 4));

  let session = openProfileSession(modelFile);
  assert.equal(session.configFile, configFile);
  assert.equal(session.modelKey, 'models/bert/1/model.onnx');
  const view = profilesView(session, 'file://x');
  assert.deepEqual(view.saved, []);
  assert.equal(view.tritonConfigUri, undefined);
  const { profiles } = proposeProfiles(session.inputs, { strategies: ['dynamic', 'static'] });
  session = saveProfiles(session, profiles);

  const text = fs.readFileSync(configFile, 'utf8');
  const written = JSON.parse(text);
  assert.deepEqual(Object.keys(written), Object.keys(original), 'key order kept');
  for (const key of ['$schema', 'target', 'rules', 'ignore', 'hosts'] as const)
    assert.deepEqual(written[key], original[key], key);
  assert.deepEqual(written.profiles['other/model.onnx'], original.profiles['other/model.onnx']);
  assert.deepEqual(written.profiles['models/bert/1/model.onnx'], profiles);
  assert.match(text, /^ {4}"target"/m, 'indentation kept');
  assert.deepEqual(
    fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')),
    [],
    'no temp file left',
  );

  const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'schemas/modelready.schema.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true }).compile(schema);
  assert.ok(validate(written), JSON.stringify(validate.errors));
  const reloaded = loadConfigFile(configFile);
  assert.deepEqual(checkProfiles(session.model, reloaded, reloaded.profiles['models/bert/1/model.onnx']), []);
  assert.deepEqual(profilesView(session, 'file://x').saved, profiles);

  // Rejected profiles and unreadable files leave the file untouched.
  const before = fs.readFileSync(configFile, 'utf8');
  assert.throws(
    () => saveProfiles(session, [{ input_ids: { min: [1, 1], opt: [1, 1], max: [1, 1] } }]),
    ProfilesRejectedError,
  );
  assert.equal(fs.readFileSync(configFile, 'utf8'), before);
  fs.writeFileSync(configFile, '{ "target": ');
  assert.throws(() => writeModelProfiles(configFile, 'm.onnx', profiles), /not valid JSON, so it is left as it is/);
  assert.equal(fs.readFileSync(configFile, 'utf8'), '{ "target": ');
  // An empty list removes the model's entry.
  fs.writeFileSync(configFile, before);
  writeModelProfiles(configFile, 'models/bert/1/model.onnx', []);
  assert.deepEqual(Object.keys(JSON.parse(fs.readFileSync(configFile, 'utf8')).profiles), ['other/model.onnx']);
});

test('a failed write leaves the old file and no temp file behind', () => {
  const dir = scratchDir('profiles-atomic');
  const configFile = path.join(dir, '.modelready.json');
  fs.mkdirSync(configFile); // rename onto a folder fails after the temp file was written
  fs.writeFileSync(path.join(configFile, 'keep'), 'x');
  assert.throws(() =>
    writeModelProfiles(path.join(dir, '.modelready.json'), 'm.onnx', [{ x: { min: [1], opt: [1], max: [1] } }]),
  );
  assert.deepEqual(fs.readdirSync(dir), ['.modelready.json']);
  assert.equal(fs.readFileSync(path.join(configFile, 'keep'), 'utf8'), 'x');
});

test('config.pbtxt beside a model in a Triton repository: the edit for its backend', () => {
  const repo = repoWith(
    'bert',
    'bert_base_op14',
    generateConfigFromModel('bert', readOnnxSignature(model('bert_base_op14'))),
  );
  const modelFile = path.join(repo, 'bert/1/model.onnx');
  const session = openProfileSession(modelFile, { configFile: path.join(repo, '.modelready.json') });
  const view = profilesView(session, 'file://m');
  assert.equal(view.tritonConfigUri, path.join(repo, 'bert/config.pbtxt'));
  assert.equal(view.tritonBackend, 'onnxruntime');
  const edit = configEditFor(session, view.proposal);
  assert.equal(edit.configFile, view.tritonConfigUri);
  assert.ok(edit.edits.length > 0);
  assert.match(edit.newText, /trt_profile_opt_shapes" value: "input_ids:8x128,attention_mask:8x128"/);
});

test('messages and command arguments are checked field by field and bounded', () => {
  const good = [{ x: { min: [1, 3], opt: [4, 3], max: [8, 3] } }];
  assert.deepEqual(checkProfileList(good), { ok: true, value: good });
  for (const bad of [
    'x',
    [{ x: { min: [1], opt: [1] } }],
    [{ x: { min: [1.5], opt: [2], max: [3] } }],
    [{ x: { min: [1], opt: [1], max: [2 ** 31] } }],
    [{ x: { min: [1], opt: [1], max: [1], extra: [1] } }],
    [{ '': { min: [1], opt: [1], max: [1] } }],
    Array.from({ length: 17 }, () => ({})),
    [{ x: { min: Array(33).fill(1), opt: [1], max: [1] } }],
  ])
    assert.equal(checkProfileList(bad).ok, false, JSON.stringify(bad).slice(0, 80));
  assert.equal(checkProfilesViewMessage({ type: 'profiles/propose', strategies: ['fastest'] }).ok, false);
  assert.equal(
    checkProfilesViewMessage({
      type: 'profiles/propose',
      strategies: ['static'],
      settings: { batch: { min: 4, opt: 2, max: 8 } },
    }).ok,
    false,
  );
  assert.deepEqual(
    checkProfilesViewMessage({
      type: 'profiles/propose',
      strategies: ['static'],
      settings: { batch: { min: 1, opt: 2, max: 8 } },
    }),
    {
      ok: true,
      value: { type: 'profiles/propose', strategies: ['static'], settings: { batch: { min: 1, opt: 2, max: 8 } } },
    },
  );
  assert.equal(checkProfilesViewMessage({ type: 'profiles/ready', extra: 1 }).ok, false);
  assert.equal(checkEditProfilesParams({ action: 'get', modelUri: 'file:///m.onnx', strategies: [] }).ok, false);
  assert.equal(checkEditProfilesParams({ action: 'saveProposal', modelUri: '/m.onnx' }).ok, false);
  assert.equal(
    checkEditProfilesParams({
      action: 'applyToConfig',
      modelUri: 'file:///m.onnx',
      profiles: good,
      backend: 'tensorrt',
    }).ok,
    true,
  );
});

test('applying to every corpus config either refuses with a reason or leaves a config that parses as before', () => {
  const configs: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.pbtxt') || entry.name === 'expected') configs.push(full);
    }
  };
  visit(path.join(corpusDir, 'triton'));
  const inputs = inputsOf('bert_base_op14');
  const { profiles } = proposeProfiles(inputs, { strategies: ['dynamic', 'static'] });
  let edited = 0;
  for (const file of configs) {
    const text = fs.readFileSync(file, 'utf8');
    const errorsBefore = parseModelConfig(text).diagnostics.filter((d) => d.severity === 'error').length;
    for (const backend of ['tensorrt', 'onnxruntime'] as const) {
      let result;
      try {
        result = profileConfigEdit(text, inputs, profiles, backend);
      } catch (error) {
        assert.ok(error instanceof ProfileStanzaError, `${file}: ${String(error)}`);
        continue;
      }
      edited++;
      const after = parseModelConfig(result.newText).diagnostics.filter((d) => d.severity === 'error');
      assert.ok(after.length <= errorsBefore, `${file} (${backend}): ${after.map((d) => d.message).join('; ')}`);
      assert.deepEqual(
        parseModelConfig(result.newText).doc.errors,
        [],
        `${file} (${backend}) has syntax errors after the edit`,
      );
    }
  }
  assert.ok(edited > 200, `edited ${edited} of ${configs.length * 2}`);
});
