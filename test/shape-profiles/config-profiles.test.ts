// Profiles saved in a Triton config.pbtxt (the TensorRT accelerator's trt_profile_*_shapes parameters) are
// corner-checked like .modelready.json profiles, through the one analysis path (analyzeFile): findings sit on the
// failing parameter, and the narrow fix rewrites the parameters so the config is quiet again.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyzeFile } from '../../server/analyze';
import type { Finding } from '../../server/findings';
import { appliedProfilesOf } from '../../server/shape-profiles/applied-profiles';
import { narrowConfigProfilesEdits } from '../../server/shape-profiles/config-corners';
import { modelCache } from '../../server/onnx/model-cache';
import { inferenceCache } from '../../server/shape-inference/cache';
import { LineMap } from '../../server/triton/textformat/lines';
import { buildModels } from '../support/rule-cases';
import { corpusOnnxDir, scratchDir } from '../support/paths';
import { applyEdits } from '../triton/helpers';
import { POSITION_BROADCAST, POSITION_TABLE } from './corner-models';

const modelFile = buildModels('config-corners', {
  position_table: POSITION_TABLE,
  position_broadcast: POSITION_BROADCAST,
});

/** An ONNX Runtime config whose TensorRT accelerator applies one profile per (min, opt, max) value given. */
const ortConfig = (io: string, min: string, opt: string, max: string) =>
  `name: "m"\nbackend: "onnxruntime"\nmax_batch_size: 0\n${io}optimization { execution_accelerators {\n` +
  `  gpu_execution_accelerator : [ {\n    name : "tensorrt"\n` +
  `    parameters { key: "trt_profile_min_shapes" value: "${min}" }\n` +
  `    parameters { key: "trt_profile_opt_shapes" value: "${opt}" }\n` +
  `    parameters { key: "trt_profile_max_shapes" value: "${max}" }\n  } ]\n} }\n`;

function modelFolder(name: string, model: string, config: string): string {
  const root = scratchDir(`config-corners-${name}`);
  fs.mkdirSync(path.join(root, 'm/1'), { recursive: true });
  fs.copyFileSync(model, path.join(root, 'm/1/model.onnx'));
  fs.writeFileSync(path.join(root, 'm/config.pbtxt'), config);
  return path.join(root, 'm/config.pbtxt');
}

const shapeFindings = (config: string): Finding[] => analyzeFile(config).filter((f) => f.ruleId.startsWith('shape/'));

/** The text a finding's range covers. */
const coveredText = (config: string, f: Finding) => {
  const text = fs.readFileSync(config, 'utf8');
  const lines = new LineMap(text);
  return text.slice(lines.offset(f.range!.start), lines.offset(f.range!.end));
};

const PE_IO = 'input [{ name: "x" data_type: TYPE_FP32 dims: [-1, -1, 64] }]\n';

test('a max corner that breaks the Reshape fires on trt_profile_max_shapes; the narrow fix makes it quiet', () => {
  const config = modelFolder(
    'pe',
    modelFile('position_table'),
    ortConfig(PE_IO, 'x:1x1x64', 'x:4x128x64', 'x:8x1024x64'),
  );
  const findings = shapeFindings(config);
  assert.deepEqual(
    findings.map((f) => [f.ruleId, f.severity, f.node, f.file]),
    [['shape/profile-corner-invalid', 'error', 'reshape_pe', config]],
  );
  assert.match(findings[0].message, /^profile at max \(x \[8, 1024, 64\]\): .*cannot reshape 32768 elements/);
  assert.equal(coveredText(config, findings[0]), 'parameters { key: "trt_profile_max_shapes" value: "x:8x1024x64" }');
  assert.deepEqual(
    findings[0].fixes?.map((f) => f.id),
    ['profiles.narrowConfig'],
  );

  // The fix: the parameters rewritten with the widest valid max, applied as the editor would.
  const text = fs.readFileSync(config, 'utf8');
  const edits = narrowConfigProfilesEdits(config, text);
  assert.ok(edits.length > 0);
  const fixed = applyEdits(text, edits);
  assert.deepEqual(appliedProfilesOf(fixed)?.profiles, [
    { x: { min: [1, 1, 64], opt: [4, 128, 64], max: [8, 512, 64] } },
  ]);
  fs.writeFileSync(config, fixed);
  assert.deepEqual(shapeFindings(config), []);
  assert.deepEqual(narrowConfigProfilesEdits(config, fixed), [], 'nothing left to narrow');
});

test('the close variant (max at the table length 512) is quiet', () => {
  const config = modelFolder(
    'pe-ok',
    modelFile('position_table'),
    ortConfig(PE_IO, 'x:1x1x64', 'x:4x128x64', 'x:8x512x64'),
  );
  assert.deepEqual(shapeFindings(config), []);
});

