// Triton config checks on real folders: schema errors, Triton's rules, repository layout, the ONNX cross-check,
// auto-complete, links, limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { checkConfigText, checkTritonPath, checkConfigBuffer } from '..';
import { codeActionsFor, languageContextFor, writeGeneratedConfig } from '../language';
import { makeRepo, batchModel, noBatchModel, applyEdits, IO_CONFIG } from '../../../test/triton/helpers';

const messages = (text: string, opts = {}) =>
  checkConfigText(text, '/r/m/config.pbtxt', opts)
    .filter((f) => f.severity === 'error')
    .map((f) => `${f.ruleId}: ${f.message}`);

test('schema errors in protobuf words, with did-you-mean and ranges', () => {
  const findings = checkConfigText(
    'name: "m"\nbackend: "identity"\nnmae: "x"\ninput { name: "a" data_type: TYPE_FP33 dims: 1 }\nmax_batch_size: 1\nmax_batch_size: 2\n',
    '/r/m/config.pbtxt',
  );
  const byRule = (r: string) => findings.filter((f) => f.ruleId === r);
  assert.equal(
    byRule('triton/unknown-field')[0].message,
    '3:1: Message type "inference.ModelConfig" has no field named "nmae". Did you mean "name"?',
  );
  assert.deepEqual(byRule('triton/unknown-field')[0].range, {
    start: { line: 2, character: 0 },
    end: { line: 2, character: 4 },
  });
  assert.equal(
    byRule('triton/bad-enum')[0].message,
    '4:30: Unknown enumeration value of "TYPE_FP33" for field "data_type". Did you mean "TYPE_FP32"?',
  );
  assert.equal(
    byRule('triton/duplicate-field')[0].message,
    '6:1: Non-repeated field "max_batch_size" is specified multiple times.',
  );
  assert.equal(byRule('triton/duplicate-field')[0].range?.start.line, 5);
  assert.deepEqual(messages('name: "m"\nbackend: "identity"\ndynamic_batching {}\nsequence_batching {}\n'), [
    'triton/oneof-conflict: 4:1: Field "sequence_batching" is specified along with field "dynamic_batching", another member of oneof "scheduling_choice".',
  ]);
  assert.deepEqual(messages('backend: "identity"\nmax_batch_size: 4294967296\n'), [
    'triton/wrong-type: 2:17: Integer out of range (4294967296)',
  ]);
  assert.deepEqual(
    messages('backend: "identity"\ninput { name: "a" data_type: TYPE_FP32 dims: 1 optional: maybe }\n'),
    ['triton/wrong-type: 2:58: Invalid value for boolean field "optional". Value: "maybe".'],
  );
  assert.deepEqual(messages('backend: "identity"\nmax_batch_size: "8"\n'), [
    'triton/syntax: 2:17: Expected integer, got: "8"',
  ]);
});

test('Triton rules: batching, instance groups, platform/backend/runtime', () => {
  const base =
    'backend: "identity"\ninput { name: "I" data_type: TYPE_FP32 dims: [ 4 ] }\noutput { name: "O" data_type: TYPE_FP32 dims: [ 4 ] }\n';
  assert.deepEqual(messages(`${base}max_batch_size: -1`), [
    "triton/max-batch-size: 'max_batch_size' must be non-negative value for m",
  ]);
  assert.deepEqual(messages(`${base}max_batch_size: 4\ndynamic_batching { preferred_batch_size: [ 2, 8 ] }`), [
    'triton/dynamic-batching: dynamic batching preferred size must be <= max batch size for m (preferred 8 > max_batch_size 4)',
  ]);
  assert.deepEqual(messages(`${base}instance_group { kind: KIND_CPU gpus: [ 0 ] }`), [
    'triton/instance-group: instance group m_0 of model m has kind KIND_CPU but specifies one or more GPUs',
  ]);
  assert.deepEqual(messages(`${base}instance_group { gpus: [ 2 ] }`, { gpuCount: 2 }), [
    'triton/instance-group: instance group m_0 of model m specifies invalid or unsupported gpu id 2 (the target has 2 GPUs)',
  ]);
  assert.deepEqual(messages(base.replace('backend: "identity"', 'platform: "onnxruntime_onx"')), [
    "triton/platform-backend: unexpected 'platform' and 'backend' pair, got:onnxruntime_onx, . Did you mean \"onnxruntime_onnx\"?",
  ]);
  assert.deepEqual(messages(`${base}runtime: "/usr/lib/libx.so"`), [
    "triton/runtime: backend library name '/usr/lib/libx.so' escapes backend directory",
  ]);
  assert.deepEqual(messages(`${base}input { name: "J" data_type: TYPE_FP32 dims: [ 0 ] }`), [
    "triton/dims: model input 'J' dimension must be integer >= 1, or -1 to indicate a variable-size dimension for m",
  ]);
  assert.deepEqual(
    messages(
      `${base}max_batch_size: 8\ndynamic_batching { preserve_ordering: true priority_levels: 2 default_priority_level: 1 }`,
    ),
    ["triton/dynamic-batching: Only one priority level is allowed when 'preserve_ordering' is true for m"],
  );
  assert.deepEqual(
    messages(
      `${base}max_batch_size: 8\ndynamic_batching { preserve_ordering: true default_queue_policy { timeout_action: DELAY } }`,
    ),
    [],
    'DELAY without a timeout delays nothing',
  );
  assert.deepEqual(messages(`${base}instance_group { kind: KIND_GPU profile: [ "0" ] }`), [
    'triton/instance-group: instance group m_0 of model m and platform identity specifies profile field which is only supported for TensorRT models',
  ]);
  assert.deepEqual(messages(`${base}input { name: "J" data_type: TYPE_FP32 }`), [
    "triton/dims: model input 'J' must specify 'dims' for m",
  ]);
  // Accepted configs give no error.
  assert.deepEqual(
    messages(
      `${base}max_batch_size: 8\ndynamic_batching { preferred_batch_size: [ 4, 8 ] max_queue_delay_microseconds: 100 }\ninstance_group [ { count: 2 kind: KIND_GPU } ]`,
    ),
    [],
  );
});

