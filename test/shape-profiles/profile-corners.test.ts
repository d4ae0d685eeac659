// Profile corner checks and the narrowing quick fix on real models: ONNX files built with Debian's onnx, BERT from
// the corpus, a Triton model folder; narrowed profiles run in onnxruntime-node at their min and max, and the
// corners they replaced fail there.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Profile } from '../../server/contract/shape-profiles';
import { readOnnxModel } from '../../server/onnx/reader';
import { checkProfileCorners } from '../../server/shape-profiles/corners';
import { narrowProfile, narrowProfiles } from '../../server/shape-profiles/narrow';
import { runEditProfiles } from '../../server/shape-profiles/service';
import { tritonIoFor } from '../../server/shape-profiles/triton-corner-dims';
import { runModel } from '../fixes/ort-compare';
import { buildModels } from '../support/rule-cases';
import { corpusOnnxDir, scratchDir } from '../support/paths';
import { GATHER_FIFTH, POSITION_BROADCAST, POSITION_TABLE, SKIP_TWO } from './corner-models';

const modelFile = buildModels('corners', {
  position_table: POSITION_TABLE,
  position_broadcast: POSITION_BROADCAST,
  skip_two: SKIP_TWO,
  gather_fifth: GATHER_FIFTH,
});

const xRange = (min: number[], opt: number[], max: number[]): Profile => ({ x: { min, opt, max } });

/** Runs the model with x of the given shape; the output's dims, or the error ONNX Runtime raised. */
async function runAt(file: string, dims: number[]): Promise<number[] | Error> {
  const n = dims.reduce((a, b) => a * b, 1);
  try {
    const out = await runModel(file, { x: { type: 'float32', data: new Float32Array(n).fill(0.5), dims } });
    return [...out.y.dims];
  } catch (error) {
    return error as Error;
  }
}

test('a too-wide profile breaks the Reshape at max; narrowing bisects seq to 512 and ORT runs both corners', async () => {
  const file = modelFile('position_table');
  const model = readOnnxModel(file);
  const wide = xRange([1, 1, 64], [4, 128, 64], [8, 1024, 64]);
  const problems = checkProfileCorners(model, [wide]);
  assert.deepEqual(
    problems.map((p) => [p.corner, p.node, p.shapes]),
    [['max', 'reshape_pe', 'x [8, 1024, 64]']],
  );
  assert.match(problems[0].reason, /cannot reshape 32768 elements \[512, 64\] into \[1024, 64\]/);

  const narrowed = narrowProfile(model, wide);
  assert.equal(narrowed.valid, true);
  assert.deepEqual(narrowed.profile, xRange([1, 1, 64], [4, 128, 64], [8, 512, 64]));
  assert.deepEqual(narrowed.changes, ['x dim 1 max 1024 → 512']);
  assert.deepEqual(checkProfileCorners(model, [narrowed.profile]), []);
  // ONNX Runtime agrees: the narrowed corners run, one step past the new max and the old max fail.
  assert.deepEqual(await runAt(file, narrowed.profile.x.min), [1, 1, 64]);
  assert.deepEqual(await runAt(file, narrowed.profile.x.max), [8, 512, 64]);
  assert.ok((await runAt(file, [8, 513, 64])) instanceof Error, 'seq 513 fails in ORT');
  assert.ok((await runAt(file, wide.x.max)) instanceof Error, 'the old max fails in ORT');
});

test('a broadcast failure at max, found and narrowed the same way', async () => {
  const file = modelFile('position_broadcast');
  const model = readOnnxModel(file);
  const wide = xRange([1, 1, 64], [2, 64, 64], [2, 600, 64]);
  const problems = checkProfileCorners(model, [wide]);
  assert.deepEqual(
    problems.map((p) => [p.corner, p.node]),
    [['max', 'add_pe']],
  );
  assert.match(problems[0].reason, /inputs do not broadcast/);
  const narrowed = narrowProfile(model, wide);
  assert.deepEqual(narrowed.profile.x.max, [2, 512, 64]);
  assert.deepEqual(await runAt(file, narrowed.profile.x.max), [2, 512, 64]);
  assert.ok((await runAt(file, wide.x.max)) instanceof Error);
});

test('a dim that turns 0 at min (empty Slice window) moves min up to the first valid length', async () => {
  const file = modelFile('skip_two');
  const model = readOnnxModel(file);
  const wide = xRange([1, 1, 8], [4, 16, 8], [4, 64, 8]);
  const problems = checkProfileCorners(model, [wide]);
  assert.deepEqual(
    problems.map((p) => [p.corner, p.node, p.reason]),
    [['min', 'skip_two', 'Slice "skip_two": output "y" has dim 1 of size 0 [1, 0, 8]']],
  );
  const narrowed = narrowProfile(model, wide);
  assert.deepEqual(narrowed.profile.x.min, [1, 3, 8]);
  assert.deepEqual(narrowed.changes, ['x dim 1 min 1 → 3']);
  assert.deepEqual(await runAt(file, narrowed.profile.x.min), [1, 1, 8]);
  assert.deepEqual(await runAt(file, [1, 2, 8]), [1, 0, 8], 'ORT gives the empty tensor TensorRT refuses');
});

