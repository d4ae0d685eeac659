// Triton checks, continued: onnxruntime dims rules, documented rule ids, ensemble versions, one finding per typo,
// messages that say the difference first, the dims quick fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { checkConfigText, checkTritonPath } from '..';
import { codeActionsFor, languageContextFor } from '../language';
import { makeRepo, batchModel, applyEdits, IO_CONFIG } from '../../../test/triton/helpers';

const messages = (text: string, opts = {}) =>
  checkConfigText(text, '/r/m/config.pbtxt', opts)
    .filter((f) => f.severity === 'error')
    .map((f) => `${f.ruleId}: ${f.message}`);

test('onnxruntime dims rules: inputs accept -1 for a fixed model dim, outputs must match exactly; optional inputs need max_batch_size 0', () => {
  const repo = makeRepo({
    'm/config.pbtxt': IO_CONFIG(4, 'data_type: TYPE_INT32\n    dims: [ -1 ]'),
    'm/1/model.onnx': batchModel(),
  });
  assert.deepEqual(
    checkTritonPath(repo).filter((f) => f.severity === 'error'),
    [],
  );
  const configPath = path.join(repo, 'm/config.pbtxt');
  fs.writeFileSync(
    configPath,
    fs
      .readFileSync(configPath, 'utf8')
      .replace('data_type: TYPE_INT8\n    dims: [ 16 ]', 'data_type: TYPE_INT8\n    dims: [ -1 ]'),
  );
  assert.deepEqual(
    checkTritonPath(repo)
      .filter((f) => f.severity === 'error')
      .map((f) => f.message),
    [
      "config dims [-1] ≠ model [16] (output OUTPUT0): model 'm', tensor 'OUTPUT0': the model expects 2 dimensions (shape [-1,16]) but the model configuration specifies 2 dimensions (an initial batch dimension because max_batch_size > 0 followed by the explicit tensor shape, making complete shape [-1,-1])",
    ],
  );
  const repo2 = makeRepo({
    'm/config.pbtxt': IO_CONFIG(4, 'data_type: TYPE_INT32\n    dims: [ 16 ]\n    optional: true'),
    'm/1/model.onnx': batchModel(),
  });
  assert.deepEqual(
    checkTritonPath(repo2)
      .filter((f) => f.severity === 'error')
      .map((f) => f.message),
    ["unable to load model 'm', optional input 'INPUT0' is not supported for models that support batching"],
  );
});

test('every rule id the Triton checks emit is documented in docs/rules.md', () => {
  const docs = fs.readFileSync(path.resolve(import.meta.dirname, '../../../docs/rules.md'), 'utf8');
  const ids = new Set<string>();
  const visit = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
        for (const m of fs.readFileSync(p, 'utf8').matchAll(/'(triton\/[a-z-]+)'/g)) ids.add(m[1]);
    }
  };
  visit(path.resolve(import.meta.dirname, '..'));
  assert.ok(ids.size > 30);
  for (const id of ids) assert.ok(docs.includes(`### ${id}\n`), `${id} is not documented`);
});

test('ensemble step model_version must be a version the member serves', () => {
  const member =
    'backend: "identity"\nmax_batch_size: 4\ninput [ { name: "I" data_type: TYPE_FP32 dims: [ 4 ] } ]\noutput [ { name: "O" data_type: TYPE_FP32 dims: [ 4 ] } ]\n';
  const ens = (v: number) =>
    `platform: "ensemble"\nmax_batch_size: 4\ninput [ { name: "x" data_type: TYPE_FP32 dims: [ 4 ] } ]\noutput [ { name: "y" data_type: TYPE_FP32 dims: [ 4 ] } ]\nensemble_scheduling { step [ { model_name: "m" model_version: ${v} input_map { key: "I" value: "x" } output_map { key: "O" value: "y" } } ] }\n`;
  const repo = makeRepo({ 'm/config.pbtxt': member, 'm/1/': '', 'm/2/': '', 'e/config.pbtxt': ens(1), 'e/1/': '' });
  const errorsOf = () =>
    checkTritonPath(repo)
      .filter((f) => f.severity === 'error')
      .map((f) => f.message);
  assert.deepEqual(errorsOf(), [
    "in ensemble e, step 0 asks for version 1 of model 'm', which that model's version_policy does not serve (served: 2)",
  ]);
  fs.writeFileSync(path.join(repo, 'e/config.pbtxt'), ens(2));
  assert.deepEqual(errorsOf(), []);
  fs.writeFileSync(path.join(repo, 'e/config.pbtxt'), ens(-1));
  assert.deepEqual(errorsOf(), []);
});