test('repository layout: version policy, missing model file, ignored folders', () => {
  const repo = makeRepo({
    'a/config.pbtxt': 'platform: "onnxruntime_onnx"\nversion_policy { specific { versions: [ 1, 3 ] } }\n',
    'a/1/model.onnx': batchModel(),
    'a/extras/': '',
    'b/config.pbtxt': 'backend: "onnxruntime"\nmax_batch_size: 4\n',
    'b/2/': '',
  });
  const findings = checkTritonPath(repo);
  const of = (model: string) =>
    findings
      .filter((f) => f.file === path.join(repo, model, 'config.pbtxt'))
      .map((f) => `${f.severity} ${f.ruleId}: ${f.message}`)
      .sort();
  assert.deepEqual(
    of('a'),
    [
      "error triton/version-policy: version_policy of model 'a' asks for version 3, but there is no version folder '3'",
      "info triton/layout: Triton ignores the folder 'extras' of model 'a': version folders are named by numbers",
    ].sort(),
  );
  assert.deepEqual(of('b'), [
    "error triton/model-file: failed to load 'b' version 2: the version folder has no 'model.onnx' (the file the onnxruntime backend loads)",
  ]);
});

test('ONNX cross-check: names, data types, dims with the batch rule; quick fixes make the config load', () => {
  const cases: [string, string, string][] = [
    ['data_type: TYPE_FP32\n    dims: [ 16 ]', 'triton/model-io-dtype', 'triton.fixTensorDataType'],
    ['data_type: TYPE_INT32\n    dims: [ 8 ]', 'triton/model-io-dims', 'triton.fixTensorDims'],
    ['data_type: TYPE_INT32\n    dims: [ -1, 16 ]', 'triton/model-io-dims', 'triton.removeBatchDim'],
  ];
  for (const [in0, rule, fixId] of cases) {
    const repo = makeRepo({ 'm/config.pbtxt': IO_CONFIG(4, in0), 'm/1/model.onnx': batchModel() });
    const configPath = path.join(repo, 'm/config.pbtxt');
    const errors = checkTritonPath(repo).filter((f) => f.severity === 'error');
    assert.deepEqual(
      errors.map((f) => f.ruleId),
      [rule],
      `${in0}: ${errors.map((e) => e.message)}`,
    );
    const text = fs.readFileSync(configPath, 'utf8');
    const actions = codeActionsFor(text, errors[0], languageContextFor(configPath));
    const action = actions.find((a) => a.fixId === fixId);
    assert.ok(action, `${fixId} offered for ${rule}: got ${actions.map((a) => a.fixId)}`);
    fs.writeFileSync(configPath, applyEdits(text, action.edits));
    assert.deepEqual(
      checkTritonPath(repo)
        .filter((f) => f.severity === 'error')
        .map((f) => f.message),
      [],
      `after ${fixId}:\n${fs.readFileSync(configPath, 'utf8')}`,
    );
  }
});

