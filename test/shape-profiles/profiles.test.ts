// Dynamic-shape profiles on the corpus models: the proposal, the strategies, the rules' verdict on what we propose
// and write, trtexec flags read back the way trtexec's own parser reads them, Triton stanzas validated by our
// Triton checks (and applied to a config Triton itself produced), and the .modelready.json writer.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { loadConfigFile, parseConfigText } from '../../server/config/config';
import type { Profile } from '../../server/contract/shape-profiles';
import { writeModelProfiles } from '../../server/config/write-profiles';
import {
  configEditFor,
  openProfileSession,
  profilesView,
  ProfilesRejectedError,
  saveProfiles,
} from '../../server/shape-profiles/service';
import {
  ortProfileShapes,
  planSettings,
  ProfileStanzaError,
  textFormatString,
  tritonStanza,
} from '../../server/shape-profiles/triton-stanza';
import { profileConfigEdit } from '../../server/shape-profiles/config-profile-edit';
import {
  checkEditProfilesParams,
  checkProfileList,
  checkProfilesViewMessage,
} from '../../server/shape-profiles/form-messages';
import {
  checkProfiles,
  modelInputShapes,
  modelOutputShapes,
  proposeProfiles,
} from '../../server/shape-profiles/profiles';
import { PROFILE_STRATEGIES } from '../../server/contract/shape-profiles';
import { readOnnxModel } from '../../server/onnx/reader';
import { TrtexecCommandError, trtexecShapeArgs } from '../../server/profiling/trtexec-command';
import { checkConfigText, checkTritonPath, parseModelConfig } from '../../server/triton';
import { generateConfigFromModel } from '../../server/triton/language';
import { msgs, nums, str } from '../../server/triton/validate/config';
import { decodeString } from '../../server/triton/textformat/tokenizer';
import { readOnnxSignature } from '../../server/triton/validate/onnx-signature';
import { corpusDir, corpusModels, corpusOnnxDir, repoRoot, scratchDir } from '../support/paths';

const model = (name: string) => path.join(corpusOnnxDir, `${name}.onnx`);
const inputsOf = (name: string) => modelInputShapes(readOnnxModel(model(name)));
const trt10 = { version: '10.13.0', major: 10, flags: new Set<string>() };

/** trtexec's reading of a shape list (samples/common/sampleOptions.cpp getShapesBuild + splitNameAndValue + removeSingleQuotationMarks). */
function trtexecReads(list: string): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const s of list.split(',')) {
    const quoted = s.split("'");
    let name: string;
    let value: string;
    if (quoted.length !== 1) {
      assert.equal(quoted.length, 3, `trtexec refuses ${s}: invalid number of quotes`);
      name = quoted[0] + quoted[1];
      value = quoted[2].slice(1);
    } else {
      const parts = s.split(':');
      name = parts.slice(0, -1).join(':');
      value = parts.at(-1)!;
    }
    out[name.replaceAll("'", '')] = value === 'scalar' ? [] : value.split('x').map(Number);
  }
  return out;
}

test('proposal: shared symbolic dims get one range, static dims stay, kinds from names, position and type', () => {
  const bert = proposeProfiles(inputsOf('bert_base_op14'));
  assert.deepEqual(
    bert.dims.map((d) => [d.key, d.kind, d.uses.length]),
    [
      ['batch', 'batch', 2],
      ['seq', 'sequence', 2],
    ],
  );
  assert.equal(bert.profiles.length, 1);
  const [p] = bert.profiles;
  assert.deepEqual(p.input_ids, { min: [1, 1], opt: [8, 128], max: [32, 512] });
  assert.deepEqual(p.attention_mask, p.input_ids);

  const [mobilenet] = proposeProfiles(inputsOf('mobilenet_v3_small_op13')).profiles;
  assert.deepEqual(mobilenet.input, { min: [1, 3, 224, 224], opt: [8, 3, 224, 224], max: [32, 3, 224, 224] });

  // "N" is squeezenet's batch symbol; fasterrcnn's h/w are neither batch nor sequence; the 3 channels stay.
  assert.deepEqual(
    proposeProfiles(inputsOf('squeezenet_op9')).dims.map((d) => d.kind),
    ['batch'],
  );
  const rcnn = proposeProfiles(inputsOf('fasterrcnn_mnv3_op11'), {
    settings: { other: { min: 320, opt: 640, max: 1333 } },
  });
  assert.deepEqual(
    rcnn.dims.map((d) => [d.key, d.kind]),
    [
      ['h', 'other'],
      ['w', 'other'],
    ],
  );
  assert.deepEqual(rcnn.profiles[0].images, { min: [3, 320, 320], opt: [3, 640, 640], max: [3, 1333, 1333] });

  // The sequence setting applies to sequence-like dims only.
  const seq = proposeProfiles(inputsOf('llama_tiny_op17'), { settings: { sequence: { min: 16, opt: 64, max: 2048 } } });
  assert.deepEqual(seq.profiles[0].input_ids, { min: [1, 16], opt: [8, 64], max: [32, 2048] });

  assert.deepEqual(proposeProfiles(inputsOf('resnet50_dynamo_op18')).profiles, [], 'a static model needs no profile');
  assert.throws(
    () => proposeProfiles(inputsOf('bert_base_op14'), { settings: { batch: { min: 8, opt: 4, max: 32 } } }),
    /settings\.batch: min <= opt <= max/,
  );
});