test('one typo gives one finding: a field with an unreadable value still counts as written', () => {
  const io = (input: string) =>
    `backend: "identity"\ninput [ { ${input} } ]\noutput [ { name: "O" data_type: TYPE_FP32 dims: [ 4 ] } ]\n`;
  const cases: [string, string][] = [
    [io('name: "I" data_type: TYPE_FP32 dims: [ 1 2 ]'), '2:52: Expected ",", found "2".'],
    [io('name: I data_type: TYPE_FP32 dims: [ 1 ]'), '2:17: Expected string, got: I'],
    [
      io('name: "I" data_type: TYPE_FP33 dims: [ 1 ]'),
      '2:32: Unknown enumeration value of "TYPE_FP33" for field "data_type". Did you mean "TYPE_FP32"?',
    ],
    [
      'platform: "ensemble"\ninput [ { name: "x" data_type: TYPE_FP32 dims: [ 4 ] } ]\noutput [ { name: "y" data_type: TYPE_FP32 dims: [ 4 ] } ]\nensemble_scheduling { step [ { model_name: m input_map { key: "I" value: "x" } output_map { key: "O" value: "y" } } ] }\n',
      '4:44: Expected string, got: m',
    ],
  ];
  for (const [text, only] of cases)
    assert.deepEqual(
      messages(text).map((m) => m.replace(/^[^:]+: /, '')),
      [only],
      text,
    );
});

test("Triton messages say the difference first, then Triton's own wording (example classifier repository)", () => {
  const repo = path.join(import.meta.dirname, '../../../examples/model_repository');
  const dims = checkTritonPath(path.join(repo, 'classifier')).find((f) => f.ruleId === 'triton/model-io-dims');
  assert.ok(dims, 'the example classifier config has wrong dims');
  assert.match(dims.message, /^config dims \[3,256,256\] ≠ model \[3,224,224\] \(input images\): model 'classifier'/);
  const dtype = makeRepo({
    'm/config.pbtxt': IO_CONFIG(4, 'data_type: TYPE_FP16\n    dims: [ 16 ]'),
    'm/1/model.onnx': batchModel(),
  });
  const dtypeFinding = checkTritonPath(dtype).find((f) => f.ruleId === 'triton/model-io-dtype');
  assert.match(
    dtypeFinding?.message ?? '',
    /^config TYPE_FP16 ≠ model TYPE_\w+ \(input \w+\): unable to load model 'm'/,
  );
});

test('the dims quick fix also fixes or removes an image format that no longer fits the new dims', () => {
  const classifier = path.join(import.meta.dirname, '../../../examples/model_repository/classifier');
  const cases: [string, string, RegExp, RegExp][] = [
    // The example model is NCHW [3,224,224]: a config written NHWC [224,224,3] gets both dims and format fixed.
    [
      'dims: [ 3, 256, 256 ]',
      'dims: [ 224, 224, 3 ]\n    format: FORMAT_NHWC',
      /format: FORMAT_NCHW/,
      /dims: \[ 3, 224, 224 \]/,
    ],
    // Already fitting: the format stays as written.
    [
      'dims: [ 3, 256, 256 ]',
      'dims: [ 3, 256, 256 ]\n    format: FORMAT_NCHW',
      /format: FORMAT_NCHW/,
      /dims: \[ 3, 224, 224 \]/,
    ],
  ];
  for (const [from, to, format, dims] of cases) {
    const repo = makeRepo({
      'classifier/config.pbtxt': fs.readFileSync(path.join(classifier, 'config.pbtxt'), 'utf8').replace(from, to),
      'classifier/1/model.onnx': fs.readFileSync(path.join(classifier, '1/model.onnx')),
    });
    const configPath = path.join(repo, 'classifier/config.pbtxt');
    const finding = checkTritonPath(repo).find((f) => f.ruleId === 'triton/model-io-dims');
    assert.ok(finding, to);
    const text = fs.readFileSync(configPath, 'utf8');
    const action = codeActionsFor(text, finding, languageContextFor(configPath)).find(
      (a) => a.fixId === 'triton.fixTensorDims',
    );
    assert.ok(action, `fixTensorDims offered for ${to}`);
    const fixed = applyEdits(text, action.edits);
    assert.match(fixed, format);
    assert.match(fixed, dims);
    fs.writeFileSync(configPath, fixed);
    assert.deepEqual(
      checkTritonPath(repo).filter((f) => f.severity === 'error'),
      [],
      fixed,
    );
  }
  // A format on a tensor whose new dims are not an image (1 dim) goes away.
  const repo = makeRepo({
    'm/config.pbtxt': IO_CONFIG(4, 'data_type: TYPE_INT32\n    format: FORMAT_NCHW\n    dims: [ 8, 2, 2 ]'),
    'm/1/model.onnx': batchModel(),
  });
  const configPath = path.join(repo, 'm/config.pbtxt');
  const finding = checkTritonPath(repo).find((f) => f.ruleId === 'triton/model-io-dims');
  assert.ok(finding);
  const text = fs.readFileSync(configPath, 'utf8');
  const action = codeActionsFor(text, finding, languageContextFor(configPath)).find(
    (a) => a.fixId === 'triton.fixTensorDims',
  );
  assert.ok(action);
  const fixed = applyEdits(text, action.edits);
  assert.doesNotMatch(fixed, /format:/);
  // The whole line goes: no blank indented line is left where the format was.
  assert.equal(fixed.split('\n').length, text.split('\n').length - 1, fixed);
  assert.doesNotMatch(fixed, /\n[ \t]*\n/, fixed);
  fs.writeFileSync(configPath, fixed);
  assert.deepEqual(
    checkTritonPath(repo).filter((f) => f.severity === 'error'),
    [],
    fixed,
  );
});
