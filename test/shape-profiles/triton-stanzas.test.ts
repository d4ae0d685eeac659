// Triton stanzas for shape profiles, validated by our Triton checks on the corpus models and applied to configs
// Triton itself produced.
import assert from 'node:assert/strict';
import { repoWith } from './model-repo';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  ortProfileShapes,
  planSettings,
  ProfileStanzaError,
  tritonStanza,
} from '../../server/shape-profiles/triton-stanza';
import { profileConfigEdit } from '../../server/shape-profiles/config-profile-edit';
import { modelInputShapes, modelOutputShapes, proposeProfiles } from '../../server/shape-profiles/profiles';
import { readOnnxModel } from '../../server/onnx/reader';
import { checkConfigText, checkTritonPath, parseModelConfig } from '../../server/triton';
import { generateConfigFromModel } from '../../server/triton/language';
import { nums, str, msgs } from '../../server/triton/validate/config';
import { decodeString } from '../../server/triton/textformat/tokenizer';
import { readOnnxSignature } from '../../server/triton/validate/onnx-signature';
import { corpusDir, corpusOnnxDir, scratchDir } from '../support/paths';

const model = (name: string) => path.join(corpusOnnxDir, `${name}.onnx`);
const inputsOf = (name: string) => modelInputShapes(readOnnxModel(model(name)));

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