test('strategies follow Model Navigator: min-latency 1/1/1, max-throughput 1/BS/BS, static BS/BS/BS', () => {
  const { profiles, strategies } = proposeProfiles(inputsOf('vit_b_16_op17'), {
    strategies: [...PROFILE_STRATEGIES],
    settings: { batch: { min: 1, opt: 4, max: 64 } },
  });
  assert.deepEqual(strategies, ['dynamic', 'min-latency', 'max-throughput', 'static']);
  assert.deepEqual(
    profiles.map((p) => [p.pixel_values.min[0], p.pixel_values.opt[0], p.pixel_values.max[0]]),
    [
      [1, 4, 64],
      [1, 1, 1],
      [1, 64, 64],
      [64, 64, 64],
    ],
  );
  for (const p of profiles)
    assert.deepEqual(
      [p.pixel_values.min.slice(1), p.pixel_values.max.slice(1)],
      [
        [3, 224, 224],
        [3, 224, 224],
      ],
    );
});

test('the profile rules accept every proposal on the corpus, and reject a broken one', () => {
  let checked = 0;
  for (const file of corpusModels()) {
    const m = readOnnxModel(file);
    const { profiles, dims } = proposeProfiles(modelInputShapes(m), { strategies: [...PROFILE_STRATEGIES] });
    if (dims.length === 0) continue;
    checked++;
    assert.deepEqual(
      checkProfiles(m, parseConfigText('{}', path.join(path.dirname(file), '.modelready.json')), profiles),
      [],
      path.basename(file),
    );
  }
  assert.ok(checked >= 8, `checked ${checked} models with dynamic dims`);

  const bert = readOnnxModel(model('bert_base_op14'));
  const [p] = proposeProfiles(modelInputShapes(bert)).profiles;
  const broken: Profile = { ...p, attention_mask: { min: [1, 1], opt: [8, 64], max: [32, 512] } };
  const config = parseConfigText('{}', path.join(corpusOnnxDir, '.modelready.json'));
  const findings = checkProfiles(bert, config, [broken]);
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /dim "seq" is shared by inputs "input_ids" and "attention_mask"/);
  assert.match(
    checkProfiles(bert, config, [{ input_ids: p.input_ids }])[0].message,
    /input "attention_mask" .*1 of 1 configured profile\(s\) leave it out/,
  );
});

