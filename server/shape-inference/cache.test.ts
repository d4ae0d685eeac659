// The inference cache on real exported models in a scratch folder: an unchanged model (read again, or rewritten
// with the same bytes) is not inferred again, a changed one is, options are part of the key, and the bounds on
// entries and tensors hold.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readOnnxModel, readOnnxModelFromBuffer } from '../onnx/reader';
import { repoRoot, scratchDir } from '../../test/support/paths';
import { InferenceCache } from './cache';

const fixture = (name: string) => path.join(repoRoot, 'test/fixtures/shape-inference/models', name);
const GPT = fixture('gpt_kv_cache_op14.onnx');
const UNET = fixture('seg_unet_op13.onnx');

function copyTo(dir: string, from: string): string {
  const file = path.join(dir, 'model.onnx');
  // Replaced the way editors and exporters save: a temp file renamed over the old one (new inode, new mtime).
  fs.copyFileSync(from, `${file}.tmp`);
  fs.renameSync(`${file}.tmp`, file);
  return file;
}

test('an unchanged model is inferred once, also when read again or rewritten with the same bytes', () => {
  const cache = new InferenceCache();
  const file = copyTo(scratchDir('inference-cache-same'), GPT);
  const first = cache.infer(readOnnxModel(file));
  assert.ok(first.main.tensors.size > 100, `tensors: ${first.main.tensors.size}`);
  assert.equal(cache.infer(readOnnxModel(file)), first);
  copyTo(path.dirname(file), GPT);
  assert.equal(cache.infer(readOnnxModel(file)), first);
  assert.equal(cache.runs, 1);
});

test('a changed model is inferred again and gets its own shapes', () => {
  const cache = new InferenceCache();
  const file = copyTo(scratchDir('inference-cache-changed'), GPT);
  const gpt = cache.infer(readOnnxModel(file));
  copyTo(path.dirname(file), UNET);
  const unet = readOnnxModel(file);
  const shapes = cache.infer(unet);
  assert.notEqual(shapes, gpt);
  assert.equal(cache.runs, 2);
  const output = unet.graph!.outputs[0].name;
  assert.ok(shapes.main.tensors.has(output) && !gpt.main.tensors.has(output), output);
});

test('input shapes are part of the key; the time budget is not', () => {
  const cache = new InferenceCache();
  const model = readOnnxModel(GPT);
  const declared = cache.infer(model);
  const input = model.graph!.inputs[0];
  const rank = input.type?.kind === 'tensor' ? input.type.shape!.length : 0;
  const fixed = cache.infer(model, { inputShapes: { [input.name]: Array<number>(rank).fill(2) } });
  assert.notEqual(fixed, declared);
  assert.equal(cache.infer(model, { timeLimitMs: 60_000 }), declared);
  assert.equal(cache.runs, 2);
});

test('a model not read from a file, or read from an older state of its file, is inferred every time', () => {
  const cache = new InferenceCache();
  const inMemory = readOnnxModelFromBuffer(fs.readFileSync(GPT));
  cache.infer(inMemory);
  cache.infer(inMemory);
  const file = copyTo(scratchDir('inference-cache-stale'), GPT);
  const stale = readOnnxModel(file);
  copyTo(path.dirname(file), UNET);
  cache.infer(stale);
  cache.infer(stale);
  assert.equal(cache.runs, 4);
  assert.equal(cache.size.entries, 0);
});

test('the bounds on entries and on tensors hold, least recently used out first', () => {
  const gpt = readOnnxModel(GPT);
  const input = gpt.graph!.inputs[0];
  const rank = input.type?.kind === 'tensor' ? input.type.shape!.length : 0;
  const variant = (n: number) => ({ inputShapes: { [input.name]: Array<number>(rank).fill(n + 1) } });
  const perModel = new InferenceCache().infer(gpt).main.tensors.size;

  const byEntries = new InferenceCache(3, 1_000_000);
  for (let n = 0; n < 6; n++) byEntries.infer(gpt, variant(n));
  assert.equal(byEntries.size.entries, 3);
  byEntries.infer(gpt, variant(5)); // newest: kept
  assert.equal(byEntries.runs, 6);
  byEntries.infer(gpt, variant(0)); // oldest: gone
  assert.equal(byEntries.runs, 7);

  const maxTensors = Math.floor(2.5 * perModel);
  const byTensors = new InferenceCache(100, maxTensors);
  for (let n = 0; n < 6; n++) {
    byTensors.infer(gpt, variant(n));
    assert.ok(byTensors.size.tensors <= maxTensors, `${byTensors.size.tensors} tensors kept, bound ${maxTensors}`);
  }
  assert.equal(byTensors.size.entries, 2);
  const tooBig = new InferenceCache(100, perModel - 1);
  tooBig.infer(gpt);
  tooBig.infer(gpt);
  assert.deepEqual([tooBig.runs, tooBig.size.entries], [2, 0]);
});