test('an out-of-range Gather at min', async () => {
  const file = modelFile('gather_fifth');
  const model = readOnnxModel(file);
  const wide = xRange([1, 1, 8], [4, 16, 8], [4, 64, 8]);
  const problems = checkProfileCorners(model, [wide]);
  assert.deepEqual(
    problems.map((p) => [p.corner, p.node]),
    [['min', 'fifth']],
  );
  assert.match(problems[0].reason, /index 5 is out of range for axis 1 of size 1/);
  const narrowed = narrowProfile(model, wide);
  assert.deepEqual(narrowed.profile.x.min, [1, 6, 8]);
  assert.deepEqual(await runAt(file, narrowed.profile.x.min), [1, 8]);
  assert.ok((await runAt(file, [1, 5, 8])) instanceof Error);
});

test('BERT from the corpus: sequence 1024 runs past its 512 positions; the narrowed profile stops at 512', () => {
  const model = readOnnxModel(path.join(corpusOnnxDir, 'bert_base_op14.onnx'));
  const range = { min: [1, 1], opt: [8, 128], max: [32, 1024] };
  const wide: Profile = { input_ids: range, attention_mask: range };
  const problems = checkProfileCorners(model, [wide]);
  assert.ok(problems.length > 0 && problems.every((p) => p.corner === 'max'), JSON.stringify(problems));
  assert.match(problems[0].reason, /cannot expand dim 1: 512 to 1024/);
  const narrowed = narrowProfile(model, wide);
  assert.deepEqual(narrowed.profile.input_ids.max, [32, 512]);
  assert.deepEqual(narrowed.profile.attention_mask.max, [32, 512], 'the shared seq dim moves on both inputs');
  // The proposal's default range (max 512) is valid: quiet.
  assert.deepEqual(checkProfileCorners(model, [narrowed.profile]), []);
});

test('narrowing obeys the Triton config and the quick fix saves the result to .modelready.json', () => {
  const root = scratchDir('corners-triton');
  fs.mkdirSync(path.join(root, 'pe/1'), { recursive: true });
  const file = path.join(root, 'pe/1/model.onnx');
  fs.copyFileSync(modelFile('position_table'), file);
  fs.writeFileSync(
    path.join(root, 'pe/config.pbtxt'),
    'name: "pe"\nbackend: "onnxruntime"\nmax_batch_size: 8\ninput [{ name: "x" data_type: TYPE_FP32 dims: [-1, 64] }]\n' +
      'output [{ name: "y" data_type: TYPE_FP32 dims: [-1, 64] }]\n',
  );
  fs.writeFileSync(
    path.join(root, '.modelready.json'),
    JSON.stringify({ profiles: { 'pe/1/model.onnx': [xRange([1, 1, 64], [4, 128, 64], [16, 1024, 64])] } }),
  );
  // The language server's quick fix: `narrow` saves the narrowed profile to .modelready.json.
  const outcome = runEditProfiles({ action: 'narrow', modelUri: `file://${file}` }, file);
  assert.ok(outcome.result.ok, JSON.stringify(outcome.result));
  const saved = JSON.parse(fs.readFileSync(path.join(root, '.modelready.json'), 'utf8'));
  assert.deepEqual(saved.profiles['pe/1/model.onnx'], xRange([1, 1, 64], [4, 128, 64], [16, 512, 64]));
  fs.rmSync(root, { recursive: true, force: true });
});

test('the Triton disagreement is named with the config dims', () => {
  const root = scratchDir('corners-triton-msg');
  fs.mkdirSync(path.join(root, 'pe/1'), { recursive: true });
  const file = path.join(root, 'pe/1/model.onnx');
  fs.copyFileSync(modelFile('position_table'), file);
  fs.writeFileSync(
    path.join(root, 'pe/config.pbtxt'),
    'name: "pe"\nbackend: "onnxruntime"\nmax_batch_size: 8\ninput [{ name: "x" data_type: TYPE_FP32 dims: [128, 64] }]\n',
  );
  const model = readOnnxModel(file);
  const wide = xRange([1, 1, 64], [4, 128, 64], [16, 256, 64]);
  const problems = checkProfileCorners(model, [wide], { triton: tritonIoFor(file) });
  const written = 'config.pbtxt input "x" dims [128, 64] with max_batch_size 8';
  assert.deepEqual(
    problems.map((p) => `${p.corner}: ${p.reason}`),
    [
      `min: ${written}: dim 1 is 1 here, the config fixes it to 128`,
      `max: ${written}: dim 1 is 256 here, the config fixes it to 128`,
    ],
  );
  const [narrowed] = narrowProfiles(model, [wide]);
  assert.deepEqual(narrowed.profile, xRange([1, 128, 64], [4, 128, 64], [16, 128, 64]));
  assert.deepEqual(narrowed.changes, ['x dim 1 min 1 → 128', 'x dim 1 max 256 → 128']);
  fs.rmSync(root, { recursive: true, force: true });
});