test("trtexec flags: names read back by trtexec's parsing, --profile for several profiles, version-aware", () => {
  const shapes: Profile = {
    'input:0': { min: [1, 16], opt: [4, 16], max: [8, 16] },
    'pixel values': { min: [1, 3], opt: [2, 3], max: [4, 3] },
    scalar_in: { min: [], opt: [], max: [] },
  };
  const args = trtexecShapeArgs([shapes], trt10);
  assert.deepEqual(args, [
    "--minShapes='input:0':1x16,pixel values:1x3,scalar_in:scalar",
    "--optShapes='input:0':4x16,pixel values:2x3,scalar_in:scalar",
    "--maxShapes='input:0':8x16,pixel values:4x3,scalar_in:scalar",
  ]);
  for (const [i, k] of (['min', 'opt', 'max'] as const).entries()) {
    const read = trtexecReads(args[i].slice(args[i].indexOf('=') + 1));
    assert.deepEqual(read, Object.fromEntries(Object.entries(shapes).map(([n, r]) => [n, r[k]])));
  }
  assert.throws(() => trtexecShapeArgs([{ 'a,b': { min: [1], opt: [1], max: [1] } }], trt10), /holds ','/);
  assert.throws(() => trtexecShapeArgs([{ "it's": { min: [1], opt: [1], max: [1] } }], trt10), /single quote/);

  const { profiles } = proposeProfiles(inputsOf('bert_base_op14'), { strategies: ['min-latency', 'static'] });
  const two = trtexecShapeArgs(profiles, trt10);
  assert.deepEqual(
    two.filter((a) => a.startsWith('--profile=')),
    ['--profile=0', '--profile=1'],
  );
  assert.equal(two[5], '--minShapes=input_ids:32x512,attention_mask:32x512');
  assert.throws(
    () => trtexecShapeArgs(profiles, { version: '8.6.1', major: 8, flags: new Set() }),
    TrtexecCommandError,
  );
  // The help text, when known, decides over the version.
  assert.throws(
    () =>
      trtexecShapeArgs(profiles, {
        version: '10.0.0',
        major: 10,
        flags: new Set(['minShapes', 'optShapes', 'maxShapes']),
      }),
    /no --profile/,
  );
  assert.equal(
    trtexecShapeArgs(profiles, {
      version: '10.0.0',
      major: 10,
      flags: new Set(['minShapes', 'optShapes', 'maxShapes', 'profile']),
    }).length,
    8,
  );
});

/** A model repository with <name>/1/model.onnx copied from the corpus and the given config text. */
function repoWith(name: string, source: string, config: string): string {
  const root = scratchDir('profiles-repo');
  fs.mkdirSync(path.join(root, name, '1'), { recursive: true });
  fs.copyFileSync(model(source), path.join(root, name, '1/model.onnx'));
  fs.writeFileSync(path.join(root, name, 'config.pbtxt'), config);
  return root;
}

test('ONNX Runtime TensorRT EP stanza: edit of a generated config passes our Triton checks for that model', () => {
  for (const source of ['bert_base_op14', 'mobilenet_v3_small_op13', 'fasterrcnn_mnv3_op11']) {
    const inputs = inputsOf(source);
    const { profiles } = proposeProfiles(inputs, { strategies: ['dynamic', 'max-throughput'] });
    const base = generateConfigFromModel(source, readOnnxSignature(model(source)));
    const { newText, backend } = profileConfigEdit(base, inputs, profiles);
    assert.equal(backend, 'onnxruntime');
    assert.ok(newText.startsWith(base), 'the config is extended, not rewritten');
    const repo = repoWith(source, source, newText);
    const errors = checkTritonPath(repo).filter((f) => f.severity === 'error');
    assert.deepEqual(errors, [], source);
    // Read the parameters back through our parser: the values are what ONNX Runtime will split.
    const params = parseModelConfig(newText).config;
    const text = newText.slice(newText.indexOf('optimization'));
    for (const k of ['min', 'opt', 'max'] as const) {
      const m = new RegExp(`key: "trt_profile_${k}_shapes" value: ("[^"]*")`).exec(text);
      assert.ok(m, k);
      assert.equal(decodeString(m[1]), ortProfileShapes(profiles, k));
    }
    assert.ok(params);
    // Applying again changes nothing: existing parameters are replaced, not duplicated.
    assert.equal(profileConfigEdit(newText, inputs, profiles).newText, newText);
  }
  // Two profiles repeat the names, as ONNX Runtime's ParseProfileShapes expects.
  const bert = proposeProfiles(inputsOf('bert_base_op14'), { strategies: ['min-latency', 'static'] }).profiles;
  assert.equal(
    ortProfileShapes(bert, 'max'),
    'input_ids:1x1,attention_mask:1x1,input_ids:32x512,attention_mask:32x512',
  );
  assert.throws(() => ortProfileShapes([{ 'input:0': { min: [1], opt: [1], max: [1] } }], 'min'), ProfileStanzaError);
});