test('ONNX cross-check: wrong tensor name, missing inputs, model that cannot batch', () => {
  const repo = makeRepo({
    'm/config.pbtxt': IO_CONFIG(4, 'data_type: TYPE_INT32\n    dims: [ 16 ]').replace('"INPUT1"', '"INPUT_1"'),
    'm/1/model.onnx': batchModel(),
  });
  const configPath = path.join(repo, 'm/config.pbtxt');
  let errors = checkTritonPath(repo).filter((f) => f.severity === 'error');
  assert.deepEqual(
    errors.map((f) => f.message),
    ['unexpected inference input \'INPUT_1\', allowed inputs are: INPUT0, INPUT1 Did you mean "INPUT1"?'],
  );
  let text = fs.readFileSync(configPath, 'utf8');
  fs.writeFileSync(
    configPath,
    applyEdits(text, codeActionsFor(text, errors[0], languageContextFor(configPath))[0].edits),
  );
  assert.deepEqual(
    checkTritonPath(repo).filter((f) => f.severity === 'error'),
    [],
  );

  // One input left out: Triton's loader refuses; the fix adds it back.
  text = fs.readFileSync(configPath, 'utf8').replace(/,\n {2}\{\n {4}name: "INPUT1"[^}]*\}/, '');
  fs.writeFileSync(configPath, text);
  errors = checkTritonPath(repo).filter((f) => f.severity === 'error');
  assert.deepEqual(
    errors.map((f) => f.message),
    ["unable to load model 'm', configuration expects 1 inputs, model provides 2"],
  );
  fs.writeFileSync(
    configPath,
    applyEdits(text, codeActionsFor(text, errors[0], languageContextFor(configPath))[0].edits),
  );
  assert.deepEqual(
    checkTritonPath(repo).filter((f) => f.severity === 'error'),
    [],
  );

  const repo2 = makeRepo({
    'n/config.pbtxt': IO_CONFIG(4, 'data_type: TYPE_INT32\n    dims: [ 16 ]'),
    'n/1/model.onnx': noBatchModel(),
  });
  errors = checkTritonPath(repo2).filter((f) => f.severity === 'error');
  assert.ok(
    errors.length >= 1 && errors.every((e) => e.ruleId === 'triton/model-batch'),
    errors.map((e) => e.message).join('\n'),
  );
  assert.match(
    errors[0].message,
    /for the model to support batching the shape should have at least 1 dimension and the first dimension must be -1; but shape expected by the model is \[16\]/,
  );
});

test('auto-complete: a folder with only model.onnx is served; generate config writes what Triton would use', () => {
  const repo = makeRepo({ 'auto/1/model.onnx': batchModel() });
  assert.deepEqual(
    checkTritonPath(repo).filter((f) => f.severity === 'error'),
    [],
  );
  assert.deepEqual(
    checkTritonPath(repo, { autoCompleteConfig: false }).map((f) => f.ruleId),
    ['triton/missing-config'],
  );
  const written = writeGeneratedConfig(path.join(repo, 'auto'));
  const text = fs.readFileSync(written, 'utf8');
  assert.match(text, /max_batch_size: 4/);
  assert.match(text, /dynamic_batching \{\}/);
  assert.match(text, /name: "INPUT1"\n\s+data_type: TYPE_INT32\n\s+dims: \[ 16 \]/);
  assert.deepEqual(
    checkTritonPath(repo, { autoCompleteConfig: false }).filter((f) => f.severity !== 'info'),
    [],
  );
  assert.throws(() => writeGeneratedConfig(path.join(repo, 'auto')), /already exists/);
});

test('a corrupt model file is a finding naming the file, not a crash', () => {
  const repo = makeRepo({
    'm/config.pbtxt': 'platform: "onnxruntime_onnx"\n',
    'm/1/model.onnx': Buffer.from('not a model at all'),
  });
  const errors = checkTritonPath(repo).filter((f) => f.ruleId === 'triton/model-unreadable');
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /model\.onnx/);
});

test('symbolic links: linked model and version folders are followed, link loops are not', () => {
  const repo = makeRepo({
    'store/real/config.pbtxt': 'platform: "onnxruntime_onnx"\n',
    'store/v1/model.onnx': batchModel(),
    'models/': '',
  });
  fs.symlinkSync(path.join(repo, 'store/real'), path.join(repo, 'models/linked'));
  fs.symlinkSync(path.join(repo, 'store/v1'), path.join(repo, 'store/real/1'));
  fs.symlinkSync(repo, path.join(repo, 'models/loop'));
  const findings = checkTritonPath(path.join(repo, 'models'));
  assert.deepEqual(
    findings.filter((f) => f.severity === 'error').map((f) => f.message),
    [],
  );
  assert.ok(findings.every((f) => f.file.includes('models/linked') || f.file.includes('store/real')));
});

test('an oversized config is refused with a finding; an editor buffer is checked against the folder on disk', () => {
  const repo = makeRepo({
    'big/1/model.onnx': batchModel(),
    'm/config.pbtxt': 'platform: "onnxruntime_onnx"\n',
    'm/1/model.onnx': batchModel(),
  });
  const fd = fs.openSync(path.join(repo, 'big/config.pbtxt'), 'w');
  fs.ftruncateSync(fd, 65 * 1024 * 1024); // sparse: cheap to create
  fs.closeSync(fd);
  const big = checkTritonPath(path.join(repo, 'big'));
  assert.deepEqual(
    big.map((f) => f.ruleId),
    ['triton/unreadable-config'],
  );
  assert.match(big[0].message, /larger than the 67108864-byte limit/);
  const buffer = 'platform: "onnxruntime_onnx"\ninput [ { name: "INPUT9" data_type: TYPE_INT32 dims: [ 16 ] } ]\n';
  const errors = checkConfigBuffer(path.join(repo, 'm/config.pbtxt'), buffer).filter((f) => f.severity === 'error');
  assert.ok(
    errors.some((f) => f.ruleId === 'triton/model-io-name' && f.range?.start.line === 1),
    errors.map((f) => f.message).join('\n'),
  );
});
