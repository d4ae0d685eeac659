// Dynamic-shape profiles on the corpus models: the proposal, the strategies, the rules' verdict on what we propose,
// and trtexec flags read back the way trtexec's own parser reads them.
import assert from 'node:assert/strict';
import { PROFILE_STRATEGIES } from '../../server/contract/shape-profiles';
import path from 'node:path';
import { test } from 'node:test';
import { parseConfigText } from '../../server/config/config';
import type { Profile } from '../../server/contract/shape-profiles';
import { checkProfiles, modelInputShapes, proposeProfiles } from '../../server/shape-profiles/profiles';
import { readOnnxModel } from '../../server/onnx/reader';
import { TrtexecCommandError, trtexecShapeArgs } from '../../server/profiling/trtexec-command';
import { corpusModels, corpusOnnxDir } from '../support/paths';

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