test('ONNX Runtime stanza merges into an existing optimization block and tensorrt accelerator', () => {
  const inputs = inputsOf('bert_base_op14');
  const { profiles } = proposeProfiles(inputs);
  const base = generateConfigFromModel('bert', readOnnxSignature(model('bert_base_op14')));
  const withAccel = `${base}\noptimization { execution_accelerators {\n  gpu_execution_accelerator : [ {\n    name : "tensorrt"\n    parameters { key: "precision_mode" value: "FP16" }\n    parameters { key: "trt_profile_min_shapes" value: "input_ids:2x2,attention_mask:2x2" }\n  } ]\n}}\n`;
  const edited = profileConfigEdit(withAccel, inputs, profiles).newText;
  assert.match(edited, /key: "precision_mode" value: "FP16"/);
  assert.equal((edited.match(/trt_profile_min_shapes/g) ?? []).length, 1);
  assert.match(edited, /key: "trt_profile_min_shapes" value: "input_ids:1x1,attention_mask:1x1"/);
  assert.match(edited, /trt_profile_max_shapes" value: "input_ids:32x512,attention_mask:32x512"/);
  assert.deepEqual(
    checkTritonPath(repoWith('bert', 'bert_base_op14', edited)).filter((f) => f.severity === 'error'),
    [],
  );

  const withGraph = `${base}\noptimization { graph { level: 1 } }\n`;
  const merged = profileConfigEdit(withGraph, inputs, profiles).newText;
  assert.equal((merged.match(/optimization/g) ?? []).length, 1, 'one optimization block');
  assert.deepEqual(
    checkTritonPath(repoWith('bert', 'bert_base_op14', merged)).filter((f) => f.severity === 'error'),
    [],
  );

  assert.throws(
    () => profileConfigEdit('name: "x" backend: "onnxruntime" input [ {', inputs, profiles),
    /does not parse/,
  );
  assert.throws(
    () => profileConfigEdit('name: "x" backend: "python"', inputs, profiles),
    /neither the TensorRT backend nor ONNX Runtime/,
  );
});

test('TensorRT plan stanza: max_batch_size within every profile, dims with -1, instance_group profiles; valid for Triton', () => {
  const inputs = inputsOf('bert_base_op14');
  const { profiles } = proposeProfiles(inputs, { strategies: ['dynamic', 'min-latency'] });
  const stanza = tritonStanza('tensorrt', inputs, profiles);
  assert.match(stanza, /^max_batch_size: 1$/m, 'an instance using the 1/1/1 profile takes batches of 1 only');
  const config = `name: "bert"\nplatform: "tensorrt_plan"\n${stanza}output [ { name: "out" data_type: TYPE_FP32 dims: [ -1, 768 ] } ]\n`;
  assert.deepEqual(
    checkConfigText(config, '/repo/bert/config.pbtxt').filter((f) => f.severity === 'error'),
    [],
  );
  const parsed = parseModelConfig(config);
  assert.deepEqual(parsed.diagnostics, []);
  assert.match(stanza, /dims: \[ -1 \]/);
  assert.match(stanza, /profile: \[ "0" \][\s\S]*profile: \[ "1" \]/);

  // Inputs without a shared batch dim: no Triton batching, full dims.
  const rcnn = inputsOf('fasterrcnn_mnv3_op11');
  assert.match(
    tritonStanza('tensorrt', rcnn, proposeProfiles(rcnn).profiles),
    /max_batch_size: 0\n[\s\S]*dims: \[ 3, -1, -1 \]/,
  );
});

test('TensorRT plan edit of the config Triton itself completed for a multi-profile plan (L0 multi_prof_max_bs)', () => {
  const expected = fs.readFileSync(
    path.join(corpusDir, 'triton/L0_model_config/autofill_noplatform_success/tensorrt/multi_prof_max_bs/expected'),
    'utf8',
  );
  assert.deepEqual(
    checkConfigText(expected, '/repo/multi_prof_max_bs/config.pbtxt').filter((f) => f.severity === 'error'),
    [],
    'Triton accepted this config',
  );
  const inputs = [
    { name: 'INPUT0', elemType: 'FLOAT', shape: ['batch', 'n'] },
    { name: 'INPUT1', elemType: 'FLOAT', shape: ['batch', 'n'] },
  ];
  const { profiles } = proposeProfiles(inputs, {
    strategies: ['dynamic', 'max-throughput'],
    settings: { batch: { min: 1, opt: 4, max: 8 } },
  });
  const { newText, backend } = profileConfigEdit(expected, inputs, profiles);
  assert.equal(backend, 'tensorrt');
  assert.deepEqual(
    checkConfigText(newText, '/repo/multi_prof_max_bs/config.pbtxt').filter((f) => f.severity === 'error'),
    [],
  );
  assert.match(newText, /^max_batch_size: 8$/m);
  assert.equal(
    (newText.match(/profile: \[ "0", "1" \]/g) ?? []).length,
    3,
    'each of the 3 instance groups may use both profiles',
  );
  assert.match(newText, /name: "multi_prof_max_bs_0"/, 'other fields stay');
  assert.equal(profileConfigEdit(newText, inputs, profiles).newText, newText, 'idempotent');
});

/** The dims of every input and output of a config, by name, as our parser reads them. */
function entryDims(text: string): Record<string, number[]> {
  const { config } = parseModelConfig(text);
  return Object.fromEntries(
    [...msgs(config, 'input'), ...msgs(config, 'output')].map((e) => [str(e, 'name'), nums(e, 'dims')]),
  );
}

test("TensorRT plan edit that turns batching off and on again rewrites input AND output dims (Triton's multi_prof_max_bs config)", () => {
  const expected = fs.readFileSync(
    path.join(corpusDir, 'triton/L0_model_config/autofill_noplatform_success/tensorrt/multi_prof_max_bs/expected'),
    'utf8',
  );
  const repoOf = (config: string) => {
    const root = scratchDir('profiles-plan-repo');
    fs.mkdirSync(path.join(root, 'multi_prof_max_bs/1'), { recursive: true });
    fs.writeFileSync(path.join(root, 'multi_prof_max_bs/1/model.plan'), 'engine bytes are not read by the checks');
    fs.writeFileSync(path.join(root, 'multi_prof_max_bs/config.pbtxt'), config);
    return root;
  };
  const errorsOf = (config: string) =>
    checkTritonPath(repoOf(config))
      .filter((f) => f.severity === 'error')
      .map((f) => f.message);
  assert.deepEqual(errorsOf(expected), [], 'Triton wrote this config');
  // A re-export whose inputs no longer share one batch dim: batching must go off. OUTPUT1's rank is unknown to the
  // model, so its dims get the batch dim put in front.
  const unshared = [
    { name: 'INPUT0', elemType: 'FLOAT', shape: ['b0', 'n'] },
    { name: 'INPUT1', elemType: 'FLOAT', shape: ['b1', 'n'] },
  ];
  const outputs = [
    { name: 'OUTPUT0', elemType: 'FLOAT', shape: ['b0', 'n'] },
    { name: 'OUTPUT1', elemType: 'FLOAT' },
  ];
  const off = profileConfigEdit(expected, unshared, proposeProfiles(unshared).profiles, undefined, outputs).newText;
  assert.match(off, /^max_batch_size: 0$/m);
  assert.deepEqual(entryDims(off), { INPUT0: [-1, -1], INPUT1: [-1, -1], OUTPUT0: [-1, -1], OUTPUT1: [-1, -1] });
  assert.deepEqual(errorsOf(off), []);
  // Before this fix the outputs kept their batched dims: with max_batch_size 0 they would lack the batch dim.
  assert.notDeepEqual(entryDims(off).OUTPUT0, entryDims(expected).OUTPUT0);

  // Batching on again: every batch dim leaves dims, for the outputs too.
  const shared = [
    { name: 'INPUT0', elemType: 'FLOAT', shape: ['batch', 'n'] },
    { name: 'INPUT1', elemType: 'FLOAT', shape: ['batch', 'n'] },
  ];
  const sharedOutputs = [
    { name: 'OUTPUT0', elemType: 'FLOAT', shape: ['batch', 'n'] },
    { name: 'OUTPUT1', elemType: 'FLOAT' },
  ];
  const on = profileConfigEdit(
    off,
    shared,
    proposeProfiles(shared, { settings: { batch: { min: 1, opt: 4, max: 8 } } }).profiles,
    undefined,
    sharedOutputs,
  ).newText;
  assert.match(on, /^max_batch_size: 8$/m);
  assert.deepEqual(entryDims(on), entryDims(expected));
  assert.deepEqual(errorsOf(on), []);
  assert.equal(
    profileConfigEdit(
      on,
      shared,
      proposeProfiles(shared, { settings: { batch: { min: 1, opt: 4, max: 8 } } }).profiles,
      undefined,
      sharedOutputs,
    ).newText,
    on,
    'idempotent',
  );

  // An output whose first dim is static cannot batch: batching stays off and the stanza says why.
  const staticOut = [{ name: 'OUTPUT0', elemType: 'FLOAT', shape: [1, 'n'] }];
  const settings = planSettings(shared, proposeProfiles(shared).profiles, staticOut);
  assert.equal(settings.maxBatchSize, 0);
  assert.match(settings.notes.join('\n'), /output OUTPUT0 has no dynamic first dim/);
  assert.deepEqual(settings.outputs, [{ name: 'OUTPUT0', dims: [1, -1] }]);
});

test('TensorRT plan edit on a real model turns batching on: input and output dims follow the ONNX shapes (checked against the model)', () => {
  const source = 'mobilenet_v3_small_op13';
  const onnx = readOnnxModel(model(source));
  const inputs = modelInputShapes(onnx);
  const outputs = modelOutputShapes(onnx);
  assert.deepEqual(
    outputs.map((o) => [o.name, o.shape]),
    [['logits', ['batch', 1000]]],
  );
  const unbatched =
    'name: "mobilenet"\nplatform: "tensorrt_plan"\nmax_batch_size: 0\ninput [ { name: "input" data_type: TYPE_FP32 dims: [ -1, 3, 224, 224 ] } ]\noutput [ { name: "logits" data_type: TYPE_FP32 dims: [ -1, 1000 ] } ]\n';
  const { newText } = profileConfigEdit(unbatched, inputs, proposeProfiles(inputs).profiles, undefined, outputs);
  assert.match(newText, /^max_batch_size: 32$/m);
  assert.deepEqual(entryDims(newText), { input: [3, 224, 224], logits: [1000] });
  // Our ONNX signature checks apply the same batching rule to dims as a plan's: run them against the real model
  // (the instance groups naming TensorRT profiles are left out, they are for plans only).
  const asOnnx = (text: string) =>
    text.replace('platform: "tensorrt_plan"', 'platform: "onnxruntime_onnx"').split('instance_group')[0];
  const errors = (text: string) =>
    checkTritonPath(repoWith(source, source, asOnnx(text)))
      .filter((f) => f.severity === 'error')
      .map((f) => f.message);
  assert.deepEqual(errors(unbatched), []);
  assert.deepEqual(errors(newText), []);
  const planRepo = scratchDir('profiles-plan-mobilenet');
  fs.mkdirSync(path.join(planRepo, 'mobilenet/1'), { recursive: true });
  fs.writeFileSync(path.join(planRepo, 'mobilenet/1/model.plan'), 'engine bytes are not read by the checks');
  fs.writeFileSync(path.join(planRepo, 'mobilenet/config.pbtxt'), newText);
  assert.deepEqual(
    checkTritonPath(planRepo).filter((f) => f.severity === 'error'),
    [],
    'and as the plan config it is',
  );
  // The old edit (max_batch_size raised, output dims kept) is what these checks refuse.
  const stale = newText.replace('dims: [ 1000 ]', 'dims: [ -1, 1000 ]');
  assert.ok(
    errors(stale).some((e) => e.includes('logits')),
    `output dims that still hold the batch dim are an error: ${errors(stale).join('; ')}`,
  );

  // Entries the edit cannot make consistent are refused with the reason, nothing half-written.
  const reshaped = unbatched.replace(
    'dims: [ -1, 1000 ] }',
    'dims: [ -1, 1000 ] reshape: { shape: [ -1, 1000, 1 ] } }',
  );
  assert.throws(
    () => profileConfigEdit(reshaped, inputs, proposeProfiles(inputs).profiles, undefined, outputs),
    /output "logits" has a reshape/,
  );
  const unknownStatic = `${unbatched}output [ { name: "extra" data_type: TYPE_FP32 dims: [ 4, 2 ] } ]\n`;
  assert.throws(
    () => profileConfigEdit(unknownStatic, inputs, proposeProfiles(inputs).profiles, undefined, outputs),
    /output "extra" starts with dim 4, not a variable batch dim/,
  );
});

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