test('corpus BERT: sequence 1024 in the config fires at max, 512 is quiet; a second profile is named', () => {
  const bert = path.join(corpusOnnxDir, 'bert_base_op14.onnx');
  const both = (dims: string) => `input_ids:${dims},attention_mask:${dims}`;
  const wide = modelFolder('bert', bert, ortConfig('', both('1x1'), both('8x128'), both('32x1024')));
  const findings = shapeFindings(wide);
  assert.ok(findings.length > 0);
  for (const f of findings) {
    assert.equal(f.ruleId, 'shape/profile-corner-invalid');
    assert.match(f.message, /^profile at max \(input_ids \[32, 1024\], attention_mask \[32, 1024\]\)/);
    assert.match(coveredText(wide, f), /trt_profile_max_shapes/);
  }
  assert.deepEqual(
    shapeFindings(modelFolder('bert-ok', bert, ortConfig('', both('1x1'), both('8x128'), both('32x512')))),
    [],
  );
  // Two profiles (the input names repeated): only the second one's max is past the table.
  const two = modelFolder(
    'bert-two',
    bert,
    ortConfig(
      '',
      `${both('1x1')},${both('1x1')}`,
      `${both('8x128')},${both('8x128')}`,
      `${both('8x512')},${both('8x600')}`,
    ),
  );
  const twoFindings = shapeFindings(two);
  assert.ok(twoFindings.length > 0 && twoFindings.every((f) => f.message.startsWith('profile 2 at max')));
});

test('a malformed or misfitting profile in the config is shape/profile-invalid on the parameters, not a crash', () => {
  const pe = modelFile('position_table');
  const cases: [string, string, string, RegExp][] = [
    ['x:1x1x64', 'x:4x128', 'x:8x512x64', /has rank 2, the input has rank 3/],
    ['x:1x1x64', 'x:4x128x64', 'y:8x512x64', /input "x" has no shape in trt_profile_max_shapes/],
    ['x:1x1x64', 'x:4x128x64', 'x:8xbigx64', /"x:8xbigx64" is not input:dims/],
    ['x:1x1x64', 'x:4x128x64', 'x:8x64x64', /min <= opt <= max does not hold/],
  ];
  cases.forEach(([min, opt, max, expected], i) => {
    const config = modelFolder(`bad-${i}`, pe, ortConfig(PE_IO, min, opt, max));
    const findings = shapeFindings(config);
    assert.ok(findings.length > 0, `${min} ${opt} ${max}`);
    assert.ok(
      findings.every((f) => f.ruleId === 'shape/profile-invalid' && f.file === config && f.range),
      JSON.stringify(findings),
    );
    assert.ok(
      findings.some((f) => expected.test(f.message)),
      JSON.stringify(findings),
    );
    assert.match(coveredText(config, findings[0]), /^parameters \{ key: "trt_profile_min_shapes"[^]*"\s*}$/);
  });
});

test('config edits read the unchanged model once and infer only the corner that changed; a model saved anew is seen', () => {
  const config = modelFolder(
    'edits',
    modelFile('position_table'),
    ortConfig(PE_IO, 'x:1x1x64', 'x:4x128x64', 'x:8x1024x64'),
  );
  const inBuffer = (max: string, note = '') => ({
    overlays: { [config]: `${ortConfig(PE_IO, 'x:1x1x64', 'x:4x128x64', max)}${note}` },
  });
  const nodesOf = (findings: Finding[]) => findings.filter((f) => f.ruleId.startsWith('shape/')).map((f) => f.node);
  assert.deepEqual(nodesOf(analyzeFile(config)), ['reshape_pe']);
  const [reads, runs] = [modelCache.reads, inferenceCache.runs];
  // Typing in max: each new value infers that corner alone (min, opt and the declared shapes are known).
  for (const max of ['x:8x1000x64', 'x:8x1001x64', 'x:8x1002x64'])
    assert.deepEqual(nodesOf(analyzeFile(config, inBuffer(max))), ['reshape_pe']);
  assert.equal(inferenceCache.runs - runs, 3);
  // An edit elsewhere (a comment) infers nothing.
  assert.deepEqual(nodesOf(analyzeFile(config, inBuffer('x:8x1002x64', '# note\n'))), ['reshape_pe']);
  assert.equal(inferenceCache.runs - runs, 3);
  assert.equal(modelCache.reads, reads);
  // The model saved anew (temp file renamed over it): the broadcast variant fails at its Add instead.
  const served = path.join(path.dirname(config), '1/model.onnx');
  fs.copyFileSync(modelFile('position_broadcast'), `${served}.tmp`);
  fs.renameSync(`${served}.tmp`, served);
  assert.deepEqual(nodesOf(analyzeFile(config, inBuffer('x:8x1002x64'))), ['add_pe']);
  assert.equal(modelCache.reads, reads + 1);
});
